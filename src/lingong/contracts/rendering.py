"""Labour-service contract (劳务协议) PDFs from a versioned clause template.

Pure functions of their inputs: no database, no clock, no randomness, so the same terms always give the
same bytes and a signed contract can be re-rendered and checked against the stored hash. The clause texts
live in ``lingong/data/contracts/<template_version>.json`` with str.format-style placeholders; a template
version, once used for a signed contract, must never be edited (add a new version instead).
"""

from __future__ import annotations

import datetime
import functools
import json
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

from lingong.core.pdf import SHANGHAI, PdfDocument, format_date_cn, format_datetime_cn, format_decimal

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "data" / "contracts"
_VERSION_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
CONDITIONS = frozenset({"pay_fixed", "pay_negotiable", "termination_default", "termination_custom"})
PLACEHOLDERS = frozenset(
    {
        "contract_no",
        "version",
        "template_version",
        "created_date",
        "market_name",
        "arbitration_body",
        "job_title",
        "occupations",
        "work_content",
        "acceptance_standard",
        "place",
        "start_date",
        "end_date",
        "period_days",
        "daily_time_text",
        "daily_hours",
        "pay_text",
        "pay_unit_label",
        "settlement_cycle_label",
        "settlement_date_text",
        "overtime_text",
        "safety_duties",
        "protective_equipment",
        "insurance_text",
        "termination_text",
        "employer_name",
        "worker_name",
        "unsigned_sha256",
    }
)
PARTY_PLACEHOLDERS = frozenset({"name", "id_label", "id_masked", "phone_masked", "address"})
SIGNATURE_LABELS = frozenset({"employer_label", "worker_label", "date_label", "blank_date", "signed_note"})
RECORD_LABELS = frozenset(
    {
        "heading",
        "intro",
        "party_label",
        "signer_label",
        "time_label",
        "method_label",
        "ip_label",
        "hash_label",
    }
)
NO_DAILY_TIME = "由双方根据工作需要协商确定"


class ContractTemplateError(LookupError):
    """Unknown or malformed contract template version."""


@dataclass(frozen=True)
class ContractParty:
    role_label: str  # "甲方（用工方）" / "乙方（劳务提供方）"
    name: str
    id_label: str  # "统一社会信用代码" / "身份证号码"
    id_masked: str
    phone_masked: str
    address: str = ""


@dataclass(frozen=True)
class ContractTerms:
    contract_no: str
    version: int
    template_version: str
    created_at: datetime.datetime  # aware, Asia/Shanghai
    employer: ContractParty
    worker: ContractParty
    market_name: str  # mediation body, e.g. "唐山市路南区零工市场"
    arbitration_body: str  # e.g. "唐山市劳动人事争议仲裁院"
    job_title: str
    occupation_names: tuple[str, ...]
    work_content: str
    acceptance_standard: str
    place: str
    start_date: datetime.date
    end_date: datetime.date
    daily_start_time: datetime.time | None
    daily_end_time: datetime.time | None
    daily_hours: Decimal
    pay_amount: Decimal | None  # None = 面议 (negotiable; then pay_text says what was agreed)
    pay_unit_label: str  # 小时 / 天 / 件 / 月
    pay_text: str  # e.g. "300.00 元/天"
    settlement_cycle_label: str  # 日结 / 周结 / 月结 / 完工结算
    settlement_date_text: str  # e.g. "每个工作日结束后 1 日内"
    overtime_text: str
    safety_duties: str
    protective_equipment: str
    insurance_text: str  # the policy cover, or "本岗位不强制投保，双方约定……"
    termination_text: str = ""  # optional override; template default otherwise


@dataclass(frozen=True)
class SignatureMark:
    party_label: str  # "甲方" / "乙方"
    signer_name: str  # masked display name
    signed_at: datetime.datetime
    method: str  # "登录验证 + 短信验证码"
    ip_masked: str
    document_sha256: str  # sha256 of the unsigned contract PDF bytes that was signed


@dataclass(frozen=True)
class TemplateParagraph:
    text: str
    when: str | None = None  # one of CONDITIONS, or always


@dataclass(frozen=True)
class TemplateClause:
    key: str
    heading: str
    paragraphs: tuple[TemplateParagraph, ...]
    parties_table: bool = False


@dataclass(frozen=True)
class ContractTemplate:
    version: str
    title: str
    subtitle: str
    subject: str
    footer: str
    signed_footer: str
    preamble: tuple[str, ...]
    party_rows: tuple[tuple[str, str], ...]
    clauses: tuple[TemplateClause, ...]
    signature: Mapping[str, str]
    signed_record: Mapping[str, str]


def available_template_versions() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in TEMPLATE_DIR.glob("*.json")))


@functools.cache
def load_template(version: str) -> ContractTemplate:
    """The clause template `version` (e.g. "labour_service_v1"); ContractTemplateError if unknown."""
    path = TEMPLATE_DIR / f"{version}.json"
    if not _VERSION_RE.match(version) or not path.is_file():
        known = "、".join(available_template_versions()) or "无"
        raise ContractTemplateError(f"未知的合同模板版本：{version!r}（可用版本：{known}）")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        template = _parse_template(raw)
    except (ValueError, KeyError, TypeError) as exc:
        raise ContractTemplateError(f"合同模板 {version} 格式错误：{exc}") from exc
    if template.version != version:
        raise ContractTemplateError(f"合同模板文件 {path.name} 声明的版本为 {template.version!r}")
    return template


def _parse_template(raw: dict[str, Any]) -> ContractTemplate:
    clauses = []
    for item in raw["clauses"]:
        paragraphs = []
        for p in item["paragraphs"]:
            para = TemplateParagraph(p) if isinstance(p, str) else TemplateParagraph(p["text"], p["when"])
            if para.when is not None and para.when not in CONDITIONS:
                raise ValueError(f"unknown condition {para.when!r} in clause {item['key']!r}")
            _check_placeholders(para.text, PLACEHOLDERS)
            paragraphs.append(para)
        clauses.append(
            TemplateClause(
                key=item["key"],
                heading=item["heading"],
                paragraphs=tuple(paragraphs),
                parties_table=bool(item.get("parties_table", False)),
            )
        )
    template = ContractTemplate(
        version=raw["template_version"],
        title=raw["title"],
        subtitle=raw["subtitle"],
        subject=raw.get("subject", raw["title"]),
        footer=raw["footer"],
        signed_footer=raw["signed_footer"],
        preamble=tuple(raw["preamble"]),
        party_rows=tuple((label, value) for label, value in raw["party_rows"]),
        clauses=tuple(clauses),
        signature=MappingProxyType(dict(raw["signature"])),
        signed_record=MappingProxyType(dict(raw["signed_record"])),
    )
    for text in (template.subtitle, template.footer, template.signed_footer, *template.preamble):
        _check_placeholders(text, PLACEHOLDERS)
    for label, value in template.party_rows:
        _check_placeholders(label + value, PARTY_PLACEHOLDERS)
    for section, required in (("signature", SIGNATURE_LABELS), ("signed_record", RECORD_LABELS)):
        missing = required - set(raw[section])
        if missing:
            raise ValueError(f"{section} lacks {', '.join(sorted(missing))}")
    return template


def _check_placeholders(text: str, allowed: frozenset[str]) -> None:
    for _, field, spec, conversion in string.Formatter().parse(text):
        if field is None:
            continue
        if field not in allowed or spec or conversion:
            raise ValueError(f"unsupported placeholder {{{field}}} in {text[:30]!r}")


def _fill(text: str, values: Mapping[str, str]) -> str:
    return text.format_map(values)


def _validate(terms: ContractTerms) -> None:
    if terms.created_at.tzinfo is None:
        raise ValueError("created_at must be timezone-aware")
    if terms.end_date < terms.start_date:
        raise ValueError("end_date is before start_date")
    if terms.version < 1:
        raise ValueError("version starts at 1")


def _values(terms: ContractTerms) -> dict[str, str]:
    if terms.daily_start_time is not None and terms.daily_end_time is not None:
        daily_time = f"{terms.daily_start_time:%H:%M}—{terms.daily_end_time:%H:%M}"
    else:
        daily_time = NO_DAILY_TIME
    created = terms.created_at.astimezone(SHANGHAI)
    return {
        "contract_no": terms.contract_no,
        "version": str(terms.version),
        "template_version": terms.template_version,
        "created_date": format_date_cn(created.date()),
        "market_name": terms.market_name,
        "arbitration_body": terms.arbitration_body,
        "job_title": terms.job_title,
        "occupations": "、".join(terms.occupation_names) or "—",
        "work_content": terms.work_content,
        "acceptance_standard": terms.acceptance_standard,
        "place": terms.place,
        "start_date": format_date_cn(terms.start_date),
        "end_date": format_date_cn(terms.end_date),
        "period_days": str((terms.end_date - terms.start_date).days + 1),
        "daily_time_text": daily_time,
        "daily_hours": format_decimal(terms.daily_hours),
        "pay_text": terms.pay_text,
        "pay_unit_label": terms.pay_unit_label,
        "settlement_cycle_label": terms.settlement_cycle_label,
        "settlement_date_text": terms.settlement_date_text,
        "overtime_text": terms.overtime_text,
        "safety_duties": terms.safety_duties,
        "protective_equipment": terms.protective_equipment,
        "insurance_text": terms.insurance_text,
        "termination_text": terms.termination_text,
        "employer_name": terms.employer.name,
        "worker_name": terms.worker.name,
        "unsigned_sha256": "",
    }


def _conditions(terms: ContractTerms) -> dict[str, bool]:
    custom_termination = bool(terms.termination_text.strip())
    return {
        "pay_fixed": terms.pay_amount is not None,
        "pay_negotiable": terms.pay_amount is None,
        "termination_custom": custom_termination,
        "termination_default": not custom_termination,
    }


def _party_rows(template: ContractTemplate, party: ContractParty) -> list[tuple[str, str]]:
    values = {
        "name": party.name,
        "id_label": party.id_label,
        "id_masked": party.id_masked,
        "phone_masked": party.phone_masked,
        "address": party.address,
    }
    rows = [(_fill(label, values), _fill(value, values)) for label, value in template.party_rows]
    return [(label, value) for label, value in rows if value.strip()]


def _signature_for(party: ContractParty, signatures: Sequence[SignatureMark]) -> SignatureMark | None:
    for mark in signatures:
        if mark.party_label and party.role_label.startswith(mark.party_label):
            return mark
    return None


def _render(
    terms: ContractTerms,
    signatures: Sequence[SignatureMark] | None = None,
    unsigned_sha256: str = "",
) -> bytes:
    _validate(terms)
    template = load_template(terms.template_version)
    values = _values(terms)
    conditions = _conditions(terms)
    signed = signatures is not None
    created_at = terms.created_at
    if signed:
        values["unsigned_sha256"] = unsigned_sha256
        if signatures:
            created_at = max(mark.signed_at for mark in signatures)

    doc = PdfDocument(
        title=f"{template.title} {terms.contract_no}",
        created_at=created_at,
        subject=template.subject,
        footer_text=_fill(template.signed_footer if signed else template.footer, values),
    )
    doc.title(template.title)
    doc.subtitle(_fill(template.subtitle, values))
    for text in template.preamble:
        doc.paragraph(_fill(text, values))
    for clause in template.clauses:
        paragraphs = [
            _fill(p.text, values) for p in clause.paragraphs if p.when is None or conditions[p.when]
        ]
        if clause.parties_table:
            doc.clause(clause.heading)
            for party in (terms.employer, terms.worker):
                doc.paragraph(party.role_label, bold=True, indent=False)
                doc.key_value_table(_party_rows(template, party))
            for text in paragraphs:
                doc.paragraph(text)
        else:
            doc.clause(clause.heading, paragraphs)

    sig = template.signature
    columns = []
    for party, label in ((terms.employer, sig["employer_label"]), (terms.worker, sig["worker_label"])):
        mark = _signature_for(party, signatures or ())
        if mark is None:
            columns.append([f"{label}：{party.name}", f"{sig['date_label']}：{sig['blank_date']}"])
        else:
            columns.append(
                [
                    f"{label}：{party.name}",
                    f"{sig['date_label']}：{format_datetime_cn(mark.signed_at)}",
                    f"（{sig['signed_note']}）",
                ]
            )
    doc.signature_block(columns)

    if signed:
        record = template.signed_record
        doc.heading(record["heading"])
        doc.paragraph(record["intro"])
        for mark in signatures or ():
            doc.key_value_table(
                [
                    (record["party_label"], mark.party_label),
                    (record["signer_label"], mark.signer_name),
                    (record["time_label"], format_datetime_cn(mark.signed_at)),
                    (record["method_label"], mark.method),
                    (record["ip_label"], mark.ip_masked),
                ]
            )
        doc.key_value_table([(record["hash_label"], unsigned_sha256)])
    return doc.output()


def render_contract_pdf(terms: ContractTerms) -> bytes:
    """The unsigned contract: the document both parties see and sign (its SHA-256 is what they sign)."""
    return _render(terms)


def render_signed_contract_pdf(
    terms: ContractTerms, signatures: Sequence[SignatureMark], unsigned_sha256: str
) -> bytes:
    """The full contract plus a "签署记录" section; every page's footer carries the unsigned PDF's hash.

    Every signature must be over `unsigned_sha256` (lower-case hex); signatures are listed by time.
    """
    if not _SHA256_RE.match(unsigned_sha256):
        raise ValueError("unsigned_sha256 must be 64 lower-case hex digits")
    for mark in signatures:
        if mark.signed_at.tzinfo is None:
            raise ValueError("signed_at must be timezone-aware")
        if mark.document_sha256 != unsigned_sha256:
            raise ValueError(f"{mark.party_label} 的签署针对的不是该协议原文（SHA-256 不一致）")
    ordered = sorted(signatures, key=lambda m: (m.signed_at, m.party_label))
    return _render(terms, ordered, unsigned_sha256)
