"""Mediation API (issue 11, section 2): open, read, sessions, agreement, signing, payments, outcome."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from ninja import Field, Router, Schema, Status

from lingong.accounts.auth import AUTH, ApiRequest
from lingong.core.client import client_ip, user_agent
from lingong.core.errors import NotFoundError
from lingong.core.schemas import ERRORS
from lingong.mediation import selectors, services
from lingong.mediation.models import MediationCase

router = Router(tags=["调解"])


class MediationOpenIn(Schema):
    mediator_id: int | None = None


class MediationSessionIn(Schema):
    starts_at: dt.datetime
    place: str = Field("", max_length=200)
    video_url: str = Field("", max_length=300)


class MediationSessionRecordIn(Schema):
    worker_came: bool
    employer_came: bool
    others: str = Field("", max_length=300)
    notes: str = Field(max_length=5000)


class MediationPaymentRowIn(Schema):
    due_date: dt.date
    amount: Decimal = Field(gt=0, max_digits=12, decimal_places=2)


class MediationAgreementIn(Schema):
    facts: str = Field(max_length=2000)
    terms_text: str = Field(max_length=3000)
    payments: list[MediationPaymentRowIn] = Field(max_length=12)


class MediationSignIn(Schema):
    code: str = Field(max_length=6)
    pdf_sha256: str = Field(max_length=64)


class MediationPaymentIn(Schema):
    amount: Decimal = Field(gt=0, max_digits=12, decimal_places=2)


class MediationOutcomeIn(Schema):
    outcome: str = Field(max_length=12, description="withdrawn（投诉人撤回）或 failed（调解不成）")
    note: str = Field("", max_length=1000)


class MediationSessionOut(Schema):
    id: int
    starts_at: str
    place: str
    video_url: str
    worker_came: bool | None
    employer_came: bool | None
    others: str
    notes: str | None
    recorded_at: str | None


class MediationTermOut(Schema):
    id: int
    seq: int
    due_date: str
    amount: str
    paid_amount: str
    status: str
    paid_at: str | None


class MediationAgreementOut(Schema):
    version: int
    template_version: str
    status: str
    total_amount: str
    pdf_sha256: str
    signed_pdf_sha256: str
    signed_by: list[str]
    terms: list[MediationTermOut]


class MediationNextStepOut(Schema):
    relation: str
    text: str
    explanation: str
    url: str


class MediationCaseOut(Schema):
    id: int
    complaint_id: int
    complaint_number: str
    status: str
    status_label: str
    mediator: str
    opened_at: str
    due_at: str
    outcome: str
    outcome_note: str
    my_side: str | None
    sessions: list[MediationSessionOut]
    agreement: MediationAgreementOut | None
    next_step: MediationNextStepOut | None
    confirmation_note: str | None


class MediationSignOut(Schema):
    completed: bool
    party: str
    signed_pdf_sha256: str


def case_out(case: MediationCase, side: str | None) -> dict[str, Any]:
    agreement = selectors.current_agreement(case)
    step = selectors.next_step(case) if case.status in ("withdrawn", "failed", "expired") else None
    return {
        "id": case.pk,
        "complaint_id": case.complaint_id,
        "complaint_number": case.complaint.number,
        "status": case.status,
        "status_label": case.get_status_display(),
        "mediator": case.mediator.display_name,
        "opened_at": case.opened_at.isoformat(),
        "due_at": case.due_at.isoformat(),
        "outcome": case.outcome,
        "outcome_note": case.outcome_note,
        "my_side": side,
        "sessions": [
            {
                "id": s.pk,
                "starts_at": s.starts_at.isoformat(),
                "place": s.place,
                "video_url": s.video_url,
                "worker_came": s.worker_came,
                "employer_came": s.employer_came,
                "others": s.others,
                "notes": s.notes,
                "recorded_at": s.recorded_at.isoformat() if s.recorded_at else None,
            }
            for s in case.sessions.all()
        ],
        "agreement": None
        if agreement is None
        else {
            "version": agreement.version,
            "template_version": agreement.template_version,
            "status": agreement.status,
            "total_amount": str(agreement.total_amount),
            "pdf_sha256": agreement.pdf_sha256,
            "signed_pdf_sha256": agreement.signed_pdf_sha256,
            "signed_by": sorted(agreement.signatures.values_list("party", flat=True)),
            "terms": [
                {
                    "id": t.pk,
                    "seq": t.seq,
                    "due_date": t.due_date.isoformat(),
                    "amount": str(t.amount),
                    "paid_amount": str(t.paid_amount),
                    "status": t.status,
                    "paid_at": t.paid_at.isoformat() if t.paid_at else None,
                }
                for t in agreement.payment_terms.all()
            ],
        },
        "next_step": None
        if step is None
        else {"relation": step.relation, "text": step.text, "explanation": step.explanation, "url": step.url},
        "confirmation_note": selectors.confirmation_note(case),
    }


def _read(request: ApiRequest, case_id: int) -> dict[str, Any]:
    case, side = selectors.visible_case(request.user, case_id)
    return case_out(case, side)


@router.post(
    "/complaints/{complaint_id}/mediation",
    auth=AUTH,
    response={201: MediationCaseOut, **ERRORS},
    summary="开始调解（调解员或工作人员）",
)
def open_case(request: ApiRequest, complaint_id: int, payload: MediationOpenIn) -> Status:
    case = services.open_case(actor=request.user, complaint_id=complaint_id, mediator_id=payload.mediator_id)
    return Status(201, case_out(case, None))


@router.get(
    "/mediations/{case_id}", auth=AUTH, response={200: MediationCaseOut, **ERRORS}, summary="调解详情"
)
def case_detail(request: ApiRequest, case_id: int) -> dict[str, Any]:
    return _read(request, case_id)


@router.post(
    "/mediations/{case_id}/sessions",
    auth=AUTH,
    response={201: MediationCaseOut, **ERRORS},
    summary="安排调解会",
)
def schedule_session(request: ApiRequest, case_id: int, payload: MediationSessionIn) -> Status:
    services.schedule_session(
        actor=request.user, case_id=case_id, data=services.SessionInput(**payload.dict())
    )
    return Status(201, _read(request, case_id))


@router.post(
    "/mediations/{case_id}/sessions/{session_id}/record",
    auth=AUTH,
    response={200: MediationCaseOut, **ERRORS},
    summary="记录调解会（到场情况与调解笔录）",
)
def record_session(
    request: ApiRequest, case_id: int, session_id: int, payload: MediationSessionRecordIn
) -> dict[str, Any]:
    services.record_session(
        actor=request.user,
        case_id=case_id,
        session_id=session_id,
        data=services.SessionRecord(**payload.dict()),
    )
    return _read(request, case_id)


@router.post(
    "/mediations/{case_id}/agreement",
    auth=AUTH,
    response={201: MediationCaseOut, **ERRORS},
    summary="起草调解协议书",
)
def draft_agreement(request: ApiRequest, case_id: int, payload: MediationAgreementIn) -> Status:
    data = services.AgreementInput(
        facts=payload.facts,
        terms_text=payload.terms_text,
        payments=[services.PaymentRow(due_date=p.due_date, amount=p.amount) for p in payload.payments],
    )
    services.draft_agreement(actor=request.user, case_id=case_id, data=data)
    return Status(201, _read(request, case_id))


@router.post(
    "/mediations/{case_id}/agreement/send",
    auth=AUTH,
    response={200: MediationCaseOut, **ERRORS},
    summary="发送调解协议书给双方签署",
)
def send_agreement(request: ApiRequest, case_id: int) -> dict[str, Any]:
    services.send_agreement(actor=request.user, case_id=case_id)
    return _read(request, case_id)


@router.get(
    "/mediations/{case_id}/agreement.pdf",
    auth=AUTH,
    response={200: None, **ERRORS},
    summary="下载调解协议书（双方签署后为签署版）",
)
def agreement_pdf(request: ApiRequest, case_id: int) -> HttpResponse:
    case, _side = selectors.visible_case(request.user, case_id)
    return pdf_response(case)


def pdf_response(case: MediationCase) -> HttpResponse:
    agreement = selectors.current_agreement(case)
    if agreement is None:
        raise NotFoundError("尚无调解协议书")
    if agreement.status == "signed":
        agreement = services.ensure_signed_rendered(agreement_id=agreement.pk)
        body, name = bytes(agreement.signed_pdf), f"调解协议书-{case.complaint.number}-签署版.pdf"
    else:
        body, name = bytes(agreement.pdf), f"调解协议书-{case.complaint.number}-v{agreement.version}.pdf"
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _quote(name: str) -> str:
    return quote(name)


@router.post(
    "/mediations/{case_id}/agreement/signing-code",
    auth=AUTH,
    response={204: None, **ERRORS},
    summary="获取签署验证码（当事人本人）",
)
def signing_code(request: ApiRequest, case_id: int) -> Status:
    services.request_signing_code(actor=request.user, case_id=case_id)
    return Status(204, None)


@router.post(
    "/mediations/{case_id}/agreement/sign",
    auth=AUTH,
    response={200: MediationSignOut, **ERRORS},
    summary="签署调解协议书（短信验证码）",
)
def sign(request: ApiRequest, case_id: int, payload: MediationSignIn) -> dict[str, Any]:
    result = services.sign_agreement(
        actor=request.user,
        case_id=case_id,
        code=payload.code,
        pdf_sha256=payload.pdf_sha256,
        ip=client_ip(request),
        user_agent=user_agent(request),
    )
    return {
        "completed": result.completed,
        "party": result.signature.party,
        "signed_pdf_sha256": result.agreement.signed_pdf_sha256,
    }


@router.post(
    "/mediations/{case_id}/payments/{term_id}",
    auth=AUTH,
    response={200: MediationCaseOut, **ERRORS},
    summary="确认收款（劳动者）或登记付款（调解员）",
)
def record_payment(
    request: ApiRequest, case_id: int, term_id: int, payload: MediationPaymentIn
) -> dict[str, Any]:
    services.record_payment(actor=request.user, case_id=case_id, term_id=term_id, amount=payload.amount)
    return _read(request, case_id)


@router.post(
    "/mediations/{case_id}/outcome",
    auth=AUTH,
    response={200: MediationCaseOut, **ERRORS},
    summary="结束调解：撤回（投诉人）或调解不成（调解员）",
)
def outcome(request: ApiRequest, case_id: int, payload: MediationOutcomeIn) -> dict[str, Any]:
    services.set_outcome(actor=request.user, case_id=case_id, outcome=payload.outcome, note=payload.note)
    return _read(request, case_id)
