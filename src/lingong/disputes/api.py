"""Complaints API (issue 11, section 1): file with evidence, read, list mine, download evidence."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from django.http import FileResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from lingong.accounts.access import require_staff
from lingong.accounts.auth import AUTH, ApiRequest
from lingong.core.errors import NotFoundError
from lingong.core.pagination import paginate
from lingong.core.schemas import ERRORS, PageOut, page_dict
from lingong.disputes import selectors, services
from lingong.disputes.models import Complaint, Mediator

router = Router(tags=["维权"])


class ComplaintFormIn(Schema):
    kind: str = Field(max_length=20, description="投诉类型")
    what_happened: str = Field(max_length=2000, description="事情经过")
    asks_for: str = Field(max_length=500, description="诉求")
    amount_claimed: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    engagement_id: int | None = None
    urgent: bool = False


class ComplaintEvidenceOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: str
    url: str


class ComplaintOut(Schema):
    id: int
    number: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    filer_role: str
    engagement_id: int | None
    what_happened: str
    asks_for: str
    amount_claimed: str | None
    urgent: bool
    filed_at: str
    acknowledged_at: str | None
    acknowledge_by: str
    level: str
    level_label: str
    due_at: str | None
    overdue: bool
    station_id: int | None
    centre_id: int | None
    mediator_id: int | None
    merged_into_id: int | None
    close_reason: str
    closed_at: str | None
    resolution: str
    amount_recovered: str
    evidence: list[ComplaintEvidenceOut]


def complaint_out(complaint: Complaint) -> dict[str, Any]:
    return {
        "id": complaint.pk,
        "number": complaint.number,
        "kind": complaint.kind,
        "kind_label": complaint.get_kind_display(),
        "status": complaint.status,
        "status_label": complaint.get_status_display(),
        "filer_role": complaint.filer_role,
        "engagement_id": complaint.engagement_id,
        "what_happened": complaint.what_happened,
        "asks_for": complaint.asks_for,
        "amount_claimed": str(complaint.amount_claimed) if complaint.amount_claimed is not None else None,
        "urgent": complaint.urgent,
        "filed_at": complaint.filed_at.isoformat(),
        "acknowledged_at": complaint.acknowledged_at.isoformat() if complaint.acknowledged_at else None,
        "acknowledge_by": complaint.acknowledge_by.isoformat(),
        "level": complaint.level,
        "level_label": complaint.get_level_display(),
        "due_at": complaint.due_at.isoformat() if complaint.due_at else None,
        "overdue": selectors.is_overdue(complaint),
        "station_id": complaint.station_id,
        "centre_id": complaint.centre_id,
        "mediator_id": complaint.mediator_id,
        "merged_into_id": complaint.merged_into_id,
        "close_reason": complaint.close_reason,
        "closed_at": complaint.closed_at.isoformat() if complaint.closed_at else None,
        "resolution": complaint.resolution,
        "amount_recovered": str(complaint.amount_recovered),
        "evidence": [
            {
                "id": e.pk,
                "original_name": e.original_name,
                "content_type": e.content_type,
                "size": e.size,
                "sha256": e.sha256,
                "uploaded_at": e.uploaded_at.isoformat(),
                "url": f"/api/v1/complaints/{complaint.pk}/evidence/{e.pk}",
            }
            for e in selectors.evidence_of(complaint)
        ],
    }


@router.post("/complaints", auth=AUTH, response={201: ComplaintOut, **ERRORS}, summary="提交投诉")
def file_complaint(
    request: ApiRequest,
    payload: Form[ComplaintFormIn],
    files: list[UploadedFile] = File(None),  # noqa: B008 - ninja's parameter marker
) -> Status:
    data = services.ComplaintInput(**payload.dict())
    complaint = services.file_complaint(actor=request.user, data=data, files=list(files or []))
    return Status(201, complaint_out(complaint))


class ComplaintQueueQuery(Schema):
    status: Literal["", "open", "filed", "acknowledged", "mediating", "referred", "closed"] = ""
    kind: str = Field("", max_length=20, description="投诉类型")
    urgent: bool = False
    overdue: bool = Field(False, description="Only open complaints past their deadline.")
    level: Literal["", "station", "centre", "market"] = ""
    station: int | None = Field(None, ge=1, le=services.MAX_ID)
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=100)


@router.get(
    "/complaints",
    auth=AUTH,
    response={200: PageOut[ComplaintOut], **ERRORS},
    summary="投诉队列：紧急和超期的在前（工作人员、调解员）",
)
def complaint_queue(request: ApiRequest, query: Query[ComplaintQueueQuery]) -> dict[str, Any]:
    require_staff_or_mediator(request.user)
    filters = selectors.QueueFilters(
        status=query.status,
        kind=query.kind,
        urgent=query.urgent,
        overdue=query.overdue,
        level=query.level,
        station=query.station,
    )
    result = paginate(selectors.queue(request.user, filters), query.page, query.page_size)
    return page_dict(result, [complaint_out(c) for c in result.items])


class ComplaintReportRowOut(Schema):
    key: str
    label: str
    count: int


class ComplaintReportOut(Schema):
    month: str
    filed: int
    by_kind: list[ComplaintReportRowOut]
    by_district: list[ComplaintReportRowOut]
    first_response_hours_median: float | None
    first_response_hours_avg: float | None
    acknowledged: int
    closed: int
    closed_after_mediation: int
    mediation_succeeded: int
    mediation_success_rate: float | None
    amount_recovered: str
    referred: int
    referrals_done: int


def report_out(report: selectors.ComplaintReport) -> dict[str, Any]:
    return {
        "month": report.month.key,
        "filed": report.filed,
        "by_kind": [vars(r) for r in report.by_kind],
        "by_district": [vars(r) for r in report.by_district],
        "first_response_hours_median": report.first_response_hours_median,
        "first_response_hours_avg": report.first_response_hours_avg,
        "acknowledged": report.acknowledged,
        "closed": report.closed,
        "closed_after_mediation": report.closed_after_mediation,
        "mediation_succeeded": report.mediation_succeeded,
        "mediation_success_rate": report.mediation_success_rate,
        "amount_recovered": str(report.amount_recovered),
        "referred": report.referred,
        "referrals_done": report.referrals_done,
    }


@router.get(
    "/complaints/report",
    auth=AUTH,
    response={200: ComplaintReportOut, **ERRORS},
    summary="投诉月报（工作人员，本人辖区）",
)
def complaint_report(request: ApiRequest, month: str = Query("", max_length=7)) -> dict[str, Any]:
    require_staff(request.user)
    return report_out(selectors.complaint_report(request.user, selectors.parse_month(month)))


@router.get(
    "/complaints/{complaint_id}", auth=AUTH, response={200: ComplaintOut, **ERRORS}, summary="投诉详情"
)
def complaint_detail(request: ApiRequest, complaint_id: int) -> dict[str, Any]:
    return complaint_out(services.visible_complaint(request.user, complaint_id))


@router.post(
    "/complaints/{complaint_id}/acknowledge",
    auth=AUTH,
    response={200: ComplaintOut, **ERRORS},
    summary="受理投诉（工作人员）",
)
def acknowledge(request: ApiRequest, complaint_id: int) -> dict[str, Any]:
    return complaint_out(services.acknowledge(actor=request.user, complaint_id=complaint_id))


@router.get("/me/complaints", auth=AUTH, response={200: list[ComplaintOut], **ERRORS}, summary="我的投诉")
def my_complaints(request: ApiRequest) -> list[dict[str, Any]]:
    return [complaint_out(c) for c in services.my_complaints(request.user)]


@router.get(
    "/complaints/{complaint_id}/evidence/{evidence_id}",
    auth=AUTH,
    response={200: None, **ERRORS},
    summary="下载证据文件",
)
def evidence_file(request: ApiRequest, complaint_id: int, evidence_id: int) -> FileResponse:
    complaint = services.visible_complaint(request.user, complaint_id)
    # The evidence of a duplicate merged into this complaint is read from here too.
    evidence = selectors.evidence_of(complaint).filter(pk=evidence_id).first()
    if evidence is None:
        raise NotFoundError(_("证据文件不存在"))
    response = FileResponse(
        services.evidence_storage().open(str(evidence.file.name), "rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def require_staff_or_mediator(user: Any) -> None:
    if Mediator.objects.filter(user_id=user.pk, active=True).exists():
        return
    require_staff(user)


class ComplaintAssignIn(Schema):
    station_id: int | None = Field(None, ge=1, le=services.MAX_ID)
    centre_id: int | None = Field(None, ge=1, le=services.MAX_ID)
    mediator_id: int | None = Field(None, ge=1, le=services.MAX_ID)


class ComplaintUrgentIn(Schema):
    urgent: bool = True


class ComplaintMergeIn(Schema):
    into_id: int = Field(ge=1, le=services.MAX_ID)


class ComplaintCloseIn(Schema):
    reason: str = Field(max_length=16, description="结案原因")
    resolution: str = Field("", max_length=1000)
    amount_recovered: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)


class ComplaintWithdrawIn(Schema):
    note: str = Field("", max_length=500)


@router.post(
    "/complaints/{complaint_id}/assign",
    auth=AUTH,
    response={200: ComplaintOut, **ERRORS},
    summary="分派投诉：驿站、服务中心或调解员（工作人员）",
)
def assign(request: ApiRequest, complaint_id: int, payload: ComplaintAssignIn) -> dict[str, Any]:
    return complaint_out(services.assign(actor=request.user, complaint_id=complaint_id, **payload.dict()))


@router.post(
    "/complaints/{complaint_id}/urgent",
    auth=AUTH,
    response={200: ComplaintOut, **ERRORS},
    summary="标记或取消紧急（工作人员）",
)
def urgent(request: ApiRequest, complaint_id: int, payload: ComplaintUrgentIn) -> dict[str, Any]:
    return complaint_out(
        services.set_urgent(actor=request.user, complaint_id=complaint_id, urgent=payload.urgent)
    )


@router.post(
    "/complaints/{complaint_id}/merge",
    auth=AUTH,
    response={200: ComplaintOut, **ERRORS},
    summary="合并重复投诉；返回保留的投诉（工作人员）",
)
def merge(request: ApiRequest, complaint_id: int, payload: ComplaintMergeIn) -> dict[str, Any]:
    return complaint_out(
        services.merge(actor=request.user, complaint_id=complaint_id, into_id=payload.into_id)
    )


@router.post(
    "/complaints/{complaint_id}/close",
    auth=AUTH,
    response={200: ComplaintOut, **ERRORS},
    summary="结案（工作人员）",
)
def close(request: ApiRequest, complaint_id: int, payload: ComplaintCloseIn) -> dict[str, Any]:
    return complaint_out(
        services.close_by_staff(actor=request.user, complaint_id=complaint_id, **payload.dict())
    )


@router.post(
    "/complaints/{complaint_id}/withdraw",
    auth=AUTH,
    response={200: ComplaintOut, **ERRORS},
    summary="撤回投诉（投诉人）",
)
def withdraw(request: ApiRequest, complaint_id: int, payload: ComplaintWithdrawIn) -> dict[str, Any]:
    return complaint_out(services.withdraw(actor=request.user, complaint_id=complaint_id, note=payload.note))


class WageStatementOut(Schema):
    id: int
    number: str
    period_start: str
    period_end: str
    net: str
    status: str
    status_label: str


class WagePaymentOut(Schema):
    id: int
    statement_number: str
    amount: str
    status: str
    status_label: str
    paid_at: str


class WagePositionOut(Schema):
    applies: bool
    statements: list[WageStatementOut]
    payments: list[WagePaymentOut]
    due: str
    paid: str
    outstanding: str
    unbilled_shifts: int
    arrears_state: str
    arrears_label: str


def wage_out(position: selectors.WagePosition) -> dict[str, Any]:
    return {
        "applies": position.applies,
        "statements": [
            {
                "id": s.pk,
                "number": s.number,
                "period_start": s.period_start.isoformat(),
                "period_end": s.period_end.isoformat(),
                "net": str(s.net),
                "status": s.status,
                "status_label": s.get_status_display(),
            }
            for s in position.statements
        ],
        "payments": [
            {
                "id": p.pk,
                "statement_number": p.statement.number,
                "amount": str(p.amount),
                "status": p.status,
                "status_label": p.get_status_display(),
                "paid_at": p.paid_at.isoformat(),
            }
            for p in position.payments
        ],
        "due": str(position.due),
        "paid": str(position.paid),
        "outstanding": str(position.outstanding),
        "unbilled_shifts": position.unbilled_shifts,
        "arrears_state": position.arrears_state,
        "arrears_label": str(position.arrears_label),
    }


@router.get(
    "/complaints/{complaint_id}/wage",
    auth=AUTH,
    response={200: WagePositionOut, **ERRORS},
    summary="欠薪投诉的工资情况：结算单、支付、应付、已付、未付与欠薪预警",
)
def wage(request: ApiRequest, complaint_id: int) -> dict[str, Any]:
    return wage_out(selectors.wage_position(services.visible_complaint(request.user, complaint_id)))
