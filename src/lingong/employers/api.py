from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from lingong.accounts.access import enterprise_of
from lingong.accounts.api import TokenOut, token_response
from lingong.accounts.auth import AUTH, ApiRequest
from lingong.core.errors import PermissionDeniedError
from lingong.core.pagination import paginate
from lingong.core.schemas import ERRORS, PageOut, page_dict
from lingong.employers import selectors, services
from lingong.employers.models import Enterprise

router = Router(tags=["用工单位"])
# Sign-up lives with the enterprise it creates; lingong/api.py mounts this router at /auth, next to accounts'.
register_router = Router(tags=["账户"])


class EnterpriseIn(Schema):
    name: str = Field(max_length=100)
    kind: str = Field("enterprise", max_length=20)
    credit_code: str = Field("", max_length=30)
    contact_id_number: str = Field("", max_length=30)
    industry: str = Field(max_length=64)
    address: str = Field(max_length=200)
    division: str = Field(max_length=12)
    lat: float | None = None
    lon: float | None = None
    contact_name: str = Field(max_length=30)
    contact_phone: str = Field(max_length=20)


class EmployerRegisterIn(Schema):
    phone: str = Field(max_length=20)
    password: str = Field(max_length=128)
    enterprise: EnterpriseIn


@register_router.post(
    "/register/employer",
    response={201: TokenOut, **ERRORS},
    summary="用工单位注册（待审核）",
    operation_id="lingong_accounts_api_register_employer",  # unchanged by the move, for generated clients
)
def register_employer(request: HttpRequest, payload: EmployerRegisterIn) -> Status:
    enterprise = services.register_employer(
        phone=payload.phone,
        password=payload.password,
        data=services.EnterpriseInput(**payload.enterprise.dict()),
    )
    return Status(201, token_response(enterprise.members.get().user))


class EnterpriseOut(Schema):
    id: int
    kind: str
    name: str
    credit_code: str | None
    industry: str
    address: str
    division: str
    lat: float
    lon: float
    contact_name: str
    contact_phone: str
    status: str
    status_label: str
    rejection_reason: str
    created_at: dt.datetime


def enterprise_out(e: Enterprise, *, masked: bool = False) -> dict[str, Any]:
    """``masked`` for staff lists: name and phone masked. Staff see the contact phone masked everywhere
    (``staff_out``); the full number is read through /staff/enterprises/{id}/reveal-contact, logged."""
    return {
        "id": e.pk,
        "kind": e.kind,
        "name": e.name,
        "credit_code": e.credit_code,
        "industry": e.industry_id,
        "address": e.address,
        "division": e.division_id,
        "lat": e.lat,
        "lon": e.lon,
        "contact_name": e.masked_contact_name if masked else e.contact_name,
        "contact_phone": e.masked_contact_phone if masked else e.contact_phone,
        "status": e.status,
        "status_label": str(e.get_status_display()),
        "rejection_reason": e.rejection_reason,
        "created_at": e.created_at,
    }


def staff_out(e: Enterprise) -> dict[str, Any]:
    return {**enterprise_out(e), "contact_phone": e.masked_contact_phone}


@router.get("/me", auth=AUTH, response={200: EnterpriseOut, **ERRORS}, summary="本单位信息")
def my_enterprise(request: ApiRequest) -> dict[str, Any]:
    enterprise = enterprise_of(request.auth)
    if enterprise is None:
        raise PermissionDeniedError("您尚未关联用工单位。")
    return enterprise_out(enterprise)


@router.put("/me", auth=AUTH, response={200: EnterpriseOut, **ERRORS}, summary="修改并重新提交认证")
def resubmit(request: ApiRequest, payload: EnterpriseIn) -> dict[str, Any]:
    e = services.resubmit_enterprise(actor=request.auth, data=services.EnterpriseInput(**payload.dict()))
    return enterprise_out(e)


@router.post("", auth=AUTH, response={201: EnterpriseOut, **ERRORS}, summary="驿站代为登记用工单位")
def register_by_staff(request: ApiRequest, payload: EnterpriseIn) -> Status:
    e = services.register_enterprise_by_staff(
        actor=request.auth, data=services.EnterpriseInput(**payload.dict())
    )
    return Status(201, enterprise_out(e))


class VerificationQuery(Schema):
    status: Literal["pending", "rejected"] = "pending"
    q: str = Field("", max_length=50, description="Name, or 4+ characters of a credit code.")
    division: str = Field("", max_length=12, description="A division code; its sub-divisions are included.")
    kind: Literal["", "enterprise", "household"] = ""
    overdue: bool = Field(False, description="Only enterprises past the market's verification deadline.")
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=100)


class QueuedEnterpriseOut(EnterpriseOut):
    submitted_at: dt.datetime
    deadline: dt.datetime
    waited_minutes: int
    overdue: bool


@router.get(
    "/pending",
    auth=AUTH,
    response={200: PageOut[QueuedEnterpriseOut], **ERRORS},
    summary="认证队列：等待最久的在前（工作人员）",
)
def pending(request: ApiRequest, query: Query[VerificationQuery]) -> dict[str, Any]:
    filters = selectors.VerificationFilters(
        status=query.status, q=query.q, division=query.division, kind=query.kind, overdue=query.overdue
    )
    result = paginate(selectors.verification_queue(request.auth, filters), query.page, query.page_size)
    now = timezone.now()
    items = []
    for e in result.items:
        clock = selectors.verification_clock(e, now)
        items.append(
            {
                **staff_out(e),
                "submitted_at": e.submitted_at,
                "deadline": clock.deadline,
                "waited_minutes": clock.waited_minutes,
                "overdue": query.status == "pending" and clock.overdue,
            }
        )
    return page_dict(result, items)


@router.get(
    "/verified",
    auth=AUTH,
    response={200: PageOut[EnterpriseOut], **ERRORS},
    summary="已认证单位（工作人员代发岗位时选择）",
)
def verified(
    request: ApiRequest, q: str = Query("", max_length=50), page: int = 1, page_size: int = 20
) -> dict[str, Any]:
    result = paginate(selectors.enterprises_for_staff(request.auth, q), page, page_size)
    return page_dict(result, [enterprise_out(e, masked=True) for e in result.items])


class RejectIn(Schema):
    reason: str = Field(max_length=200)


@router.post(
    "/{enterprise_id}/verify", auth=AUTH, response={200: EnterpriseOut, **ERRORS}, summary="认证通过"
)
def verify(request: ApiRequest, enterprise_id: int) -> dict[str, Any]:
    return staff_out(services.verify_enterprise(actor=request.auth, enterprise_id=enterprise_id))


@router.post(
    "/{enterprise_id}/reject", auth=AUTH, response={200: EnterpriseOut, **ERRORS}, summary="认证不通过"
)
def reject(request: ApiRequest, enterprise_id: int, payload: RejectIn) -> dict[str, Any]:
    return staff_out(
        services.reject_enterprise(actor=request.auth, enterprise_id=enterprise_id, reason=payload.reason)
    )
