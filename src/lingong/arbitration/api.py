"""The arbitration direct line API (issue 11, section 3): routing, documents, referrals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status

from lingong.accounts.access import is_staff
from lingong.accounts.auth import AUTH, ApiRequest
from lingong.arbitration import selectors, services
from lingong.arbitration.models import CaseDocuments, Referral
from lingong.core.errors import NotFoundError
from lingong.core.schemas import ERRORS

router = Router(tags=["仲裁直通车"])


class RoutingAnswersIn(Schema):
    worker_draws_pension: bool | None = None
    written_labour_contract: bool | None = None
    under_employer_rules: bool | None = None
    part_of_employer_business: bool | None = None


class RoutingQuestionOut(Schema):
    key: str
    text: str
    answer: bool | None


class ArbitrationForumOut(Schema):
    id: int
    kind: str
    name: str
    address: str
    phone: str


class ComplaintRoutingOut(Schema):
    relation: str
    relation_label: str
    reasons: list[str]
    forums: list[str]
    forum: ArbitrationForumOut | None
    document_kind: str | None
    explanation: str
    limitation_end: dt.date | None
    limitation_basis: str
    days_left: int | None
    warning: str | None
    questions: list[RoutingQuestionOut]


class CaseDocumentsIn(RoutingAnswersIn):
    relation: str = Field("", max_length=16, description="工作人员认定的关系：labour / labour_service")


class CaseDocumentsOut(Schema):
    relation: str
    document_kind: str
    input_digest: str
    application_sha256: str
    bundle_sha256: str
    zip_sha256: str
    built_at: dt.datetime


class ReferralIn(Schema):
    forum_id: int
    kind: str = Field(max_length=32)
    sent_at: dt.date | None = None
    case_number: str = Field("", max_length=60)


class ReferralUpdateIn(Schema):
    status: str = Field("", max_length=12)
    sent_at: dt.date | None = None
    accepted_at: dt.date | None = None
    result_at: dt.date | None = None
    result: str = Field("", max_length=1000)
    amount_awarded: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    case_number: str = Field("", max_length=60)


class ReferralOut(Schema):
    id: int
    complaint_id: int
    complaint_number: str
    forum: ArbitrationForumOut
    kind: str
    kind_label: str
    status: str
    status_label: str
    sent_at: dt.date | None
    accepted_at: dt.date | None
    result_at: dt.date | None
    result: str
    amount_awarded: str | None
    case_number: str
    accept_by: dt.date | None
    award_by: dt.date | None
    award_by_extended: dt.date | None


class ReferralFilterIn(Schema):
    status: str = Field("", max_length=12)


LABELS = {
    "labour": gettext_lazy("劳动关系"),
    "labour_service": gettext_lazy("劳务关系"),
    "unclear": gettext_lazy("待工作人员认定"),
}


def forum_out(forum: Any) -> dict[str, Any] | None:
    if forum is None:
        return None
    return {
        "id": forum.pk,
        "kind": forum.kind,
        "name": forum.name,
        "address": forum.address,
        "phone": forum.phone,
    }


def routing_out(route: selectors.CaseRoute) -> dict[str, Any]:
    return {
        "relation": str(route.relation),
        "relation_label": str(LABELS[str(route.relation)]),
        "reasons": route.reasons,
        "forums": [str(f) for f in route.route.forums],
        "forum": forum_out(route.forum),
        "document_kind": route.document_kind,
        "explanation": route.explanation,
        "limitation_end": route.limitation.deadline,
        "limitation_basis": route.limitation.basis,
        "days_left": route.days_left,
        "warning": route.warning,
        "questions": [{"key": k, "text": text, "answer": a} for k, text, a in route.questions],
    }


def documents_out(docs: CaseDocuments) -> dict[str, Any]:
    return {
        "relation": docs.relation,
        "document_kind": docs.document_kind,
        "input_digest": docs.input_digest,
        "application_sha256": docs.application_sha256,
        "bundle_sha256": docs.bundle_sha256,
        "zip_sha256": docs.zip_sha256,
        "built_at": docs.built_at,
    }


def referral_out(referral: Referral) -> dict[str, Any]:
    return {
        "id": referral.pk,
        "complaint_id": referral.complaint_id,
        "complaint_number": referral.complaint.number,
        "forum": forum_out(referral.forum),
        "kind": referral.kind,
        "kind_label": referral.get_kind_display(),
        "status": referral.status,
        "status_label": referral.get_status_display(),
        "sent_at": referral.sent_at,
        "accepted_at": referral.accepted_at,
        "result_at": referral.result_at,
        "result": referral.result,
        "amount_awarded": str(referral.amount_awarded) if referral.amount_awarded is not None else None,
        "case_number": referral.case_number,
        **selectors.expected_dates(referral),
    }


def _answers(payload: Schema) -> dict[str, Any]:
    return {k: v for k, v in payload.dict().items() if k in selectors.QUESTIONS and v is not None}


@router.get(
    "/complaints/{complaint_id}/routing",
    auth=AUTH,
    response={200: ComplaintRoutingOut, **ERRORS},
    summary="投诉的去向与时效",
)
def complaint_routing(
    request: ApiRequest, complaint_id: int, answers: Query[RoutingAnswersIn]
) -> dict[str, Any]:
    return routing_out(services.route_for(request.user, complaint_id, _answers(answers)))


@router.post(
    "/complaints/{complaint_id}/documents",
    auth=AUTH,
    response={200: CaseDocumentsOut, **ERRORS},
    summary="生成申请书和证据材料",
)
def build_documents(request: ApiRequest, complaint_id: int, payload: CaseDocumentsIn) -> dict[str, Any]:
    docs = services.build_documents(
        actor=request.user, complaint_id=complaint_id, answers=_answers(payload), relation=payload.relation
    )
    return documents_out(docs)


def _download(content: bytes | memoryview, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(bytes(content), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@router.get(
    "/complaints/{complaint_id}/application.pdf",
    auth=AUTH,
    response={200: None, **ERRORS},
    summary="下载申请书（仲裁申请书或起诉状草稿）",
)
def application_pdf(request: ApiRequest, complaint_id: int) -> HttpResponse:
    docs = services.documents_for(request.user, complaint_id)
    return _download(docs.application_pdf, f"application-{docs.complaint.number}.pdf", "application/pdf")


@router.get(
    "/complaints/{complaint_id}/bundle.pdf", auth=AUTH, response={200: None, **ERRORS}, summary="下载证据材料"
)
def bundle_pdf(request: ApiRequest, complaint_id: int) -> HttpResponse:
    docs = services.documents_for(request.user, complaint_id)
    return _download(docs.bundle_pdf, f"bundle-{docs.complaint.number}.pdf", "application/pdf")


@router.get(
    "/complaints/{complaint_id}/bundle.zip",
    auth=AUTH,
    response={200: None, **ERRORS},
    summary="下载原始文件压缩包",
)
def bundle_zip(request: ApiRequest, complaint_id: int) -> HttpResponse:
    docs = services.documents_for(request.user, complaint_id)
    return _download(docs.bundle_zip, f"bundle-{docs.complaint.number}.zip", "application/zip")


@router.post(
    "/complaints/{complaint_id}/referrals",
    auth=AUTH,
    response={201: ReferralOut, **ERRORS},
    summary="登记转仲裁/诉讼",
)
def create_referral(request: ApiRequest, complaint_id: int, payload: ReferralIn) -> Status:
    referral = services.create_referral(
        actor=request.user,
        complaint_id=complaint_id,
        forum_id=payload.forum_id,
        kind=payload.kind,
        sent_at=payload.sent_at,
        case_number=payload.case_number,
    )
    return Status(201, referral_out(referral))


@router.post(
    "/referrals/{referral_id}",
    auth=AUTH,
    response={200: ReferralOut, **ERRORS},
    summary="更新转介进展与结果（工作人员）",
)
def update_referral(request: ApiRequest, referral_id: int, payload: ReferralUpdateIn) -> dict[str, Any]:
    referral = services.update_referral(actor=request.user, referral_id=referral_id, data=payload.dict())
    return referral_out(referral)


@router.get(
    "/referrals", auth=AUTH, response={200: list[ReferralOut], **ERRORS}, summary="转介列表（工作人员）"
)
def list_referrals(request: ApiRequest, filters: Query[ReferralFilterIn]) -> list[dict[str, Any]]:
    if not is_staff(request.user):
        raise NotFoundError(_("页面不存在"))
    return [referral_out(r) for r in selectors.referrals_for_staff(request.user, status=filters.status)[:200]]
