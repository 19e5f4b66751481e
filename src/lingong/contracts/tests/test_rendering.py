"""Contract PDFs: content, determinism, signatures and template versions (no database needed)."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import io
import re
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from lingong.contracts.rendering import (
    ContractTemplateError,
    ContractTerms,
    SignatureMark,
    load_template,
    render_contract_pdf,
    render_signed_contract_pdf,
)
from lingong.contracts.specimen import specimen_signatures, specimen_terms
from lingong.core.pdf import shipped_codepoints

SH = ZoneInfo("Asia/Shanghai")


def extract_text(pdf_bytes: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def flat(pdf_bytes: bytes) -> str:
    """Extracted text without whitespace, so wrapped lines still match."""
    return re.sub(r"\s+", "", extract_text(pdf_bytes))


def make_terms(**overrides: object) -> ContractTerms:
    return dataclasses.replace(specimen_terms(), **overrides)  # type: ignore[arg-type]


def make_signatures(sha: str) -> list[SignatureMark]:
    return specimen_signatures(sha)


@pytest.fixture(scope="module")
def unsigned() -> bytes:
    return render_contract_pdf(make_terms())


def test_unsigned_contract_shows_parties_terms_and_clauses(unsigned: bytes) -> None:
    assert unsigned.startswith(b"%PDF-")
    text = flat(unsigned)
    for expected in (
        "劳务协议",
        "LG-HT-2026-000123",
        "甲方（用工方）",
        "唐山市路南区宏达建筑劳务有限公司",
        "91130202MA0******X",
        "乙方（劳务提供方）",
        "张建国",
        "130202********1234",
        "139****4321",
        "300.00元/天",
        "日结",
        "每个工作日结束后1日内",
        "2026年03月06日",
        "2026年03月08日",
        "共3日",
        "07:30—17:00",
        "唐山市路南区学院南路12号工地",
        "钢筋工、建筑工",
        "唐山市劳动人事争议仲裁院",
        "第一条合同双方",
        "劳务内容与验收标准",
        "劳务期限与工作时间",
        "劳务报酬与结算",
        "安全责任与劳动防护",
        "第一千一百九十二条",
        "个人信息保护",
        "协议的变更、解除与终止",
        "争议解决",
        "甲方（签章）",
        "第1页/共",
    ):
        assert expected in text, expected
    # The full ID numbers never appear, only the masked ones.
    assert "签署记录" not in text


def test_unsigned_contract_is_deterministic(unsigned: bytes) -> None:
    again = render_contract_pdf(make_terms())
    assert again == unsigned
    later = render_contract_pdf(make_terms(created_at=datetime.datetime(2026, 3, 5, 9, 31, tzinfo=SH)))
    assert later != unsigned
    assert b"/CreationDate (D:20260305093000+08'00')" in unsigned


def test_negotiable_pay_and_custom_termination() -> None:
    pdf = render_contract_pdf(
        make_terms(
            pay_amount=None,
            pay_text="按完成面积计酬，每平方米 18 元",
            pay_unit_label="件",
            termination_text="双方约定：开工后不得单方解除，确需解除的提前 3 日书面通知。",
            daily_start_time=None,
            daily_end_time=None,
        )
    )
    text = flat(pdf)
    assert "劳务报酬为面议" in text
    assert "每平方米18元" in text
    assert "开工后不得单方解除" in text
    assert "至少提前24小时" not in text  # the template default is replaced
    assert "由双方根据工作需要协商确定" in text


def test_default_termination_rules() -> None:
    text = flat(render_contract_pdf(make_terms()))
    assert "至少提前24小时" in text
    assert "协商一致" in text


def test_signed_contract_lists_signatures_and_hash_on_every_page(unsigned: bytes) -> None:
    sha = hashlib.sha256(unsigned).hexdigest()
    signed = render_signed_contract_pdf(make_terms(), make_signatures(sha), sha)
    reader = PdfReader(io.BytesIO(signed))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert sha in re.sub(r"\s+", "", page.extract_text())
    text = flat(signed)
    assert "签署记录" in text
    assert "原文SHA-256" in text
    assert "2026年03月05日09:45" in text
    assert "2026年03月05日10:02" in text
    assert "张**" in text and "李**" in text
    assert "221.192.*.*" in text
    assert "登录验证+短信验证码" in text
    # Listed by time: 甲方 signed first.
    assert text.index("李**") < text.index("张**")
    assert text.index("第一千一百九十二条") < text.index("签署记录")  # the full contract comes first
    assert render_signed_contract_pdf(make_terms(), make_signatures(sha), sha) == signed
    assert render_signed_contract_pdf(make_terms(), list(reversed(make_signatures(sha))), sha) == signed


def test_signed_contract_rejects_signature_over_other_document(unsigned: bytes) -> None:
    sha = hashlib.sha256(unsigned).hexdigest()
    marks = make_signatures(sha)
    marks[0] = dataclasses.replace(marks[0], document_sha256="0" * 64)
    with pytest.raises(ValueError, match="SHA-256"):
        render_signed_contract_pdf(make_terms(), marks, sha)
    with pytest.raises(ValueError):
        render_signed_contract_pdf(make_terms(), make_signatures(sha), sha.upper())


def test_rare_characters_do_not_crash() -> None:
    assert ord("𠮷") not in shipped_codepoints()  # CJK Extension B, outside the subset
    assert ord("喆") in shipped_codepoints()  # outside GB 2312 but shipped as a common name character
    worker = dataclasses.replace(make_terms().worker, name="王𠮷")
    pdf = render_contract_pdf(make_terms(worker=worker, job_title="搬运😀"))
    text = flat(pdf)
    assert "王" in text
    assert "130202********1234" in text


def test_unknown_template_version_raises() -> None:
    with pytest.raises(ContractTemplateError, match="labour_service_v999"):
        load_template("labour_service_v999")
    with pytest.raises(ContractTemplateError):
        load_template("../contracts/labour_service_v1")
    with pytest.raises(ContractTemplateError):
        render_contract_pdf(make_terms(template_version="labour_service_v0"))


def test_template_is_complete_and_covered_by_shipped_font() -> None:
    template = load_template("labour_service_v1")
    assert template.version == "labour_service_v1"
    assert template.title == "劳务协议"
    keys = [c.key for c in template.clauses]
    for key in (
        "parties",
        "work",
        "place",
        "period",
        "pay",
        "overtime",
        "safety",
        "insurance",
        "liability",
        "termination",
        "disputes",
        "privacy",
        "signing",
    ):
        assert key in keys
    covered = shipped_codepoints()
    texts = [template.title, template.subtitle, template.footer, template.signed_footer, *template.preamble]
    texts += [c.heading for c in template.clauses]
    texts += [p.text for c in template.clauses for p in c.paragraphs]
    texts += [*template.signature.values(), *template.signed_record.values()]
    missing = {ch for t in texts for ch in t if ord(ch) not in covered}
    assert not missing


def test_invalid_terms_raise() -> None:
    with pytest.raises(ValueError):
        render_contract_pdf(make_terms(end_date=datetime.date(2026, 3, 1)))
    with pytest.raises(ValueError):
        render_contract_pdf(make_terms(created_at=datetime.datetime(2026, 3, 5, 9, 30)))
