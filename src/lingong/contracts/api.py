"""Contracts API: read a version, download its PDF, request a signing code, sign, amend the terms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from lingong.accounts.auth import AUTH, ApiRequest
from lingong.contracts import services
from lingong.contracts.models import Contract, ContractStatus
from lingong.core.errors import NotFoundError
from lingong.core.schemas import ERRORS, ClockTime

router = Router(tags=["劳务协议"])
PREFIX = "/api/v1/contracts"


class SignatureOut(Schema):
    party: str
    party_label: str
    signed_at: dt.datetime
    pdf_sha256: str


class ContractOut(Schema):
    id: int
    engagement_id: int
    engagement_number: str
    version: int
    template_version: str
    status: str
    status_label: str
    is_current: bool
    pdf_sha256: str
    signed_pdf_sha256: str | None
    created_at: dt.datetime
    completed_at: dt.datetime | None
    signatures: list[SignatureOut]
    pending_parties: list[str]
    your_party: str
    can_sign: bool
    pdf_url: str
    signed_pdf_url: str | None
    page_url: str


def contract_out(contract: Contract, party: str) -> dict[str, Any]:
    signatures = services.signatures_of(contract)
    signed = contract.status == ContractStatus.SIGNED
    pending = [p for p in ("employer", "worker") if p not in signatures]
    return {
        "id": contract.pk,
        "engagement_id": contract.engagement_id,
        "engagement_number": contract.engagement.number,
        "version": contract.version,
        "template_version": contract.template_version,
        "status": contract.status,
        "status_label": str(contract.get_status_display()),
        "is_current": contract.is_current,
        "pdf_sha256": contract.pdf_sha256,
        "signed_pdf_sha256": contract.signed_pdf_sha256 or None,
        "created_at": contract.created_at,
        "completed_at": contract.completed_at,
        "signatures": [
            {
                "party": s.party,
                "party_label": str(s.get_party_display()),
                "signed_at": s.signed_at,
                "pdf_sha256": s.pdf_sha256,
            }
            for s in sorted(signatures.values(), key=lambda s: s.signed_at)
        ],
        "pending_parties": pending if contract.status == ContractStatus.PENDING else [],
        "your_party": party,
        "can_sign": contract.status == ContractStatus.PENDING and party in pending,
        "pdf_url": f"{PREFIX}/{contract.pk}/pdf",
        "signed_pdf_url": f"{PREFIX}/{contract.pk}/signed.pdf" if signed else None,
        "page_url": services.contract_url(contract.pk),
    }


def pdf_response(data: bytes | memoryview, filename: str) -> HttpResponse:
    response = HttpResponse(bytes(data), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.get(
    "/by-engagement/{engagement_id}",
    auth=AUTH,
    response={200: ContractOut, **ERRORS},
    summary="用工单当前协议",
)
def by_engagement(request: ApiRequest, engagement_id: int) -> dict[str, Any]:
    contract, party = services.current_for_engagement(request.auth, engagement_id)
    return contract_out(contract, party)


class AmendIn(Schema):
    pay_amount: Decimal | None = None
    pay_unit: str | None = Field(None, max_length=12)
    overtime_rate: Decimal | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    daily_start_time: ClockTime | None = None
    daily_end_time: ClockTime | None = None
    daily_hours: Decimal | None = None
    settlement_cycle: str | None = Field(None, max_length=16)


@router.get("/{contract_id}", auth=AUTH, response={200: ContractOut, **ERRORS}, summary="协议信息")
def detail(request: ApiRequest, contract_id: int) -> dict[str, Any]:
    contract, party = services.access_contract_for(request.auth, contract_id)
    return contract_out(contract, party)


@router.get("/{contract_id}/pdf", auth=AUTH, response={200: None, **ERRORS}, summary="协议原文 PDF")
def pdf(request: ApiRequest, contract_id: int) -> HttpResponse:
    contract, _party = services.access_contract_for(request.auth, contract_id)
    return pdf_response(contract.pdf, f"contract-{contract.engagement.number}-v{contract.version}.pdf")


@router.get("/{contract_id}/signed.pdf", auth=AUTH, response={200: None, **ERRORS}, summary="已签署协议 PDF")
def signed_pdf(request: ApiRequest, contract_id: int) -> HttpResponse:
    contract, _party = services.access_contract_for(request.auth, contract_id)
    contract = services.ensure_signed_rendered(contract_id=contract.pk)
    if contract.signed_pdf is None or contract.status == ContractStatus.PENDING:
        raise NotFoundError(_("协议尚未由双方签署完成"))
    return pdf_response(
        contract.signed_pdf, f"contract-{contract.engagement.number}-v{contract.version}-signed.pdf"
    )


class SigningCodeOut(Schema):
    sent: bool
    phone: str


@router.post(
    "/{contract_id}/signing-code",
    auth=AUTH,
    response={200: SigningCodeOut, **ERRORS},
    summary="获取签署验证码（发送到本人手机）",
)
def signing_code(request: ApiRequest, contract_id: int) -> dict[str, Any]:
    services.request_signing_code(actor=request.auth, contract_id=contract_id)
    return {"sent": True, "phone": request.auth.masked_phone}


class SignIn(Schema):
    code: str = Field(max_length=8)
    pdf_sha256: str = Field(max_length=64)
