"""Job fairs (招聘会): every state change of a fair, its booths, the enterprises' booth applications, the
workers' registrations and the check-in at the door.

Lock order: the fair row, then a booth application or a registration. Approvals lock the fair row so that
two staff approving enterprises of one industry at once cannot pass its booth limit together.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts import services as accounts
from lingong.accounts.access import (
    enterprise_of,
    is_staff,
    require_role,
    require_staff,
    staff_can_see_station,
)
from lingong.accounts.models import Role, User
from lingong.audit import trail as audit
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.core.events import fair_group, send_event_on_commit
from lingong.core.masking import mask_name
from lingong.fairs import codes, floor
from lingong.fairs.access import can_manage_fair
from lingong.fairs.models import (
    BOOTH_LIFECYCLE,
    FAIR_LIFECYCLE,
    Booth,
    BoothApplication,
    BoothStatus,
    FairMode,
    FairRegistration,
    FairStatus,
    JobFair,
    RegistrationChannel,
)
from lingong.jobs.models import JobPosting, JobStatus
from lingong.notifications.services import notify
from lingong.org.models import Station
from lingong.taxonomy.models import Industry
from lingong.workers import services as workers
from lingong.workers.models import WorkerProfile

MAX_JOBS = 10
EARLY_ENTRY = dt.timedelta(minutes=30)  # the door opens this long before the fair does
MAX_INDUSTRY_LIMIT = 99


def _err(errors: dict[str, list[str]], name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        first = next(iter(errors.values()))[0]
        raise InvalidInput(first, errors=errors)


def _lock_fair(fair_id: int) -> JobFair:
    fair = (
        JobFair.objects.select_for_update(of=("self",)).select_related("station").filter(pk=fair_id).first()
    )
    if fair is None:
        raise NotFoundError(_("招聘会不存在"))
    return fair


def _managed_fair(actor: User, fair_id: int) -> JobFair:
    """The locked fair if the actor manages it; 404 (as if it did not exist) for other staff, 403 for
    the rest."""
    require_staff(actor)
    fair = _lock_fair(fair_id)
    if not can_manage_fair(actor, fair):
        raise NotFoundError(_("招聘会不存在"))
    return fair


def _fair_event(fair: JobFair, payload: dict[str, Any]) -> None:
    send_event_on_commit([fair_group(fair.pk)], payload)


def fair_url(fair: JobFair) -> str:
    return reverse("fairs:detail", args=[fair.code])


def staff_fair_url(fair: JobFair) -> str:
    return reverse("fairs:staff_fair", args=[fair.code])


def local_today() -> dt.date:
    return timezone.localdate()


def has_ended(fair: JobFair, today: dt.date | None = None) -> bool:
    return fair.ends_on < (today or local_today())


# --- The fair ----------------------------------------------------------------------------------------


@dataclass
class FairInput:
    title: str = ""
    mode: str = FairMode.ONSITE
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    description: str = ""
    venue: str = ""
    address: str = ""
    lat: float | None = None
    lon: float | None = None
    opens_at: dt.time | None = None
    closes_at: dt.time | None = None
    floor_width: int = 12
    floor_height: int = 8
    station_id: int | None = None  # the organising station (market admins and centre staff choose)
    errors: dict[str, list[str]] = field(default_factory=dict)  # the page's own form errors


def fair_errors(data: FairInput, *, creating: bool, today: dt.date | None = None) -> dict[str, list[str]]:
    """Every problem with a fair's details, by field, all at once."""
    today = today or local_today()
    errors: dict[str, list[str]] = {}
    title = (data.title or "").strip()
    if not 2 <= len(title) <= 60:
        _err(errors, "title", _("请填写2至60个字的招聘会名称"))
    if len(data.description or "") > 500:
        _err(errors, "description", _("简介不能超过500字"))
    if data.mode not in FairMode.values:
        _err(errors, "mode", _("请选择招聘会形式"))
    onsite = data.mode in (FairMode.ONSITE, FairMode.BOTH)
    if onsite:
        if not (data.venue or "").strip():
            _err(errors, "venue", _("现场招聘会请填写场馆"))
        if not (data.address or "").strip():
            _err(errors, "address", _("现场招聘会请填写地址"))
        if data.opens_at is None:
            _err(errors, "opens_at", _("现场招聘会请填写每日开始时间"))
        if data.closes_at is None:
            _err(errors, "closes_at", _("现场招聘会请填写每日结束时间"))
    if data.opens_at and data.closes_at and data.opens_at >= data.closes_at:
        _err(errors, "closes_at", _("每日结束时间须晚于开始时间"))
    if data.starts_on is None:
        _err(errors, "starts_on", _("请填写开始日期"))
    if data.ends_on is None:
        _err(errors, "ends_on", _("请填写结束日期"))
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        _err(errors, "ends_on", _("结束日期不能早于开始日期"))
    if creating and data.starts_on and data.starts_on < today:
        _err(errors, "starts_on", _("开始日期不能早于今天"))
    if data.ends_on and data.ends_on < today and creating:
        _err(errors, "ends_on", _("结束日期不能早于今天"))
    for name in ("floor_width", "floor_height"):
        value = getattr(data, name)
        if not isinstance(value, int) or not 1 <= value <= floor.MAX_FLOOR:
            _err(errors, name, _("平面图尺寸须为1至%(n)d格") % {"n": floor.MAX_FLOOR})
    if (data.lat is None) != (data.lon is None):
        _err(errors, "lat", _("请同时填写纬度和经度"))
    if data.lat is not None and not -90 <= data.lat <= 90:
        _err(errors, "lat", _("纬度无效"))
    if data.lon is not None and not -180 <= data.lon <= 180:
        _err(errors, "lon", _("经度无效"))
    return errors


def _organiser(actor: User, station_id: int | None) -> tuple[Station | None, Any]:
    """(station, centre) organising a fair the actor creates."""
    if actor.role == Role.STATION_STAFF:
        station = Station.objects.filter(pk=actor.station_id).first() if actor.station_id else None
        if station is None:
            raise PermissionDeniedError(_("您尚未关联驿站，不能创建招聘会。"))
        return station, None
    if station_id is not None:
        station = Station.objects.filter(pk=station_id, market_id=actor.market_id or 0).first()
        if station is None or not staff_can_see_station(actor, station):
            raise InvalidInput(_("主办驿站无效"), errors={"station_id": [_("主办驿站无效")]})
        return station, None
    if actor.role == Role.CENTRE_STAFF:
        if actor.centre_id is None:
            raise PermissionDeniedError(_("您尚未关联服务中心，不能创建招聘会。"))
        return None, actor.centre
    return None, None  # the market's own fair: its admins manage it


def _apply_fields(fair: JobFair, data: FairInput) -> list[str]:
    names = [
        "title",
        "mode",
        "starts_on",
        "ends_on",
        "description",
        "venue",
        "address",
        "lat",
        "lon",
        "opens_at",
        "closes_at",
        "floor_width",
        "floor_height",
    ]
    for name in names:
        value = getattr(data, name)
        setattr(fair, name, value.strip() if isinstance(value, str) else value)
    return names


def _new_fair_code() -> str:
    while True:
        code = codes.new_code()
        if not JobFair.objects.filter(code=code).exists():
            return code


def create_fair(*, actor: User, data: FairInput) -> JobFair:
    require_staff(actor)
    if actor.market_id is None:
        raise PermissionDeniedError(_("您的账户尚未关联零工市场，请联系管理员。"))
    errors = {**data.errors}
    for name, messages in fair_errors(data, creating=True).items():
        errors.setdefault(name, []).extend(messages)
    _raise(errors)
    station, centre = _organiser(actor, data.station_id)
    with transaction.atomic():
        fair = JobFair(market_id=actor.market_id, station=station, centre=centre, created_by=actor)
        _apply_fields(fair, data)
        fair.code = _new_fair_code()
        fair.save()
        audit.record(
            action="fair.created", obj=fair, actor=actor, data={"code": fair.code, "mode": fair.mode}
        )
    return fair


def update_fair(*, actor: User, fair_id: int, data: FairInput) -> JobFair:
    with transaction.atomic():
        fair = _managed_fair(actor, fair_id)
        if fair.status in (FairStatus.CLOSED, FairStatus.CANCELLED):
            raise ConflictError(FAIR_LIFECYCLE.refusal(fair.status), code="invalid_transition")
        errors = {**data.errors}
        for name, messages in fair_errors(data, creating=False).items():
            errors.setdefault(name, []).extend(messages)
        booths = list(fair.booths.all())
        if any(not floor.inside(_place(b), data.floor_width, data.floor_height) for b in booths):
            _err(errors, "floor_width", _("已有展位超出新的平面图范围，请先调整展位"))
        if (
            data.mode == FairMode.ONLINE
            and fair.is_onsite
            and fair.exhibitors.filter(booth__isnull=False).exists()
        ):
            _err(errors, "mode", _("已有参展单位分配了现场展位，不能改为仅线上"))
        _raise(errors)
        _apply_fields(fair, data)
        fair.save()
        audit.record(action="fair.updated", obj=fair, actor=actor, data={"code": fair.code})
        _fair_event(fair, {"type": "fair", "op": "update", "id": fair.pk})
    return fair


def _move(actor: User, fair_id: int, to: str, stamp: str) -> JobFair:
    with transaction.atomic():
        fair = _managed_fair(actor, fair_id)
        if to == FairStatus.PUBLISHED and has_ended(fair):
            raise ConflictError(_("招聘会日期已过，不能发布"), code="fair_ended")
        FAIR_LIFECYCLE.advance(
            fair,
            to,
            actor=actor,
            stamp=stamp,
            events=[([fair_group(fair.pk)], {"type": "fair", "op": "status", "id": fair.pk, "status": to})],
        )
    return fair


def publish_fair(*, actor: User, fair_id: int) -> JobFair:
    return _move(actor, fair_id, FairStatus.PUBLISHED, "published_at")


def close_fair(*, actor: User, fair_id: int) -> JobFair:
    return _move(actor, fair_id, FairStatus.CLOSED, "closed_at")


def cancel_fair(*, actor: User, fair_id: int) -> JobFair:
    return _move(actor, fair_id, FairStatus.CANCELLED, "cancelled_at")


def _editable(fair: JobFair) -> None:
    if fair.status in (FairStatus.CLOSED, FairStatus.CANCELLED):
        raise ConflictError(FAIR_LIFECYCLE.refusal(fair.status), code="invalid_transition")


# --- Booths ------------------------------------------------------------------------------------------


def _place(booth: Booth) -> floor.Place:
    return floor.Place(booth.number, booth.x, booth.y, booth.w, booth.h)


def generate_booths(*, actor: User, fair_id: int, count: int) -> list[Booth]:
    """Lay out ``count`` booths in rows (A01, A02 ...), replacing the plan; refused once a booth is taken."""
    with transaction.atomic():
        fair = _managed_fair(actor, fair_id)
        _editable(fair)
        if not fair.is_onsite:
            raise ConflictError(_("线上招聘会没有现场展位"), code="not_onsite")
        if fair.exhibitors.filter(booth__isnull=False).exists():
            raise ConflictError(_("已有展位分配给参展单位，不能重新生成，请逐个调整"), code="booths_taken")
        if not isinstance(count, int) or count < 1:
            raise InvalidInput(_("请填写展位数量"), errors={"count": [_("请填写展位数量")]})
        places = floor.generated_places(count, fair.floor_width, fair.floor_height)
        if places is None:
            message = _("平面图放不下%(n)d个展位，请加大平面图或减少数量") % {"n": count}
            raise InvalidInput(message, errors={"count": [message]})
        fair.booths.all().delete()
        booths = Booth.objects.bulk_create(
            [Booth(fair=fair, number=p.number, x=p.x, y=p.y, w=p.w, h=p.h) for p in places]
        )
        audit.record(action="fair.booths_generated", obj=fair, actor=actor, data={"count": count})
    return booths


def _booth_errors(fair: JobFair, place: floor.Place, exclude_id: int | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    number = place.number
    if not (1 <= len(number) <= 8 and number.isalnum()):
        _err(errors, "number", _("展位号为1至8位字母或数字"))
    others = fair.booths.exclude(pk=exclude_id) if exclude_id else fair.booths.all()
    if others.filter(number=number).exists():
        _err(errors, "number", _("展位号%(n)s已存在") % {"n": number})
    if not floor.inside(place, fair.floor_width, fair.floor_height):
        _err(
            errors,
            "x",
            _("展位须在平面图范围内（%(w)d×%(h)d格）") % {"w": fair.floor_width, "h": fair.floor_height},
        )
    else:
        clash = floor.first_overlap(place, [_place(b) for b in others])
        if clash is not None:
            _err(errors, "x", _("与展位%(n)s重叠") % {"n": clash.number})
    return errors


def add_booth(*, actor: User, fair_id: int, number: str, x: int, y: int, w: int = 2, h: int = 1) -> Booth:
    with transaction.atomic():
        fair = _managed_fair(actor, fair_id)
        _editable(fair)
        place = floor.Place(codes.normalise(number), x, y, w, h)
        _raise(_booth_errors(fair, place, None))
        booth = Booth.objects.create(fair=fair, number=place.number, x=x, y=y, w=w, h=h)
        audit.record(
            action="fair.booth_added",
            obj=booth,
            actor=actor,
            data={"number": booth.number},
            market=fair.market_id,
        )
    return booth


def _locked_booth(actor: User, booth_id: int) -> tuple[JobFair, Booth]:
    fair_id = Booth.objects.filter(pk=booth_id).values_list("fair_id", flat=True).first()
    if fair_id is None:
        raise NotFoundError(_("展位不存在"))
    fair = _managed_fair(actor, fair_id)
    _editable(fair)
    booth = Booth.objects.select_for_update().get(pk=booth_id)
    return fair, booth


def move_booth(
    *, actor: User, booth_id: int, x: int, y: int, w: int, h: int, number: str | None = None
) -> Booth:
    with transaction.atomic():
        fair, booth = _locked_booth(actor, booth_id)
        place = floor.Place(codes.normalise(number) if number else booth.number, x, y, w, h)
        _raise(_booth_errors(fair, place, booth.pk))
        booth.number, booth.x, booth.y, booth.w, booth.h = place.number, x, y, w, h
        booth.save()
        audit.record(
            action="fair.booth_moved",
            obj=booth,
            actor=actor,
            data={"number": booth.number, "x": x, "y": y, "w": w, "h": h},
            market=fair.market_id,
        )
    return booth


def remove_booth(*, actor: User, booth_id: int) -> None:
    with transaction.atomic():
        fair, booth = _locked_booth(actor, booth_id)
        if BoothApplication.objects.filter(booth=booth).exists():
            raise ConflictError(
                _("展位%(n)s已分配给参展单位，不能删除") % {"n": booth.number}, code="booth_taken"
            )
        audit.record(
            action="fair.booth_removed",
            obj=booth,
            actor=actor,
            data={"number": booth.number},
            market=fair.market_id,
        )
        booth.delete()


def set_industry_limits(*, actor: User, fair_id: int, limits: dict[str, int]) -> JobFair:
    """{industry code: most booths}; 0 or a missing industry means no limit."""
    with transaction.atomic():
        fair = _managed_fair(actor, fair_id)
        _editable(fair)
        known = set(Industry.objects.filter(code__in=list(limits)).values_list("code", flat=True))
        errors: dict[str, list[str]] = {}
        clean: dict[str, int] = {}
        for code, n in limits.items():
            if code not in known:
                _err(errors, "limits", _("行业代码%(c)s无效") % {"c": code})
            elif not isinstance(n, int) or not 0 <= n <= MAX_INDUSTRY_LIMIT:
                _err(errors, "limits", _("展位上限须为0至%(n)d") % {"n": MAX_INDUSTRY_LIMIT})
            elif n > 0:
                clean[code] = n
        _raise(errors)
        fair.industry_limits = clean
        fair.save(update_fields=["industry_limits", "updated_at"])
        audit.record(action="fair.industry_limits_set", obj=fair, actor=actor, data={"limits": clean})
    return fair


# --- Booth applications (the exhibitors) -------------------------------------------------------------


def _employer_enterprise(actor: User) -> Any:
    require_role(actor, Role.EMPLOYER)
    enterprise = enterprise_of(actor)
    if enterprise is None:
        raise PermissionDeniedError(_("您的账户尚未关联用工单位。"))
    return enterprise


def _clean_jobs(enterprise: Any, job_ids: list[int]) -> tuple[list[JobPosting], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    ids = list(dict.fromkeys(job_ids or []))
    if not ids:
        _err(errors, "job_ids", _("请至少选择一个招聘中的岗位"))
    elif len(ids) > MAX_JOBS:
        _err(errors, "job_ids", _("每家单位最多带%(n)d个岗位参展") % {"n": MAX_JOBS})
    jobs = list(JobPosting.objects.filter(pk__in=ids, enterprise=enterprise))
    if len(jobs) != len(ids):
        _err(errors, "job_ids", _("只能选择本单位的岗位"))
    closed = [j.title for j in jobs if j.status != JobStatus.OPEN]
    if closed:
        _err(errors, "job_ids", _("岗位“%(t)s”不在招聘中，不能参展") % {"t": "、".join(closed)})
    return jobs, errors


def _application_fields_errors(contact_name: str, note: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not 1 <= len((contact_name or "").strip()) <= 30:
        _err(errors, "contact_name", _("请填写现场联系人（30字以内）"))
    if len(note or "") > 300:
        _err(errors, "note", _("备注不能超过300字"))
    return errors


def apply_for_booth(
    *, actor: User, fair_id: int, job_ids: list[int], contact_name: str, note: str = ""
) -> BoothApplication:
    enterprise = _employer_enterprise(actor)
    if not enterprise.is_verified:
        raise PermissionDeniedError(_("用工单位通过认证后才能申请参展。"), code="not_verified")
    with transaction.atomic():
        fair = _lock_fair(fair_id)
        if fair.market_id != enterprise.market_id or fair.status == FairStatus.DRAFT:
            raise NotFoundError(_("招聘会不存在"))
        if fair.status != FairStatus.PUBLISHED or has_ended(fair):
            raise ConflictError(_("该招聘会已结束或已取消，不能申请参展"), code="fair_not_open")
        existing = BoothApplication.objects.filter(fair=fair, enterprise=enterprise).first()
        if existing is not None:
            if existing.status == BoothStatus.SUBMITTED:
                message = _("本单位已提交参展申请，请修改原申请，无需重复提交")
            else:
                message = _("本单位已申请过本场招聘会（%(s)s），不能重复申请") % {
                    "s": existing.get_status_display()
                }
            raise ConflictError(message, code="already_applied")
        jobs, errors = _clean_jobs(enterprise, job_ids)
        errors.update(_application_fields_errors(contact_name, note))
        _raise(errors)
        application = BoothApplication.objects.create(
            fair=fair,
            enterprise=enterprise,
            qr_token=_new_qr_token(),
            contact_name=contact_name.strip(),
            note=(note or "").strip(),
            applied_by=actor,
        )
        application.jobs.set(jobs)
        audit.record(
            action="fair.booth_applied",
            obj=application,
            actor=actor,
            data={"fair": fair.pk, "jobs": [j.pk for j in jobs]},
            market=fair.market_id,
        )
        _fair_event(fair, {"type": "exhibitor", "op": "add", "id": application.pk})
    return application


def _new_qr_token() -> str:
    while True:
        token = secrets.token_urlsafe(12)
        if not BoothApplication.objects.filter(qr_token=token).exists():
            return token


def _own_application(actor: User, application_id: int) -> tuple[JobFair, BoothApplication]:
    enterprise = _employer_enterprise(actor)
    fair_id = (
        BoothApplication.objects.filter(pk=application_id, enterprise=enterprise)
        .values_list("fair_id", flat=True)
        .first()
    )
    if fair_id is None:
        raise NotFoundError(_("参展申请不存在"))
    fair = _lock_fair(fair_id)
    return fair, BoothApplication.objects.select_for_update().get(pk=application_id)


def update_booth_application(
    *, actor: User, application_id: int, job_ids: list[int], contact_name: str, note: str = ""
) -> BoothApplication:
    with transaction.atomic():
        fair, application = _own_application(actor, application_id)
        if application.status != BoothStatus.SUBMITTED:
            raise ConflictError(BOOTH_LIFECYCLE.refusal(application.status), code="invalid_transition")
        jobs, errors = _clean_jobs(application.enterprise, job_ids)
        errors.update(_application_fields_errors(contact_name, note))
        _raise(errors)
        application.contact_name, application.note = contact_name.strip(), (note or "").strip()
        application.save(update_fields=["contact_name", "note", "updated_at"])
        application.jobs.set(jobs)
        audit.record(
            action="fair.booth_application_updated",
            obj=application,
            actor=actor,
            data={"jobs": [j.pk for j in jobs]},
            market=fair.market_id,
        )
    return application


def withdraw_booth_application(*, actor: User, application_id: int) -> BoothApplication:
    with transaction.atomic():
        fair, application = _own_application(actor, application_id)
        application.booth = None
        BOOTH_LIFECYCLE.advance(
            application,
            BoothStatus.WITHDRAWN,
            actor=actor,
            stamp="withdrawn_at",
            fields=["booth"],
            market=fair.market_id,
            events=[([fair_group(fair.pk)], {"type": "exhibitor", "op": "withdrawn", "id": application.pk})],
        )
    return application


def _managed_application(actor: User, application_id: int) -> tuple[JobFair, BoothApplication]:
    require_staff(actor)
    fair_id = BoothApplication.objects.filter(pk=application_id).values_list("fair_id", flat=True).first()
    if fair_id is None:
        raise NotFoundError(_("参展申请不存在"))
    fair = _managed_fair(actor, fair_id)
    application = (
        BoothApplication.objects.select_for_update(of=("self",))
        .select_related("enterprise")
        .get(pk=application_id)
    )
    return fair, application


def industry_count(fair: JobFair, industry_id: str) -> int:
    return BoothApplication.objects.filter(
        fair=fair, status=BoothStatus.APPROVED, enterprise__industry_id=industry_id
    ).count()


def free_booths(fair: JobFair) -> list[Booth]:
    return list(fair.booths.filter(exhibitor__isnull=True).order_by("number"))


def approve_booth_application(
    *, actor: User, application_id: int, booth_id: int | None = None
) -> BoothApplication:
    """Approve under the fair's row lock: the industry's count of approved booths is read and raised in one
    serialised step. On-site fairs give the exhibitor a free booth (the one chosen, else the first free)."""
    with transaction.atomic():
        fair, application = _managed_application(actor, application_id)
        _editable(fair)
        enterprise = application.enterprise
        limit = (fair.industry_limits or {}).get(enterprise.industry_id)
        if (
            limit
            and application.status == BoothStatus.SUBMITTED
            and industry_count(fair, enterprise.industry_id) >= limit
        ):
            raise ConflictError(
                _("%(industry)s行业的展位已达上限（%(n)d个），不能再通过")
                % {"industry": enterprise.industry.name, "n": limit},
                code="industry_limit",
            )
        fields: list[str] = ["decided_by", "reason"]
        application.decided_by, application.reason = actor, ""
        if fair.is_onsite:
            booth = _choose_booth(fair, booth_id)
            application.booth = booth
            fields.append("booth")
        BOOTH_LIFECYCLE.advance(
            application,
            BoothStatus.APPROVED,
            actor=actor,
            stamp="approved_at",
            fields=fields,
            market=fair.market_id,
            data={"booth": application.booth.number if application.booth else ""},
            events=[([fair_group(fair.pk)], {"type": "exhibitor", "op": "approved", "id": application.pk})],
        )
        booth_text = (
            _("，展位号%(n)s") % {"n": application.booth.number} if application.booth is not None else ""
        )
        _notify_enterprise(
            application,
            "fair_booth_approved",
            _("您参加“%(fair)s”的申请已通过%(booth)s") % {"fair": fair.title, "booth": booth_text},
        )
    return application


def _choose_booth(fair: JobFair, booth_id: int | None) -> Booth:
    if booth_id is not None:
        booth = Booth.objects.select_for_update().filter(pk=booth_id, fair=fair).first()
        if booth is None:
            raise InvalidInput(_("展位不存在"), errors={"booth_id": [_("展位不存在")]})
        if BoothApplication.objects.filter(booth=booth).exists():
            message = _("展位%(n)s已分配给其他单位") % {"n": booth.number}
            raise ConflictError(message, code="booth_taken", errors={"booth_id": [message]})
        return booth
    free = free_booths(fair)
    if not free:
        raise ConflictError(_("没有空余展位，请先在平面图上添加展位"), code="no_free_booth")
    return free[0]


def reject_booth_application(*, actor: User, application_id: int, reason: str) -> BoothApplication:
    reason = (reason or "").strip()
    if not 2 <= len(reason) <= 200:
        raise InvalidInput(
            _("请填写不通过的原因（2至200字）"), errors={"reason": [_("请填写不通过的原因（2至200字）")]}
        )
    with transaction.atomic():
        fair, application = _managed_application(actor, application_id)
        application.decided_by, application.reason = actor, reason
        BOOTH_LIFECYCLE.advance(
            application,
            BoothStatus.REJECTED,
            actor=actor,
            stamp="rejected_at",
            fields=["decided_by", "reason"],
            market=fair.market_id,
            data={"reason": reason},
            events=[([fair_group(fair.pk)], {"type": "exhibitor", "op": "rejected", "id": application.pk})],
        )
        _notify_enterprise(
            application,
            "fair_booth_rejected",
            _("您参加“%(fair)s”的申请未通过：%(r)s") % {"fair": fair.title, "r": reason},
        )
    return application


def _notify_enterprise(application: BoothApplication, kind: str, title: str) -> None:
    url = reverse("fairs:employer_fairs")
    members = User.objects.filter(membership__enterprise_id=application.enterprise_id, is_active=True)
    for user in members:
        notify(
            user=user,
            kind=kind,
            title=title,
            url=url,
            link_text=_("查看参展申请"),
            idempotency_key=f"{kind}:{application.pk}:{user.pk}",
        )


# --- Registration and the door -----------------------------------------------------------------------


def counts(fair: JobFair) -> dict[str, int]:
    regs = FairRegistration.objects.filter(fair=fair)
    return {"registered": regs.count(), "checked_in": regs.filter(checked_in_at__isnull=False).count()}


def _checkin_event(fair: JobFair, registration: FairRegistration) -> None:
    _fair_event(
        fair,
        {
            "type": "checkin",
            "id": registration.pk,
            "name": mask_name(registration.worker.real_name),
            "counts": counts(fair),
        },
    )


def _open_for_registration(fair: JobFair) -> None:
    if fair.status != FairStatus.PUBLISHED or has_ended(fair):
        raise ConflictError(_("该招聘会已结束或未开放登记"), code="fair_not_open")


def _new_registration_code() -> str:
    while True:
        code = codes.new_code()
        if not FairRegistration.objects.filter(code=code).exists():
            return code


def _register(fair: JobFair, worker: WorkerProfile, channel: str, actor: User) -> FairRegistration:
    if worker.market_id != fair.market_id:
        raise NotFoundError(_("求职者不存在"))
    existing = FairRegistration.objects.filter(fair=fair, worker=worker).first()
    if existing is not None:
        raise ConflictError(
            _("已登记本场招聘会，入场码%(c)s") % {"c": existing.code}, code="already_registered"
        )
    try:
        with transaction.atomic():
            registration = FairRegistration.objects.create(
                fair=fair, worker=worker, code=_new_registration_code(), channel=channel, registered_by=actor
            )
    except IntegrityError:  # the same worker registered at the same moment (the constraint holds)
        raise ConflictError(_("已登记本场招聘会"), code="already_registered") from None
    audit.record(
        action="fair.registered",
        obj=registration,
        actor=actor,
        data={"fair": fair.pk, "worker": worker.pk, "channel": channel},
        market=fair.market_id,
    )
    _fair_event(fair, {"type": "registration", "op": "add", "counts": counts(fair)})
    return registration


def register_self(*, actor: User, fair_id: int) -> FairRegistration:
    require_role(actor, Role.WORKER)
    worker = WorkerProfile.objects.filter(user=actor).first()
    if worker is None:
        raise PermissionDeniedError(_("请先完善求职者资料。"))
    with transaction.atomic():
        fair = _lock_fair(fair_id)
        if fair.market_id != worker.market_id or fair.status == FairStatus.DRAFT:
            raise NotFoundError(_("招聘会不存在"))
        _open_for_registration(fair)
        return _register(fair, worker, RegistrationChannel.SELF, actor)


def _worker_in_scope(actor: User, worker: WorkerProfile) -> bool:
    if worker.market_id != actor.market_id:
        return False
    if actor.role == Role.MARKET_ADMIN:
        return True
    return worker.station_id is not None and staff_can_see_station(actor, worker.station)


def register_worker(
    *,
    actor: User,
    fair_id: int,
    worker_id: int | None = None,
    phone: str | None = None,
    check_in_now: bool = False,
    now: dt.datetime | None = None,
) -> FairRegistration:
    """Staff of the fair register a worker: by id (a worker of their scope) or by the phone number the
    worker gives at the door (any worker of the market: the person is there). ``check_in_now`` registers
    and checks in at once (a worker at the door who had not registered)."""
    with transaction.atomic():
        fair = _managed_fair(actor, fair_id)
        _open_for_registration(fair)
        if worker_id is not None:
            worker = WorkerProfile.objects.select_related("station").filter(pk=worker_id).first()
            if worker is None or not _worker_in_scope(actor, worker):
                raise NotFoundError(_("求职者不存在"))
        else:
            number = accounts.clean_phone(phone or "")
            worker = WorkerProfile.objects.filter(user__phone=number, market_id=fair.market_id).first()
            if worker is None:
                raise InvalidInput(
                    _("该手机号尚未登记，请按现场登记办理"), errors={"phone": [_("该手机号尚未登记")]}
                )
        channel = RegistrationChannel.WALK_IN if check_in_now else RegistrationChannel.STAFF
        registration = _register(fair, worker, channel, actor)
        if check_in_now:
            _check_in_locked(fair, registration, actor, now or timezone.now())
    return registration


@dataclass
class WalkIn:
    """A walk-in without an account: what the staff walk-in registration needs (consent by SMS code or a
    signed paper form)."""

    phone: str
    real_name: str
    id_number: str
    consent_channel: str
    consent_reference: str = ""
    otp_code: str = ""


def register_walk_in(
    *, actor: User, fair_id: int, walk_in: WalkIn, check_in_now: bool = True, now: dt.datetime | None = None
) -> FairRegistration:
    """A walk-in without an account: the staff walk-in registration (``workers.register_walk_in``, with the
    worker's consent), then the fair's registration (channel WALK_IN), checked in at once when at the door.
    One transaction: a refused check-in leaves no account behind."""
    require_staff(actor)
    with transaction.atomic():
        fair = _managed_fair(actor, fair_id)
        _open_for_registration(fair)
        if check_in_now:
            _door_open(fair, now or timezone.now())
        station = fair.station or (
            Station.objects.filter(pk=actor.station_id).first() if actor.station_id else None
        )
        profile = workers.ProfileInput(real_name=walk_in.real_name, id_number=walk_in.id_number)
        if station is not None:
            profile.home_division = station.division_id
            profile.home_lat, profile.home_lon = station.lat, station.lon
        worker = workers.register_walk_in(
            actor=actor,
            phone=walk_in.phone,
            consent_channel=walk_in.consent_channel,
            consent_reference=walk_in.consent_reference,
            otp_code=walk_in.otp_code,
            data=profile,
        )
        registration = _register(fair, worker, RegistrationChannel.WALK_IN, actor)
        if check_in_now:
            _check_in_locked(fair, registration, actor, now or timezone.now())
    return registration


class CheckInRefused(ConflictError):
    """A refused check-in; ``registration`` is the code's registration when there is one (for the name)."""

    def __init__(self, message: str, *, code: str, registration: FairRegistration | None = None) -> None:
        super().__init__(message, code=code, errors={"code": [message]})
        self.registration = registration


def _door_open(fair: JobFair, now: dt.datetime) -> None:
    if not fair.is_onsite:
        raise CheckInRefused(_("本场为线上招聘会，无需现场签到"), code="not_onsite")
    if fair.status != FairStatus.PUBLISHED:
        raise CheckInRefused(
            _("招聘会未在进行中（%(s)s）") % {"s": fair.get_status_display()}, code="fair_not_open"
        )
    local = timezone.localtime(now)
    if not fair.starts_on <= local.date() <= fair.ends_on:
        raise CheckInRefused(
            _("今天不在招聘会日期内（%(a)s至%(b)s）") % {"a": fair.starts_on, "b": fair.ends_on},
            code="outside_dates",
        )
    if fair.opens_at and fair.closes_at:
        opens = dt.datetime.combine(local.date(), fair.opens_at, tzinfo=local.tzinfo) - EARLY_ENTRY
        closes = dt.datetime.combine(local.date(), fair.closes_at, tzinfo=local.tzinfo)
        if not opens <= local <= closes:
            raise CheckInRefused(
                _("不在入场时间内（%(a)s至%(b)s，可提前30分钟入场）")
                % {"a": fair.opens_at.strftime("%H:%M"), "b": fair.closes_at.strftime("%H:%M")},
                code="outside_hours",
            )


def _check_in_locked(fair: JobFair, registration: FairRegistration, actor: User, now: dt.datetime) -> None:
    if registration.checked_in_at is not None:
        at = timezone.localtime(registration.checked_in_at).strftime("%H:%M")
        raise CheckInRefused(
            _("已于 %(t)s 签到，无需重复签到") % {"t": at},
            code="already_checked_in",
            registration=registration,
        )
    _door_open(fair, now)
    registration.checked_in_at, registration.checked_in_by = now, actor
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    audit.record(
        action="fair.checked_in",
        obj=registration,
        actor=actor,
        data={"fair": fair.pk, "worker": registration.worker_id},
        market=fair.market_id,
    )
    _checkin_event(fair, registration)


def check_in(*, actor: User, fair_id: int, code: str, now: dt.datetime | None = None) -> FairRegistration:
    """Staff of the fair scan or type a worker's entry code: checked in once. Refusals are
    ``CheckInRefused`` (409) with the Chinese reason; nothing is written then."""
    now = now or timezone.now()
    typed = codes.normalise(code)
    if not typed:
        raise InvalidInput(_("请输入入场码"), errors={"code": [_("请输入入场码")]})
    with transaction.atomic():
        fair = _managed_fair(actor, fair_id)
        registration = (
            FairRegistration.objects.select_for_update(of=("self",))
            .select_related("worker")
            .filter(code=typed)
            .first()
        )
        if registration is None:
            raise CheckInRefused(_("入场码不存在，请核对后重新输入"), code="unknown_code")
        if registration.fair_id != fair.pk:
            raise CheckInRefused(_("该入场码不属于本场招聘会"), code="other_fair")
        _check_in_locked(fair, registration, actor, now)
    return registration


def is_door_staff(user: Any, fair: JobFair) -> bool:
    return is_staff(user) and can_manage_fair(user, fair)
