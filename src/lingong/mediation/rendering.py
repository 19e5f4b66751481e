"""The mediation agreement (调解协议书) as a PDF, from a versioned template.

The wording lives in ``agreement_templates/<n>.json`` (its ``version`` is stored on the agreement), the facts
of one agreement in its ``terms`` JSON; the same terms and template give the same bytes (the creation date is
part of the terms). The signed copy is the same document with a page of signature marks (signer, time,
method, masked IP address, the SHA-256 of the document they signed).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from lingong.core.pdf import PdfDocument, format_date_cn, format_datetime_cn, format_yuan
from lingong.settlement.receipt import yuan_in_words

TEMPLATE_DIR = Path(__file__).resolve().parent / "agreement_templates"
CURRENT_TEMPLATE = "v1"


@functools.cache
def load_template(name: str = CURRENT_TEMPLATE) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((TEMPLATE_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return data


def template_by_version(version: str) -> dict[str, Any]:
    """The template whose ``version`` is ``version`` (an agreement is re-rendered with the one it used)."""
    for path in sorted(TEMPLATE_DIR.glob("*.json")):
        data = load_template(path.stem)
        if data["version"] == version:
            return data
    raise LookupError(version)


@dataclass(frozen=True)
class SignatureMark:
    party_label: str
    signer_name: str
    signed_at: dt.datetime
    method: str
    ip_masked: str
    document_sha256: str


def _fill(text: str, values: dict[str, Any]) -> str:
    return text.format(**values)


def _values(terms: dict[str, Any], template: dict[str, Any]) -> dict[str, Any]:
    total = Decimal(terms["total_amount"])
    return {
        "agreement_no": terms["agreement_no"],
        "version": terms["version"],
        "template_version": template["version"],
        "worker_name": terms["worker"]["name"],
        "employer_name": terms["employer"]["name"],
        "kind": terms["kind_label"],
        "complaint_number": terms["complaint_number"],
        "market_name": terms["market_name"],
        "mediator_name": terms["mediator_name"],
        "total_figures": format_yuan(total),
        "total_words": yuan_in_words(total),
    }


def _document(terms: dict[str, Any], footer_extra: str = "") -> PdfDocument:
    template = template_by_version(terms["template_version"])
    values = _values(terms, template)
    created_at = dt.datetime.fromisoformat(terms["created_at"])
    footer = _fill(template["footer"], values) + footer_extra
    doc = PdfDocument(
        title=template["title"], created_at=created_at, subject=terms["agreement_no"], footer_text=footer
    )
    doc.title(template["title"])
    doc.subtitle(_fill(template["subtitle"], values))
    doc.heading(template["parties_heading"])
    worker, employer = terms["worker"], terms["employer"]
    doc.key_value_table(
        [
            (template["worker_label"], worker["name"]),
            ("身份证号码", worker["id_masked"]),
            ("联系电话", worker["phone_masked"]),
            (template["employer_label"], employer["name"]),
            (employer["id_label"], employer["id_masked"]),
            ("联系电话", employer["phone_masked"]),
            ("调解员", terms["mediator_name"]),
            ("调解组织", terms["market_name"]),
        ]
    )
    doc.paragraph(_fill(template["intro"], values))
    doc.clause(template["clause_facts"], [p for p in terms["facts"].splitlines() if p.strip()])
    doc.clause(template["clause_terms"], [p for p in terms["terms_text"].splitlines() if p.strip()])
    rows = [
        _fill(
            template["payment_row"],
            {
                "seq": i,
                "due_date": format_date_cn(dt.date.fromisoformat(p["due_date"])),
                "amount_figures": format_yuan(Decimal(p["amount"])),
                "amount_words": yuan_in_words(Decimal(p["amount"])),
            },
        )
        for i, p in enumerate(terms["payments"], start=1)
    ]
    doc.clause(template["clause_payment"], [_fill(template["payment_total"], values), *rows])
    doc.clause(template["clause_performance"], template["performance"])
    doc.clause(template["clause_effect"], template["effect"])
    doc.signature_block(
        [
            [template["signature_worker"], worker["name"], template["signature_date"]],
            [template["signature_employer"], employer["name"], template["signature_date"]],
        ]
    )
    doc.paragraph(_fill(template["signature_mediator"], values), indent=False)
    doc.paragraph(_fill(template["signature_org"], values), indent=False)
    return doc


def render_agreement_pdf(terms: dict[str, Any]) -> bytes:
    return _document(terms).output()


def render_signed_agreement_pdf(
    terms: dict[str, Any], marks: list[SignatureMark], document_sha256: str
) -> bytes:
    """The agreement with a last page of signature marks; the footer carries the signed document's hash."""
    doc = _document(terms, footer_extra=f" · SHA-256 {document_sha256[:16]}…")
    doc.page_break()
    doc.heading("电子签署记录")
    doc.paragraph(f"所签署文件的 SHA-256：{document_sha256}", indent=False, size=9)
    for mark in marks:
        doc.key_value_table(
            [
                ("签署方", mark.party_label),
                ("签署人", mark.signer_name),
                ("签署时间", format_datetime_cn(mark.signed_at)),
                ("签署方式", mark.method),
                ("IP地址", mark.ip_masked),
                ("所签文件SHA-256", mark.document_sha256),
            ]
        )
    return doc.output()
