"""Staff API for full numbers: reveal a worker's phone or ID number (or an employer contact's phone) with a
reason, and read the log of such reads. Mounted at /staff by lingong/api.py."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpResponse
from ninja import Field, Router, Schema

from lingong.accounts.auth import AUTH, ApiRequest
from lingong.audit.models import SensitiveRead
from lingong.core.client import client_ip
from lingong.core.pagination import paginate
from lingong.core.schemas import ERRORS, PageOut, page_dict
from lingong.staff import sensitive

router = Router(tags=["敏感信息查看"])

REASONS = Literal["contact_worker", "contact_employer", "verify_identity", "dispute", "other"]


class RevealIn(Schema):
    reason: REASONS = Field(description="查看原因；other 时 note 必填")
    note: str = Field("", max_length=200)


class RevealOut(Schema):
    field: str
    value: str = Field(description="完整号码（本次查看已记录）")
    read_id: int


class SensitiveReadOut(Schema):
    id: int
    at: dt.datetime
    actor_id: int | None
    actor_name: str
    actor_role: str
    subject_type: str
    subject_id: str
    subject_label: str
    field: str
    field_label: str
    count: int
    reason: str
    reason_label: str
    note: str
    ip: str | None


def read_out(r: SensitiveRead) -> dict[str, Any]:
    return {
        "id": r.pk,
        "at": r.at,
        "actor_id": r.actor_id,
        "actor_name": str(r.actor) if r.actor is not None else r.actor_label,
        "actor_role": r.actor_role,
        "subject_type": r.subject_type,
        "subject_id": r.subject_id,
        "subject_label": r.subject_label,
        "field": r.field,
        "field_label": str(r.get_field_display()),
        "count": r.count,
        "reason": r.reason,
        "reason_label": str(r.get_reason_display()),
        "note": r.note,
        "ip": r.ip,
    }


@router.post(
    "/workers/{worker_id}/reveal/{field}",
    auth=AUTH,
    response={200: RevealOut, **ERRORS},
    summary="显示求职者完整手机号或身份证号码（工作人员，需说明原因，记录日志）",
)
def reveal_worker(
    request: ApiRequest,
    worker_id: int,
    field: Literal["phone", "id_number"],
    payload: RevealIn,
    response: HttpResponse,
) -> dict[str, Any]:
    response["Cache-Control"] = "private, no-store"
    revealed = sensitive.reveal_worker(
        actor=request.auth,
        worker_id=worker_id,
        field=field,
        reason=payload.reason,
        note=payload.note,
        ip=client_ip(request),
    )
    return {"field": revealed.field, "value": revealed.value, "read_id": revealed.read.pk}


@router.post(
    "/enterprises/{enterprise_id}/reveal-contact",
    auth=AUTH,
    response={200: RevealOut, **ERRORS},
    summary="显示用工单位联系人完整电话（工作人员，需说明原因，记录日志）",
)
def reveal_enterprise_contact(
    request: ApiRequest, enterprise_id: int, payload: RevealIn, response: HttpResponse
) -> dict[str, Any]:
    response["Cache-Control"] = "private, no-store"
    revealed = sensitive.reveal_enterprise_contact(
        actor=request.auth,
        enterprise_id=enterprise_id,
        reason=payload.reason,
        note=payload.note,
        ip=client_ip(request),
    )
    return {"field": revealed.field, "value": revealed.value, "read_id": revealed.read.pk}


@router.get(
    "/sensitive-reads",
    auth=AUTH,
    response={200: PageOut[SensitiveReadOut], **ERRORS},
    summary="敏感信息查看日志（市场管理员：全市场；服务中心：本中心及所属驿站；驿站：本人）",
)
def sensitive_reads(request: ApiRequest, page: int = 1, page_size: int = 20) -> dict[str, Any]:
    result = paginate(sensitive.reads_for(request.auth), page, page_size)
    return page_dict(result, [read_out(r) for r in result.items])
