"""Enterprise (and household employer) registration and verification."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from lingong.accounts import services as accounts
from lingong.accounts.access import (
    market_id_of,
    market_of,
    require_enterprise_in_scope,
    require_role,
    require_staff,
)
from lingong.accounts.models import Role, User
from lingong.audit import trail as audit
from lingong.core import crypto
from lingong.core.errors import ConflictError, InvalidInput, PermissionDeniedError
from lingong.core.validators import normalize_phone, parse_resident_id, validate_uscc
from lingong.employers.models import (
    ENTERPRISE_VERIFICATION,
    Enterprise,
    EnterpriseKind,
    EnterpriseMember,
    MemberRole,
    VerificationStatus,
)
from lingong.notifications.services import notify
from lingong.org.area import validate_in_market_area
from lingong.org.models import Division
from lingong.org.selectors import default_market, nearest_station
from lingong.taxonomy.models import Industry


@dataclass
class EnterpriseInput:
    name: str
    kind: str = EnterpriseKind.ENTERPRISE
    credit_code: str = ""
    contact_id_number: str = ""
    industry: str = ""
    address: str = ""
    division: str = ""
    lat: float | None = None
    lon: float | None = None
    contact_name: str = ""
    contact_phone: str = ""


def _validate(data: EnterpriseInput, market_id: int, exclude_pk: int | None = None) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}

    def err(name: str, message: str) -> None:
        errors.setdefault(name, []).append(str(message))

    name = (data.name or "").strip()
    if not 2 <= len(name) <= 100:
        err("name", _("名称应为2至100个字"))
    clean["name"] = name
    if data.kind not in EnterpriseKind.values:
        err("kind", _("类型无效"))
    clean["kind"] = data.kind
    others = Enterprise.objects.exclude(pk=exclude_pk) if exclude_pk else Enterprise.objects.all()
    if data.kind == EnterpriseKind.ENTERPRISE:
        try:
            code = validate_uscc(data.credit_code or "")
        except ValidationError as exc:
            err("credit_code", exc.messages[0])
        else:
            if others.filter(credit_code=code).exists():
                err("credit_code", _("该统一社会信用代码已登记"))
            clean["credit_code"] = code
    else:
        try:
            rid = parse_resident_id(data.contact_id_number or "", min_age=18)
        except ValidationError as exc:
            err("contact_id_number", exc.messages[0])
        else:
            index = crypto.blind_index(rid.number)
            if others.filter(contact_id_index=index).exists():
                err("contact_id_number", _("该身份证号码已登记为雇主"))
            clean["contact_id_number"] = rid.number
            clean["contact_id_index"] = index
            clean["credit_code"] = None
    industry = Industry.objects.filter(code=data.industry).first()
    if industry is None:
        err("industry", _("请选择行业"))
    clean["industry"] = industry
    division = Division.objects.filter(code=data.division).first()
    if division is None:
        err("division", _("请选择所在区域"))
    clean["division"] = division
    address = (data.address or "").strip()
    if not 4 <= len(address) <= 200:
        err("address", _("请填写4至200个字的地址"))
    clean["address"] = address
    lat, lon = data.lat, data.lon
    if (lat is None or lon is None) and division is not None:
        lat, lon = division.lat, division.lon
    try:
        validate_in_market_area(lat, lon, market_id)
    except ValidationError as exc:
        err("location", exc.messages[0])
    clean["lat"], clean["lon"] = lat, lon
    contact_name = (data.contact_name or "").strip()
    if not 2 <= len(contact_name) <= 30:
        err("contact_name", _("请填写联系人姓名"))
    clean["contact_name"] = contact_name
    try:
        clean["contact_phone"] = normalize_phone(data.contact_phone or "")
    except ValidationError as exc:
        err("contact_phone", exc.messages[0])
    if errors:
        raise InvalidInput(_("单位信息填写有误，请检查标红的项目。"), errors=errors)
    return clean


@transaction.atomic
def register_employer(*, phone: str, password: str, data: EnterpriseInput) -> Enterprise:
    """An employer signs up: an account, a pending enterprise, and admin membership."""
    market_id = default_market().pk
    clean = _validate(data, market_id)
    user = accounts.create_account(
        phone=phone,
        password=password,
        role=Role.EMPLOYER,
        display_name=clean["contact_name"],
        market_id=market_id,
    )
    # The station nearest to it serves it: its staff (and its centre's) verify it and post for it.
    station = nearest_station(market_id, clean["lat"], clean["lon"])
    enterprise = Enterprise.objects.create(market=market_of(user), station=station, **clean)
    EnterpriseMember.objects.create(user=user, enterprise=enterprise, role=MemberRole.ADMIN)
    audit.record(action="enterprise.registered", obj=enterprise, actor=user, data={"kind": enterprise.kind})
    return enterprise


@transaction.atomic
def register_enterprise_by_staff(*, actor: User, data: EnterpriseInput) -> Enterprise:
    """Station staff register a local employer who came in or phoned. It still needs verification.

    It belongs to the registering staff member's station; registered by centre staff, to the nearest
    station of their centre; by a market admin, to the nearest station of the market (its scope)."""
    require_staff(actor)
    market_id = market_id_of(actor)
    clean = _validate(data, market_id)
    station = actor.station
    if station is None:
        centre_id = actor.centre_id if actor.role == Role.CENTRE_STAFF else None
        station = nearest_station(market_id, clean["lat"], clean["lon"], centre_id=centre_id)
    enterprise = Enterprise.objects.create(market=market_of(actor), station=station, **clean)
    audit.record(
        action="enterprise.registered",
        obj=enterprise,
        actor=actor,
        data={"kind": enterprise.kind, "by": "staff"},
    )
    return enterprise


@transaction.atomic
def add_member(*, actor: User, phone: str, password: str, display_name: str = "") -> EnterpriseMember:
    membership = getattr(actor, "membership", None)
    if membership is None or membership.role != MemberRole.ADMIN:
        raise PermissionDeniedError(_("只有单位管理员可以添加成员。"))
    user = accounts.create_account(
        phone=phone,
        password=password,
        role=Role.EMPLOYER,
        display_name=display_name,
        market_id=membership.enterprise.market_id,  # the enterprise's market, not the default one
    )
    member = EnterpriseMember.objects.create(
        user=user, enterprise=membership.enterprise, role=MemberRole.RECRUITER
    )
    audit.record(
        action="enterprise.member_added", obj=membership.enterprise, actor=actor, data={"user": user.pk}
    )
    return member


def _lock_for_review(actor: User, enterprise_id: int) -> Enterprise:
    require_role(actor, Role.MARKET_ADMIN, Role.CENTRE_STAFF)
    # Centre staff verify the employers of their centre's stations only (404 outside, as the queue
    # they read does not list them).
    enterprise = require_enterprise_in_scope(
        actor,
        Enterprise.objects.select_for_update(of=("self",))  # PostgreSQL: no lock across the nullable join
        .select_related("station")
        .filter(pk=enterprise_id, market_id=market_id_of(actor))
        .first(),
    )
    if enterprise.status != VerificationStatus.PENDING:
        raise ConflictError(_("该单位不在待审核状态"), code="invalid_transition")
    return enterprise


def _notify_members(
    enterprise: Enterprise, kind: str, title: str, body: str, *, url: str, link_text: str
) -> None:
    for member in enterprise.members.select_related("user"):
        notify(user=member.user, kind=kind, title=title, body=body, url=url, link_text=link_text)


@transaction.atomic
def verify_enterprise(*, actor: User, enterprise_id: int) -> Enterprise:
    enterprise = _lock_for_review(actor, enterprise_id)
    enterprise.verified_by = actor
    enterprise.rejection_reason = ""
    ENTERPRISE_VERIFICATION.advance(
        enterprise,
        VerificationStatus.VERIFIED,
        actor=actor,
        action="enterprise.verified",
        stamp="verified_at",
        fields=["verified_by", "rejection_reason"],
    )
    _notify_members(
        enterprise,
        "enterprise_verified",
        _("单位认证已通过"),
        _("%(name)s 已通过认证，现在可以发布用工需求。") % {"name": enterprise.name},
        url=reverse("jobs:job_new"),
        link_text=_("去发布岗位"),
    )
    return enterprise


@transaction.atomic
def reject_enterprise(*, actor: User, enterprise_id: int, reason: str) -> Enterprise:
    reason = (reason or "").strip()
    if not 2 <= len(reason) <= 200:
        raise InvalidInput(_("请填写2至200字的不通过原因"), errors={"reason": [_("必填")]})
    enterprise = _lock_for_review(actor, enterprise_id)
    enterprise.rejection_reason = reason
    enterprise.verified_by = actor
    ENTERPRISE_VERIFICATION.advance(
        enterprise,
        VerificationStatus.REJECTED,
        actor=actor,
        action="enterprise.rejected",
        data={"reason": reason},
        stamp="verified_at",
        fields=["rejection_reason", "verified_by"],
    )
    _notify_members(
        enterprise,
        "enterprise_rejected",
        _("单位认证未通过"),
        reason,
        url=reverse("employers:edit_enterprise"),
        link_text=_("修改后重新提交"),
    )
    return enterprise


@transaction.atomic
def resubmit_enterprise(*, actor: User, data: EnterpriseInput) -> Enterprise:
    """A rejected employer corrects its details and goes back to review."""
    membership = getattr(actor, "membership", None)
    if membership is None:
        raise PermissionDeniedError(_("您尚未关联用工单位。"))
    enterprise = Enterprise.objects.select_for_update().get(pk=membership.enterprise_id)
    if enterprise.status == VerificationStatus.VERIFIED:
        raise ConflictError(_("已认证的单位如需变更信息，请联系市场工作人员"), code="invalid_transition")
    clean = _validate(data, enterprise.market_id, exclude_pk=enterprise.pk)
    for key, value in clean.items():
        setattr(enterprise, key, value)
    enterprise.rejection_reason = ""
    fields = [*clean, "rejection_reason"]
    if enterprise.status == VerificationStatus.REJECTED:
        ENTERPRISE_VERIFICATION.advance(
            enterprise,
            VerificationStatus.PENDING,
            actor=actor,
            action="enterprise.resubmitted",
            stamp="submitted_at",  # a new review: its clock starts again
            fields=fields,
        )
    else:  # still pending: corrected details for the same review
        enterprise.save(update_fields=fields)
        audit.record(action="enterprise.resubmitted", obj=enterprise, actor=actor)
    return enterprise
