"""``/api/v1/me/...``: a person's rights over their data (copy, consents, requests, closing the account)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse
from ninja import Router, Schema, Status
from pydantic import Field

from lingong.accounts.auth import AUTH, ApiRequest
from lingong.core.schemas import ERRORS
from lingong.rights import export_pdf, selectors, services
from lingong.rights.models import RightsRequest
from lingong.workers.models import ConsentRecord

router = Router(tags=["个人信息权利"])


class SectionOut(Schema):
    title: str
    items: list[dict[str, Any]]


class DataOut(Schema):
    generated_at: str
    user_id: int
    sections: dict[str, SectionOut]


class ConsentOut(Schema):
    id: int
    purpose: str
    purpose_label: str
    channel: str
    notice_version: str
    given_at: str
    withdrawn_at: str | None
    active: bool
    withdraw_effect: str
    closes_account: bool


class WithdrawIn(Schema):
    close_account: bool = Field(
        False,
        description="撤回求职登记授权即申请注销账户：须为 true，否则返回 409 closes_account 并说明后果。",
    )


class RequestIn(Schema):
    kind: str = Field(..., max_length=12, description="access（查阅复制）或 correction（更正补充）")
    detail: str = Field("", max_length=500)


class DeletionIn(Schema):
    detail: str = Field("", max_length=500)


class RequestOut(Schema):
    id: int
    kind: str
    kind_label: str
    status: str
    status_label: str
    detail: str
    created_at: str
    due_at: str
    overdue: bool
    decided_at: str | None
    decision_note: str


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def consent_out(c: ConsentRecord) -> dict[str, Any]:
    row = selectors.consent_row(c)
    return {
        "id": c.pk,
        "purpose": c.purpose,
        "purpose_label": row["purpose"],
        "channel": c.channel,
        "notice_version": c.notice_version,
        "given_at": row["given_at"],
        "withdrawn_at": row["withdrawn_at"],
        "active": c.withdrawn_at is None,
        "withdraw_effect": str(selectors.WITHDRAW_EFFECTS.get(c.purpose, "")),
        "closes_account": c.purpose == "registration",
    }


def request_out(r: RightsRequest) -> dict[str, Any]:
    clock = selectors.clock_of(r)
    row = selectors.request_row(r)
    return {
        "id": r.pk,
        "kind": r.kind,
        "kind_label": row["kind"],
        "status": r.status,
        "status_label": row["status"],
        "detail": r.detail,
        "created_at": row["created_at"],
        "due_at": row["due"],
        "overdue": r.status == "pending" and clock.overdue,
        "decided_at": row["decided_at"],
        "decision_note": r.decision_note,
    }


@router.get("/data", auth=AUTH, response={200: DataOut, **ERRORS}, summary="我的个人信息副本（JSON）")
def my_data(request: ApiRequest) -> HttpResponse:
    data = selectors.personal_data(request.auth)
    response = HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return _no_store(response)


@router.get("/data.pdf", auth=AUTH, response={200: None, **ERRORS}, summary="我的个人信息副本（PDF）")
def my_data_pdf(request: ApiRequest) -> HttpResponse:
    pdf = export_pdf.render(selectors.personal_data(request.auth))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="my-data.pdf"'
    return _no_store(response)


@router.get("/consents", auth=AUTH, response={200: list[ConsentOut], **ERRORS}, summary="我的个人信息授权")
def consents(request: ApiRequest) -> list[dict[str, Any]]:
    return [consent_out(c) for c in selectors.consents_of(request.auth)]


@router.post(
    "/consents/{consent_id}/withdraw",
    auth=AUTH,
    response={200: ConsentOut, **ERRORS},
    summary="撤回一项授权（他人的授权：404）",
)
def withdraw(request: ApiRequest, consent_id: int, payload: WithdrawIn | None = None) -> dict[str, Any]:
    close = bool(payload and payload.close_account)
    return consent_out(
        services.withdraw_consent(actor=request.auth, consent_id=consent_id, close_account=close)
    )


@router.get("/requests", auth=AUTH, response={200: list[RequestOut], **ERRORS}, summary="我的权利请求")
def requests(request: ApiRequest) -> list[dict[str, Any]]:
    return [request_out(r) for r in selectors.requests_of(request.auth)]


@router.post("/requests", auth=AUTH, response={201: RequestOut, **ERRORS}, summary="提出查阅复制或更正请求")
def file_request(request: ApiRequest, payload: RequestIn) -> Status:
    r = services.file_request(actor=request.auth, kind=payload.kind, detail=payload.detail)
    return Status(201, request_out(r))


@router.post(
    "/deletion-request",
    auth=AUTH,
    response={201: RequestOut, **ERRORS},
    summary="申请注销账户并删除个人信息（用工未结束时 409）",
)
def deletion_request(request: ApiRequest, payload: DeletionIn | None = None) -> Status:
    r = services.request_deletion(actor=request.auth, detail=payload.detail if payload else "")
    return Status(201, request_out(r))
