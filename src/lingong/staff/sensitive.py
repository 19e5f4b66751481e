"""Staff read a worker's full phone or ID number, or an employer contact's phone, only with a reason, and
every such read is logged (``audit.SensitiveRead``, plus an entry in the market's audit chain without the
number).

Pages and the API show numbers masked by default; "显示完整号码" calls ``reveal_*`` here. Who may read the
log: a market admin the whole market's reads (payroll exports with full ID numbers included); centre staff
the reads made by staff of their centre and its stations; station staff their own reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lingong.accounts.access import require_staff, staff_can_see_station
from lingong.accounts.models import Role
from lingong.audit import sensitive
from lingong.audit import trail as audit
from lingong.audit.models import SensitiveField, SensitiveRead
from lingong.core.errors import InvalidInput, NotFoundError
from lingong.core.masking import mask_id_number, mask_phone
from lingong.employers.models import Enterprise
from lingong.org.models import Station
from lingong.workers import selectors as worker_selectors
from lingong.workers.models import WorkerProfile

WORKER_FIELDS = (SensitiveField.PHONE, SensitiveField.ID_NUMBER)


@dataclass(frozen=True)
class Revealed:
    value: str
    field: str
    read: SensitiveRead


def worker_for_staff(actor: Any, worker_id: int) -> WorkerProfile:
    """A worker in the staff member's scope (their station, centre or market), else 404."""
    require_staff(actor)
    worker = worker_selectors.station_workers(actor).filter(pk=worker_id).first()
    if worker is None:
        raise NotFoundError(_("求职者不存在"))
    return worker


def enterprise_for_staff(actor: Any, enterprise_id: int) -> Enterprise:
    """An enterprise of the staff member's market they may deal with: its station's staff (and that station's
    centre), or the market's admins and reviewers when it has no station."""
    require_staff(actor)
    enterprise = (
        Enterprise.objects.select_related("station")
        .filter(pk=enterprise_id, market_id=actor.market_id)
        .first()
    )
    if enterprise is None:
        raise NotFoundError(_("用工单位不存在"))
    if enterprise.station is not None:
        allowed = staff_can_see_station(actor, enterprise.station)
    else:
        allowed = actor.role in (Role.MARKET_ADMIN, Role.CENTRE_STAFF)
    if not allowed:
        raise NotFoundError(_("用工单位不存在"))
    return enterprise


def masked_worker_value(worker: WorkerProfile, field: str) -> str:
    if field == SensitiveField.PHONE:
        return mask_phone(worker.user.phone)
    return mask_id_number(worker.id_number or "")


def reveal_worker(
    *, actor: Any, worker_id: int, field: str, reason: str, note: str = "", ip: str | None = None
) -> Revealed:
    """The worker's full phone or ID number, after logging who, when, why and from where."""
    if field not in WORKER_FIELDS:
        raise InvalidInput(_("无法查看该信息。"), errors={"field": [_("无效")]})
    worker = worker_for_staff(actor, worker_id)
    value = worker.user.phone if field == SensitiveField.PHONE else (worker.id_number or "")
    if not value:
        raise NotFoundError(_("该求职者尚未登记此信息"))
    with transaction.atomic():
        read = sensitive.record_read(
            actor=actor,
            field=field,
            subject=worker,
            subject_user=worker.user,
            subject_label=worker.masked_name or worker.user.masked_phone,
            reason=reason,
            note=note,
            market_id=worker.market_id,
            ip=ip,
        )
        _trail(actor, worker, read)
    return Revealed(value=value, field=field, read=read)


def reveal_enterprise_contact(
    *, actor: Any, enterprise_id: int, reason: str, note: str = "", ip: str | None = None
) -> Revealed:
    """An employer contact's full phone (staff call them to verify the registration), logged the same way."""
    enterprise = enterprise_for_staff(actor, enterprise_id)
    with transaction.atomic():
        read = sensitive.record_read(
            actor=actor,
            field=SensitiveField.PHONE,
            subject=enterprise,
            subject_label=f"{enterprise.name} {enterprise.masked_contact_name}",
            reason=reason,
            note=note,
            market_id=enterprise.market_id,
            ip=ip,
        )
        _trail(actor, enterprise, read)
    return Revealed(value=enterprise.contact_phone, field=SensitiveField.PHONE, read=read)


def _trail(actor: Any, obj: Any, read: SensitiveRead) -> None:
    """The market's hash chain also holds the read (never the number): the log cannot be thinned quietly."""
    audit.record(
        action="sensitive.revealed",
        obj=obj,
        actor=actor,
        data={"field": read.field, "reason": read.reason, "read_id": read.pk},
        market=read.market_id or None,
    )


def reads_for(actor: Any) -> QuerySet[SensitiveRead]:
    """The log as the staff member may read it, newest first (see the module docstring for the scope)."""
    require_staff(actor)
    qs = SensitiveRead.objects.filter(market_id=actor.market_id)
    if actor.role == Role.CENTRE_STAFF:
        stations = Station.objects.filter(centre_id=actor.centre_id).values("pk")
        qs = qs.filter(
            Q(actor=actor)
            | Q(actor_role=Role.CENTRE_STAFF, centre_id=actor.centre_id)
            | Q(actor_role=Role.STATION_STAFF, station_id__in=stations)
        )
    elif actor.role != Role.MARKET_ADMIN:
        qs = qs.filter(actor=actor)
    return qs.select_related("actor").order_by("-at", "-id")
