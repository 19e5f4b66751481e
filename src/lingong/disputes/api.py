"""Complaints API (issue 11, section 1): file with evidence, read, list mine, download evidence."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import FileResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from lingong.accounts.auth import AUTH, ApiRequest
from lingong.core.errors import NotFoundError
from lingong.core.schemas import ERRORS
from lingong.disputes import services
from lingong.disputes.models import Complaint, Evidence

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
            for e in complaint.evidence.order_by("pk")
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
    evidence = Evidence.objects.filter(pk=evidence_id, complaint=complaint).first()
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
