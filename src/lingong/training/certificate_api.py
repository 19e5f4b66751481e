"""Training certificates in the API: check-in and attendance, results, the official number of a national
certificate, revocation, public verification and the order's promise."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema

from lingong.accounts.auth import AUTH, ApiRequest
from lingong.core.errors import NotFoundError
from lingong.core.schemas import ERRORS, RowId
from lingong.training import attendance, certificates, promise, results
from lingong.training.attendance import CheckIn
from lingong.training.models import Enrolment, TrainingCertificate
from lingong.training.permissions import order_for_promise

router = Router(tags=["training"])


class TrainingCheckinIn(Schema):
    token: str = Field(max_length=64, description="教室二维码中的签到令牌")


class TrainingAttendanceIn(Schema):
    enrolment_id: RowId


class TrainingAttendanceOut(Schema):
    id: int
    session_id: int
    enrolment_id: int
    method: str
    checked_in_at: dt.datetime
    created: bool = Field(description="本次新签到；false 表示此前已签到")


class TrainingResultIn(Schema):
    score: float = Field(description="0至100分，最多一位小数")
    note: str = Field("", max_length=200)


class TrainingCertificateOut(Schema):
    id: int
    number: str
    status: str
    issued_on: dt.date
    expires_on: dt.date | None
    verify_url: str
    on_profile: bool
    official_recorded: bool


class TrainingResultOut(Schema):
    enrolment_id: int
    status: str
    status_label: str
    score: str | None
    certificate: TrainingCertificateOut | None


class TrainingOfficialIn(Schema):
    number: str = Field(max_length=64)
    expires_on: dt.date


class TrainingRevokeIn(Schema):
    reason: str = Field(max_length=200)


class TrainingVerifyOut(Schema):
    state: str = Field(description="valid / revoked / expired")
    state_label: str
    number: str
    course: str
    certificate_type: str
    provider: str
    issued_on: dt.date
    expires_on: dt.date | None
    masked_name: str


class TrainingPromiseEmployerOut(Schema):
    enterprise_id: int
    enterprise: str
    places: int
    hired: int
    kept: bool


class TrainingPromiseOut(Schema):
    order_id: int
    code: str
    title: str
    window_days: int
    places: int
    enrolled: int
    passed: int
    hired: int
    kept: bool
    employers: list[TrainingPromiseEmployerOut]


def _attendance_out(result: CheckIn) -> dict[str, Any]:
    a = result.attendance
    return {
        "id": a.pk,
        "session_id": a.session_id,
        "enrolment_id": a.enrolment_id,
        "method": a.method,
        "checked_in_at": a.checked_in_at,
        "created": result.created,
    }


def certificate_out(cert: TrainingCertificate) -> dict[str, Any]:
    return {
        "id": cert.pk,
        "number": cert.number,
        "status": cert.status,
        "issued_on": cert.issued_on,
        "expires_on": cert.expires_on,
        "verify_url": certificates.verify_url(cert),
        "on_profile": cert.worker_certificate_id is not None,
        "official_recorded": cert.official_recorded_at is not None,
    }


def _result_out(enrolment: Enrolment) -> dict[str, Any]:
    cert = TrainingCertificate.objects.filter(enrolment=enrolment).first()
    return {
        "enrolment_id": enrolment.pk,
        "status": enrolment.status,
        "status_label": enrolment.get_status_display(),
        "score": str(enrolment.score) if enrolment.score is not None else None,
        "certificate": certificate_out(cert) if cert else None,
    }


@router.post(
    "/checkin", auth=AUTH, response={200: TrainingAttendanceOut, **ERRORS}, summary="扫码签到（学员本人）"
)
def checkin(request: ApiRequest, payload: TrainingCheckinIn) -> dict[str, Any]:
    return _attendance_out(attendance.check_in(actor=request.auth, token=payload.token))


@router.post(
    "/sessions/{session_id}/attendance",
    auth=AUTH,
    response={200: TrainingAttendanceOut, **ERRORS},
    summary="老师代签（培训机构或工作人员）",
)
def mark_present(request: ApiRequest, session_id: RowId, payload: TrainingAttendanceIn) -> dict[str, Any]:
    result = attendance.mark_present(
        actor=request.auth, session_id=session_id, enrolment_id=payload.enrolment_id
    )
    return _attendance_out(result)


@router.post(
    "/enrolments/{enrolment_id}/result",
    auth=AUTH,
    response={200: TrainingResultOut, **ERRORS},
    summary="录入考核成绩（培训机构或工作人员）；合格即发证",
)
def enter_result(request: ApiRequest, enrolment_id: RowId, payload: TrainingResultIn) -> dict[str, Any]:
    enrolment = results.enter_result(
        actor=request.auth, enrolment_id=enrolment_id, score=payload.score, note=payload.note
    )
    return _result_out(enrolment)


@router.post(
    "/certificates/{certificate_id}/official",
    auth=AUTH,
    response={200: TrainingCertificateOut, **ERRORS},
    summary="登记国家职业资格类证书的官方编号和有效期（工作人员）",
)
def record_official(
    request: ApiRequest, certificate_id: RowId, payload: TrainingOfficialIn
) -> dict[str, Any]:
    cert = certificates.record_official(
        actor=request.auth,
        certificate_id=certificate_id,
        number=payload.number,
        expires_on=payload.expires_on,
    )
    return certificate_out(cert)


@router.post(
    "/certificates/{certificate_id}/revoke",
    auth=AUTH,
    response={200: TrainingCertificateOut, **ERRORS},
    summary="撤销培训合格证书（工作人员）",
)
def revoke(request: ApiRequest, certificate_id: RowId, payload: TrainingRevokeIn) -> dict[str, Any]:
    return certificate_out(
        certificates.revoke(actor=request.auth, certificate_id=certificate_id, reason=payload.reason)
    )


@router.get(
    "/verify/{token}",
    response={200: TrainingVerifyOut, **ERRORS},
    summary="核验培训合格证书（公开，姓名脱敏）",
)
def verify(request: ApiRequest, token: str = Path(..., max_length=64)) -> dict[str, Any]:
    view = certificates.public_view(token)
    if view is None:
        raise NotFoundError(_("证书不存在"))
    return view


@router.get(
    "/orders/{order_id}/promise",
    auth=AUTH,
    response={200: TrainingPromiseOut, **ERRORS},
    summary="订单承诺兑现情况（订单企业、工作人员）",
)
def order_promise(request: ApiRequest, order_id: RowId) -> dict[str, Any]:
    return promise.order_promise(order_for_promise(request.auth, order_id))
