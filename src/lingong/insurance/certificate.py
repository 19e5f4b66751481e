"""Accident-insurance certificate (意外伤害保险凭证) PDF for one insured worker; a pure function."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from lingong.core.pdf import PdfDocument, format_date_cn, format_datetime_cn, format_yuan

TITLE = "意外伤害保险凭证"
NOTES = (
    "本凭证仅证明上述被保险人在保险期间内已参加意外伤害保险。保险责任、责任免除、赔偿处理等以保险公司"
    "签发的保险单及相应保险条款为准。",
    "发生保险事故后，请及时向保险公司报案，并告知投保人及零工市场；被保险人的证件号码已做去标识化处理，"
    "完整信息由平台加密保存，仅用于投保及理赔。",
)


@dataclass(frozen=True)
class PolicyCertificate:
    policy_number: str
    insurer_name: str
    product_name: str
    insured_name: str
    insured_id_masked: str
    policyholder_name: str  # the employer
    job_title: str
    place: str
    coverage_start: datetime.date
    coverage_end: datetime.date
    person_days: int
    premium: Decimal
    death_disability_sum: Decimal
    medical_sum: Decimal
    issued_at: datetime.datetime  # aware


def render_policy_certificate(cert: PolicyCertificate) -> bytes:
    if cert.issued_at.tzinfo is None:
        raise ValueError("issued_at must be timezone-aware")
    if cert.coverage_end < cert.coverage_start:
        raise ValueError("coverage_end is before coverage_start")
    doc = PdfDocument(
        title=f"{TITLE} {cert.policy_number}",
        created_at=cert.issued_at,
        subject=TITLE,
        footer_text=f"保单号 {cert.policy_number} · {cert.insurer_name}",
    )
    doc.title(TITLE)
    doc.subtitle(f"保单号：{cert.policy_number}　　出具时间：{format_datetime_cn(cert.issued_at)}")
    doc.heading("保险信息")
    doc.key_value_table(
        [
            ("保险公司", cert.insurer_name),
            ("保险产品", cert.product_name),
            ("保单号", cert.policy_number),
            ("投保人", cert.policyholder_name),
            (
                "保险期间",
                f"自{format_date_cn(cert.coverage_start)}零时起至{format_date_cn(cert.coverage_end)}二十四时止",
            ),
            ("保障人天数", f"{cert.person_days} 人天"),
            ("保险费", format_yuan(cert.premium)),
        ]
    )
    doc.heading("被保险人")
    doc.key_value_table(
        [
            ("姓名", cert.insured_name),
            ("证件号码", cert.insured_id_masked),
            ("工作岗位", cert.job_title),
            ("工作地点", cert.place),
        ]
    )
    doc.heading("保障内容")
    doc.key_value_table(
        [
            ("意外身故、伤残", f"保险金额 {format_yuan(cert.death_disability_sum)}"),
            ("意外医疗", f"保险金额 {format_yuan(cert.medical_sum)}"),
        ]
    )
    doc.heading("说明")
    for note in NOTES:
        doc.paragraph(note, size=9.5)
    return doc.output()
