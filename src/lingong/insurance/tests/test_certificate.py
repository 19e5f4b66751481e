"""Accident-insurance certificate PDF (no database needed)."""

from __future__ import annotations

import dataclasses
import datetime
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from lingong.core.tests.test_pdf import extract_text
from lingong.insurance.certificate import PolicyCertificate, render_policy_certificate

SH = ZoneInfo("Asia/Shanghai")


def make_cert(**overrides: object) -> PolicyCertificate:
    cert = PolicyCertificate(
        policy_number="P2026130200001234",
        insurer_name="中国人民财产保险股份有限公司唐山市分公司",
        product_name="零工意外伤害保险（按日计费）",
        insured_name="张建国",
        insured_id_masked="130202********1234",
        policyholder_name="唐山市路南区宏达建筑劳务有限公司",
        job_title="钢筋绑扎",
        place="唐山市路南区学院南路 12 号工地",
        coverage_start=datetime.date(2026, 3, 6),
        coverage_end=datetime.date(2026, 3, 8),
        person_days=3,
        premium=Decimal("4.50"),
        death_disability_sum=Decimal("500000"),
        medical_sum=Decimal("50000"),
        issued_at=datetime.datetime(2026, 3, 5, 18, 5, tzinfo=SH),
    )
    return dataclasses.replace(cert, **overrides)  # type: ignore[arg-type]


def test_certificate_content() -> None:
    data = render_policy_certificate(make_cert())
    text = re.sub(r"\s+", "", extract_text(data))
    for expected in (
        "意外伤害保险凭证",
        "P2026130200001234",
        "中国人民财产保险股份有限公司唐山市分公司",
        "零工意外伤害保险（按日计费）",
        "张建国",
        "130202********1234",
        "唐山市路南区宏达建筑劳务有限公司",
        "钢筋绑扎",
        "唐山市路南区学院南路12号工地",
        "自2026年03月06日零时起至2026年03月08日二十四时止",
        "3人天",
        "4.50元",
        "500,000.00元",
        "50,000.00元",
        "2026年03月05日18:05",
        "第1页/共1页",
    ):
        assert expected in text, expected


def test_certificate_is_deterministic() -> None:
    assert render_policy_certificate(make_cert()) == render_policy_certificate(make_cert())
    assert render_policy_certificate(make_cert()) != render_policy_certificate(make_cert(person_days=4))


def test_rare_name_does_not_crash() -> None:
    data = render_policy_certificate(make_cert(insured_name="王𠮷"))
    assert "王" in extract_text(data)


def test_invalid_certificate_raises() -> None:
    with pytest.raises(ValueError):
        render_policy_certificate(make_cert(coverage_end=datetime.date(2026, 3, 1)))
    with pytest.raises(ValueError):
        render_policy_certificate(make_cert(issued_at=datetime.datetime(2026, 3, 5, 18, 5)))
