"""Filing and acknowledging complaints (issue 11, section 1).

Evidence is checked whole before anything is written (type by content, size, count); files are written
inside the filing transaction and removed again if it rolls back, so a refused complaint leaves no row and
no file behind.

Upload size: a file may be up to ``MAX_FILE_BYTES``; the filing paths take a body of up to 51 MB
(``settings.UPLOAD_BODY_LIMITS``), and a larger one is refused with 413 before it is read (core.bodylimit).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.access import is_staff
from lingong.accounts.models import Role, User
from lingong.audit import trail
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.core.events import send_event_on_commit, user_group
from lingong.core.worktime import add_working_days
from lingong.disputes.models import (
    COMPLAINT_LIFECYCLE,
    CloseReason,
    Complaint,
    ComplaintCounter,
    ComplaintKind,
    ComplaintStatus,
    Evidence,
    FilerRole,
    HandlingLevel,
    Mediator,
    evidence_storage,
)

__all__ = ["InvalidInput", "acknowledge", "evidence_storage", "file_complaint", "visible_complaint"]
from lingong.disputes import selectors
from lingong.disputes.signals import complaint_closed
from lingong.disputes.sniff import EXTENSIONS, sniff
from lingong.engagements.models import Engagement
from lingong.notifications.services import notify
from lingong.org.models import ServiceCentre, Station
from lingong.org.policy import policy_for
from lingong.settlement.models import Payment, PaymentStatus

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
MAX_ID = 2_147_483_647  # ids beyond a 32-bit key are nobody's (and overflow SQLite)


@dataclass
class ComplaintInput:
    kind: str = ""
    what_happened: str = ""
    asks_for: str = ""
    amount_claimed: Any = None
    engagement_id: int | None = None
    urgent: bool = False


def complaint_url(complaint: Complaint) -> str:
    return reverse("disputes:detail", args=[complaint.pk])


def employer_users(enterprise: Any) -> list[User]:
    return list(User.objects.filter(membership__enterprise=enterprise).order_by("pk"))


def _party_role(user: Any, engagement: Engagement) -> str | None:
    if engagement.worker.user_id == user.pk:
        return FilerRole.WORKER
    membership = getattr(user, "membership", None)
    if membership is not None and membership.enterprise_id == engagement.enterprise_id:
        return FilerRole.EMPLOYER
    return None


def _validate(data: ComplaintInput) -> tuple[dict[str, list[str]], Decimal | None]:
    errors: dict[str, list[str]] = {}
    if data.kind not in ComplaintKind.values:
        errors["kind"] = [_("请选择投诉类型。")]
    what = (data.what_happened or "").strip()
    if not what:
        errors["what_happened"] = [_("请填写事情经过。")]
    elif len(what) > 2000:
        errors["what_happened"] = [_("事情经过不能超过2000字。")]
    asks = (data.asks_for or "").strip()
    if not asks:
        errors["asks_for"] = [_("请填写您的诉求。")]
    elif len(asks) > 500:
        errors["asks_for"] = [_("诉求不能超过500字。")]
    amount: Decimal | None = None
    if data.amount_claimed not in (None, ""):
        try:
            amount = Decimal(str(data.amount_claimed))
        except InvalidOperation:
            errors["amount_claimed"] = [_("请输入正确的金额。")]
        else:
            if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
                errors["amount_claimed"] = [_("请输入正确的金额。")]
            else:
                amount = amount.quantize(Decimal("0.01"))
    return errors, amount


@dataclass
class _Checked:
    name: str
    content: bytes
    content_type: str


def _check_files(files: list[Any]) -> tuple[list[_Checked], list[str]]:
    problems: list[str] = []
    checked: list[_Checked] = []
    if len(files) > MAX_FILES:
        problems.append(_("每次投诉最多上传%(n)d个文件。") % {"n": MAX_FILES})
        return [], problems
    for upload in files:
        name = str(getattr(upload, "name", "") or "file")[-200:]
        size = getattr(upload, "size", None)
        if size is not None and size > MAX_FILE_BYTES:
            problems.append(_("“%(name)s”超过10MB。") % {"name": name})
            continue
        content = upload.read(MAX_FILE_BYTES + 1)
        if len(content) > MAX_FILE_BYTES:
            problems.append(_("“%(name)s”超过10MB。") % {"name": name})
            continue
        kind = sniff(content[:32])
        if kind is None:
            problems.append(_("“%(name)s”不是照片、PDF或录音文件。") % {"name": name})
            continue
        checked.append(_Checked(name=name, content=content, content_type=kind))
    return checked, problems


def _next_number(market: Any, year: int) -> str:
    counter, _created = ComplaintCounter.objects.get_or_create(market=market, year=year)
    counter = ComplaintCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"TS-{year}-{counter.last:06d}"


def file_complaint(*, actor: Any, data: ComplaintInput, files: list[Any] | None = None) -> Complaint:
    """File a complaint (with evidence) in one transaction; notify both sides after it commits."""
    if not getattr(actor, "is_authenticated", False):
        raise NotFoundError(_("用工单不存在"))
    engagement: Engagement | None = None
    role = FilerRole.EMPLOYER if actor.role in (Role.EMPLOYER,) else FilerRole.WORKER
    if data.engagement_id is not None:
        engagement = (
            Engagement.objects.select_related("worker__user", "enterprise", "market")
            .filter(pk=data.engagement_id)
            .first()
        )
        party = _party_role(actor, engagement) if engagement is not None else None
        if engagement is None or party is None:
            raise NotFoundError(_("用工单不存在"))
        role = FilerRole(party)
    errors, amount = _validate(data)
    checked, problems = _check_files(list(files or []))
    if problems:
        errors["files"] = problems
    if errors:
        raise InvalidInput(_("请检查填写的内容。"), errors=errors)
    market = engagement.market if engagement is not None else actor.market
    if market is None:
        raise InvalidInput(_("您的账户尚未关联零工市场。"), errors={"engagement_id": [_("请选择用工单。")]})
    other: User | None = None
    if engagement is not None:
        if role == FilerRole.WORKER:
            members = employer_users(engagement.enterprise)
            other = members[0] if members else None
        else:
            other = engagement.worker.user
    storage = evidence_storage()
    written: list[str] = []
    now = timezone.now()
    acknowledge_deadline = add_working_days(now, policy_for(market.pk).complaint_ack_working_days)
    try:
        with transaction.atomic():
            number = _next_number(market, timezone.localtime(now).year)
            complaint = Complaint.objects.create(
                number=number,
                market=market,
                filed_by=actor,
                filer_role=role,
                engagement=engagement,
                other_party=other,
                kind=data.kind,
                what_happened=data.what_happened.strip(),
                asks_for=data.asks_for.strip(),
                amount_claimed=amount,
                urgent=bool(data.urgent),
                filed_at=now,
                acknowledge_by=acknowledge_deadline,
                due_at=acknowledge_deadline,
                station=engagement.station if engagement is not None else None,
                centre=engagement.station.centre if engagement is not None and engagement.station else None,
            )
            for item in checked:
                name = secrets.token_hex(20) + EXTENSIONS[item.content_type]
                saved = storage.save(name, ContentFile(item.content))
                written.append(saved)
                Evidence.objects.create(
                    complaint=complaint,
                    file=saved,
                    original_name=item.name,
                    content_type=item.content_type,
                    size=len(item.content),
                    sha256=hashlib.sha256(item.content).hexdigest(),
                    uploaded_by=actor,
                    uploaded_at=now,
                )
            trail.record(
                action="complaint.filed",
                obj=complaint,
                actor=actor,
                data={
                    "number": number,
                    "kind": data.kind,
                    "engagement": engagement.pk if engagement else None,
                    "evidence": [c.content_type for c in checked],
                },
            )
            url = complaint_url(complaint)
            notify(
                user=actor,
                kind="complaint_filed",
                title=_("您的投诉已提交，编号%(number)s") % {"number": number},
                url=url,
                link_text=_("查看投诉"),
                params={"number": number},
            )
            trail.record(
                action="complaint.filer_notified", obj=complaint, actor=actor, data={"number": number}
            )
            if other is not None:
                notify(
                    user=other,
                    kind="complaint_against",
                    title=_("有人就您的用工提交了投诉"),
                    url=url,
                    link_text=_("查看投诉"),
                    params={"number": number},
                )
                trail.record(
                    action="complaint.other_party_notified",
                    obj=complaint,
                    actor=actor,
                    data={"user": other.pk},
                )
            send_event_on_commit(
                [user_group(actor.pk)],
                {"type": "complaint", "op": "filed", "id": complaint.pk, "number": number},
            )
    except BaseException:
        for name in written:
            storage.delete(name)
        raise
    return complaint


def staff_in_scope(user: Any, complaint: Complaint) -> bool:
    """Staff whose unit holds the complaint (market admin: the market; centre staff: their centre or its
    stations; station staff: their station), or the staff member assigned to it as mediator."""
    if not is_staff(user) or user.market_id != complaint.market_id:
        return False
    return selectors.unit_in_scope(user, complaint) or selectors.is_assigned_mediator(user, complaint)


def can_see(user: Any, complaint: Complaint) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.pk in (complaint.filed_by_id, complaint.other_party_id):
        return True
    engagement = complaint.engagement
    if engagement is not None and _member_of(user) == engagement.enterprise_id:
        return True  # every member of the employer sees a complaint about its engagement
    return staff_in_scope(user, complaint) or selectors.is_assigned_mediator(user, complaint)


def visible_complaint(user: Any, complaint_id: int) -> Complaint:
    complaint = (
        Complaint.objects.select_related(
            "engagement__station", "engagement__enterprise", "market", "station", "centre", "mediator"
        )
        .filter(pk=complaint_id)
        .first()
    )
    if complaint is None or not can_see(user, complaint):
        raise NotFoundError(_("投诉不存在"))
    return complaint


def _member_of(user: Any) -> int | None:
    """The enterprise the user is a member of, or None."""
    membership = getattr(user, "membership", None)
    return membership.enterprise_id if membership is not None else None


def my_complaints(user: Any) -> list[Complaint]:
    """Complaints the user filed or that are about them (for an employer's member: about any engagement of
    the enterprise, whichever member the notification went to)."""
    mine = Q(filed_by=user) | Q(other_party=user)
    enterprise_id = _member_of(user)
    if enterprise_id is not None:
        mine |= Q(engagement__enterprise_id=enterprise_id)
    return list(Complaint.objects.filter(mine).order_by("-filed_at", "-pk")[:100])


def acknowledge(*, actor: Any, complaint_id: int) -> Complaint:
    """Staff in scope acknowledge (受理) a filed complaint; both sides are told."""
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().filter(pk=complaint_id).first()
        if complaint is None or not is_staff(actor):
            raise NotFoundError(_("投诉不存在"))
        complaint = visible_complaint(actor, complaint.pk)
        if not staff_in_scope(actor, complaint):
            raise NotFoundError(_("投诉不存在"))
        COMPLAINT_LIFECYCLE.advance(
            complaint,
            ComplaintStatus.ACKNOWLEDGED,
            actor=actor,
            stamp="acknowledged_at",
            events=[
                (
                    [user_group(complaint.filed_by_id)],
                    {"type": "complaint", "op": "acknowledged", "id": complaint.pk},
                )
            ],
        )
        # From now on the clock is the mediation's (the mediation part moves it when a case opens).
        assert complaint.acknowledged_at is not None
        complaint.due_at = complaint.acknowledged_at + dt.timedelta(
            days=policy_for(complaint.market_id).mediation_days
        )
        complaint.save(update_fields=["due_at"])
        url = complaint_url(complaint)
        for user in [complaint.filed_by, complaint.other_party]:
            if user is None:
                continue
            notify(
                user=user,
                kind="complaint_acknowledged",
                title=_("投诉%(number)s已受理") % {"number": complaint.number},
                url=url,
                link_text=_("查看投诉"),
                params={"number": complaint.number},
            )
    return complaint


def _check_close_input(reason: str, resolution: str, amount_recovered: Any) -> tuple[str, Decimal | None]:
    if reason not in CloseReason.values:
        raise InvalidInput(_("请选择结案原因。"), errors={"reason": [_("请选择结案原因。")]})
    resolution = (resolution or "").strip()
    if len(resolution) > 1000:
        too_long = _("处理结果不能超过1000字。")
        raise InvalidInput(too_long, errors={"resolution": [too_long]})
    amount: Decimal | None = None
    if amount_recovered not in (None, ""):
        try:
            amount = Decimal(str(amount_recovered))
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
            bad = _("请输入正确的金额。")
            raise InvalidInput(bad, errors={"amount_recovered": [bad]})
        amount = amount.quantize(Decimal("0.01"))
    return resolution, amount


def _close_locked(
    complaint: Complaint,
    *,
    actor: Any,
    reason: str,
    resolution: str,
    amount_recovered: Decimal | None,
    market: Any = None,
    fields: tuple[str, ...] = (),
    data: dict[str, Any] | None = None,
    title: str = "",
) -> Complaint:
    """Close a locked complaint: one lifecycle step, audited; both sides told."""
    COMPLAINT_LIFECYCLE.guard(complaint, ComplaintStatus.CLOSED)
    complaint.close_reason = reason
    complaint.resolution = resolution
    complaint.due_at = None
    update = ["close_reason", "resolution", "due_at", *fields]
    if amount_recovered is not None:
        complaint.amount_recovered = amount_recovered
        update.append("amount_recovered")
    COMPLAINT_LIFECYCLE.advance(
        complaint,
        ComplaintStatus.CLOSED,
        actor=actor,
        stamp="closed_at",
        fields=update,
        data={"reason": reason, "amount_recovered": str(amount_recovered or ""), **(data or {})},
        market=market or complaint.market,
        events=[
            (
                [user_group(uid) for uid in (complaint.filed_by_id, complaint.other_party_id) if uid],
                {"type": "complaint", "op": "closed", "id": complaint.pk},
            )
        ],
    )
    _tell_parties(
        complaint,
        kind="complaint_closed",
        title=title
        or _("投诉%(number)s已结案：%(reason)s")
        % {"number": complaint.number, "reason": CloseReason(reason).label},
    )
    complaint_closed.send(sender=Complaint, complaint=complaint, actor=actor, reason=str(reason))
    return complaint


def close_complaint(
    *,
    actor: Any,
    complaint_id: int,
    reason: str,
    resolution: str = "",
    amount_recovered: Decimal | None = None,
    market: Any = None,
) -> Complaint:
    """Close a complaint (结案) with its reason; both sides are told. Callers check who may close it.

    ``actor`` may be None for a close the platform makes itself (the employer paid in full, an agreement
    was kept); ``market`` then names the audit chain. Closing twice is refused (409 invalid_transition).
    """
    resolution, amount = _check_close_input(reason, resolution, amount_recovered)
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().filter(pk=complaint_id).first()
        if complaint is None:
            raise NotFoundError(_("投诉不存在"))
        return _close_locked(
            complaint,
            actor=actor,
            reason=reason,
            resolution=resolution,
            amount_recovered=amount,
            market=market,
        )


# --- Triage (staff in scope) ------------------------------------------------------------------------------


def staff_case_url(complaint: Complaint) -> str:
    return reverse("disputes:staff_case", args=[complaint.pk])


def _tell_parties(complaint: Complaint, *, kind: str, title: str, extra: list[Any] | None = None) -> None:
    """Notify the filer and the other party (and ``extra`` staff, linked to the staff case page)."""
    url = complaint_url(complaint)
    for user in [complaint.filed_by, complaint.other_party]:
        if user is None:
            continue
        notify(
            user=user,
            kind=kind,
            title=title,
            url=url,
            link_text=_("查看投诉"),
            params={"number": complaint.number},
        )
    for user in extra or []:
        notify(
            user=user,
            kind=kind,
            title=title,
            url=staff_case_url(complaint),
            link_text=_("办理投诉"),
            params={"number": complaint.number},
            sms=False,
        )


def _lock_in_scope(actor: Any, complaint_id: int) -> Complaint:
    """The complaint, locked, if the actor is staff in its scope; 404 otherwise (nothing revealed)."""
    if not is_staff(actor):
        raise NotFoundError(_("投诉不存在"))
    complaint = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("station", "centre", "market", "filed_by", "other_party")
        .filter(pk=complaint_id)
        .first()
    )
    if complaint is None or not staff_in_scope(actor, complaint):
        raise NotFoundError(_("投诉不存在"))
    return complaint


def _refuse_closed(complaint: Complaint) -> None:
    if complaint.status == ComplaintStatus.CLOSED:
        raise ConflictError(COMPLAINT_LIFECYCLE.refusal(complaint.status), code="invalid_transition")


def _event(complaint: Complaint, op: str) -> None:
    send_event_on_commit(
        [user_group(uid) for uid in (complaint.filed_by_id, complaint.other_party_id) if uid],
        {"type": "complaint", "op": op, "id": complaint.pk},
    )


def _int_or_none(value: Any, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError
    except (TypeError, ValueError):
        raise InvalidInput(_("请检查填写的内容。"), errors={name: [_("编号无效。")]}) from None
    return number


def assign(
    *, actor: Any, complaint_id: int, station_id: Any = None, centre_id: Any = None, mediator_id: Any = None
) -> Complaint:
    """Give the complaint to a unit (a station, or a centre) and/or a mediator of the market's roster.

    An unknown unit or mediator, an inactive mediator or one with ``max_open_cases`` open cases: 422.
    """
    station_pk = _int_or_none(station_id, "station_id")
    centre_pk = _int_or_none(centre_id, "centre_id")
    mediator_pk = _int_or_none(mediator_id, "mediator_id")
    if station_pk is None and centre_pk is None and mediator_pk is None:
        message = _("请选择承办驿站、服务中心或调解员。")
        raise InvalidInput(message, errors={"mediator_id": [message]})
    with transaction.atomic():
        complaint = _lock_in_scope(actor, complaint_id)
        _refuse_closed(complaint)
        errors: dict[str, list[str]] = {}
        station = centre = mediator = None
        if station_pk is not None:
            station = Station.objects.filter(pk=station_pk, market_id=complaint.market_id).first()
            if station is None:
                errors["station_id"] = [_("驿站不存在。")]
        if centre_pk is not None:
            centre = ServiceCentre.objects.filter(pk=centre_pk, market_id=complaint.market_id).first()
            if centre is None:
                errors["centre_id"] = [_("服务中心不存在。")]
            elif station is not None and station.centre_id != centre.pk:
                errors["centre_id"] = [_("所选驿站不属于该服务中心。")]
        if mediator_pk is not None:
            mediator = (
                Mediator.objects.select_for_update(of=("self",))
                .filter(pk=mediator_pk, market_id=complaint.market_id)
                .select_related("user")
                .first()
            )
            if mediator is None:
                errors["mediator_id"] = [_("调解员不存在。")]
            elif not mediator.active:
                errors["mediator_id"] = [_("该调解员已停用，请选择其他调解员。")]
            elif mediator.pk != complaint.mediator_id and (
                selectors.open_case_count(mediator.pk) >= mediator.max_open_cases
            ):
                errors["mediator_id"] = [
                    _("该调解员在办案件已达上限（%(n)d件），请选择其他调解员。")
                    % {"n": mediator.max_open_cases}
                ]
        if errors:
            raise InvalidInput(_("请检查填写的内容。"), errors=errors)
        fields: list[str] = []
        if station is not None:
            complaint.station, complaint.centre = station, station.centre
            fields += ["station", "centre"]
        elif centre is not None:
            complaint.station, complaint.centre = None, centre
            fields += ["station", "centre"]
            if complaint.level == HandlingLevel.STATION:
                complaint.level = HandlingLevel.CENTRE
                fields.append("level")
        if mediator is not None:
            complaint.mediator = mediator
            fields.append("mediator")
        complaint.save(update_fields=fields)
        trail.record(
            action="complaint.assigned",
            obj=complaint,
            actor=actor,
            data={
                "station": complaint.station_id,
                "centre": complaint.centre_id,
                "mediator": complaint.mediator_id,
                "level": complaint.level,
            },
        )
        unit = complaint.station or complaint.centre
        handler = mediator.display_name if mediator is not None else (unit.name if unit else "")
        _tell_parties(
            complaint,
            kind="complaint_assigned",
            title=_("投诉%(number)s已交由%(handler)s办理") % {"number": complaint.number, "handler": handler},
            extra=[mediator.user] if mediator is not None and mediator.user_id != actor.pk else [],
        )
        _event(complaint, "assigned")
    return complaint


def set_urgent(*, actor: Any, complaint_id: int, urgent: bool) -> Complaint:
    """Mark (or unmark) a complaint urgent: it goes to the top of the queue."""
    with transaction.atomic():
        complaint = _lock_in_scope(actor, complaint_id)
        _refuse_closed(complaint)
        if complaint.urgent == bool(urgent):
            return complaint
        complaint.urgent = bool(urgent)
        complaint.save(update_fields=["urgent"])
        trail.record(
            action="complaint.urgent_marked" if urgent else "complaint.urgent_unmarked",
            obj=complaint,
            actor=actor,
            data={"urgent": bool(urgent)},
        )
        title = (
            _("投诉%(number)s已列为紧急，将优先办理") if urgent else _("投诉%(number)s已取消紧急标记")
        ) % {"number": complaint.number}
        _tell_parties(complaint, kind="complaint_urgent", title=title)
        _event(complaint, "urgent")
    return complaint


def merge(*, actor: Any, complaint_id: int, into_id: Any) -> Complaint:
    """Merge a duplicate into another complaint of the same market: the duplicate closes (MERGED, with
    ``merged_into``); its evidence is read from the kept one. Returns the kept complaint."""
    into_pk = _int_or_none(into_id, "into_id")
    bad = _("请选择要合并到的投诉。")
    if into_pk is None:
        raise InvalidInput(bad, errors={"into_id": [bad]})
    if into_pk == complaint_id:
        itself = _("不能把投诉合并到它自己。")
        raise InvalidInput(itself, errors={"into_id": [itself]})
    with transaction.atomic():
        # Lock both in id order so two merges the other way round cannot deadlock.
        first, second = sorted((complaint_id, into_pk))
        Complaint.objects.select_for_update().filter(pk__in=(first, second)).order_by("pk").count()
        duplicate = _lock_in_scope(actor, complaint_id)
        _refuse_closed(duplicate)
        kept = (
            Complaint.objects.select_for_update(of=("self",))
            .select_related("station", "centre", "filed_by", "other_party")
            .filter(pk=into_pk)
            .first()
        )
        if kept is None or kept.market_id != duplicate.market_id or not staff_in_scope(actor, kept):
            unknown = _("要合并到的投诉不存在或不在本市场。")
            raise InvalidInput(unknown, errors={"into_id": [unknown]})
        if kept.status == ComplaintStatus.CLOSED:
            closed = _("要合并到的投诉已结案，不能合并。")
            raise InvalidInput(closed, errors={"into_id": [closed]})
        duplicate.merged_into = kept
        _close_locked(
            duplicate,
            actor=actor,
            reason=CloseReason.MERGED,
            resolution=_("与投诉%(number)s合并办理。") % {"number": kept.number},
            amount_recovered=None,
            fields=("merged_into",),
            data={"merged_into": kept.pk},
            title=_("投诉%(number)s已与投诉%(kept)s合并办理")
            % {"number": duplicate.number, "kept": kept.number},
        )
        if kept.urgent is False and duplicate.urgent:
            kept.urgent = True
            kept.save(update_fields=["urgent"])
        trail.record(
            action="complaint.merged_in",
            obj=kept,
            actor=actor,
            data={"duplicate": duplicate.pk, "number": duplicate.number},
        )
        _tell_parties(
            kept,
            kind="complaint_merged",
            title=_("投诉%(dup)s已并入投诉%(number)s一并办理")
            % {"dup": duplicate.number, "number": kept.number},
        )
        _event(kept, "merged")
    return kept


def close_by_staff(
    *, actor: Any, complaint_id: int, reason: str, resolution: str = "", amount_recovered: Any = None
) -> Complaint:
    """Staff in scope close a complaint with a reason (a duplicate is merged, not closed)."""
    resolution, amount = _check_close_input(reason, resolution, amount_recovered)
    if reason == CloseReason.MERGED:
        use_merge = _("合并重复投诉请使用“合并”。")
        raise InvalidInput(use_merge, errors={"reason": [use_merge]})
    with transaction.atomic():
        complaint = _lock_in_scope(actor, complaint_id)
        return _close_locked(
            complaint, actor=actor, reason=reason, resolution=resolution, amount_recovered=amount
        )


def withdraw(*, actor: Any, complaint_id: int, note: str = "") -> Complaint:
    """The filer withdraws (撤回) their complaint; anyone else: 404 (the other party: 403)."""
    note = (note or "").strip()
    if len(note) > 500:
        too_long = _("撤回说明不能超过500字。")
        raise InvalidInput(too_long, errors={"note": [too_long]})
    with transaction.atomic():
        complaint = (
            Complaint.objects.select_for_update(of=("self",))
            .select_related("filed_by", "other_party")
            .filter(pk=complaint_id)
            .first()
        )
        if complaint is None or not can_see(actor, complaint):
            raise NotFoundError(_("投诉不存在"))
        if complaint.filed_by_id != actor.pk:
            raise PermissionDeniedError(_("只有投诉人本人可以撤回投诉。"))
        return _close_locked(
            complaint,
            actor=actor,
            reason=CloseReason.WITHDRAWN,
            resolution=note or _("投诉人撤回投诉。"),
            amount_recovered=None,
            title=_("投诉%(number)s已由投诉人撤回") % {"number": complaint.number},
        )


# --- Escalation -------------------------------------------------------------------------------------------

NEXT_LEVEL = {HandlingLevel.STATION: HandlingLevel.CENTRE, HandlingLevel.CENTRE: HandlingLevel.MARKET}


def _centre_id_of(complaint: Complaint) -> int | None:
    if complaint.centre_id is not None:
        return complaint.centre_id
    return complaint.station.centre_id if complaint.station is not None else None


def _staff_of_level(complaint: Complaint, level: str) -> list[User]:
    active = User.objects.filter(is_active=True, market_id=complaint.market_id).order_by("pk")
    if level == HandlingLevel.CENTRE:
        return list(active.filter(role=Role.CENTRE_STAFF, centre_id=_centre_id_of(complaint)))
    return list(active.filter(role=Role.MARKET_ADMIN))


def escalate_overdue(now: dt.datetime | None = None) -> int:
    """Move each open complaint past its deadline up one level (station -> centre -> market admin) once it
    has been at its level ``complaint_escalation_hours`` past due. Idempotent; returns how many moved."""
    now = now or timezone.now()
    candidates = list(
        Complaint.objects.filter(status__in=selectors.OPEN_STATUSES, due_at__lt=now)
        .exclude(level=HandlingLevel.MARKET)
        .values_list("pk", flat=True)
        .order_by("pk")
    )
    moved = 0
    for pk in candidates:
        if _escalate_one(pk, now):
            moved += 1
    return moved


def _escalate_one(complaint_id: int, now: dt.datetime) -> bool:
    with transaction.atomic():
        complaint = (
            Complaint.objects.select_for_update(of=("self",))
            .select_related("station", "filed_by", "other_party")
            .filter(pk=complaint_id)
            .first()
        )
        if (
            complaint is None
            or complaint.status not in selectors.OPEN_STATUSES
            or complaint.due_at is None
            or complaint.level not in NEXT_LEVEL
        ):
            return False
        hours = policy_for(complaint.market_id).complaint_escalation_hours
        since = max(complaint.due_at, complaint.escalated_at or complaint.due_at)
        if now < since + dt.timedelta(hours=hours):
            return False
        previous = complaint.level
        level = NEXT_LEVEL[HandlingLevel(previous)]
        if level == HandlingLevel.CENTRE and _centre_id_of(complaint) is None:
            level = HandlingLevel.MARKET  # no centre answers for it: straight to the market admins
        complaint.level = level
        complaint.escalated_at = now
        complaint.save(update_fields=["level", "escalated_at"])
        trail.record(
            action="complaint.escalated",
            obj=complaint,
            actor=None,
            market=complaint.market_id,
            data={"from": previous, "to": level, "due_at": complaint.due_at.isoformat()},
        )
        _tell_parties(
            complaint,
            kind="complaint_escalated",
            title=_("投诉%(number)s办理超期，已上报至%(level)s")
            % {"number": complaint.number, "level": HandlingLevel(level).label},
            extra=_staff_of_level(complaint, level),
        )
        _event(complaint, "escalated")
    return True


# --- Wage complaints close with the arrears ---------------------------------------------------------------


def close_paid_wage_complaints(engagement_id: int, actor: Any = None) -> list[Complaint]:
    """The employer paid everything overdue (the arrears flag resolved): the engagement's open wage
    complaints close with reason PAID and what was paid since each was filed. Runs in the caller's
    transaction, so the flag and the complaints close together."""
    closed = []
    ids = list(
        Complaint.objects.filter(
            engagement_id=engagement_id, kind=ComplaintKind.UNPAID_PAY, status__in=selectors.LIVE_STATUSES
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in ids:
        complaint = (
            Complaint.objects.select_for_update(of=("self",))
            .select_related("filed_by", "other_party", "market")
            .get(pk=pk)
        )
        if not COMPLAINT_LIFECYCLE.allows(complaint.status, ComplaintStatus.CLOSED):
            continue
        paid = sum(
            (
                p.amount
                for p in Payment.objects.filter(
                    statement__engagement_id=engagement_id,
                    status=PaymentStatus.SUCCEEDED,
                    paid_at__gte=complaint.filed_at,
                )
            ),
            Decimal("0.00"),
        )
        closed.append(
            _close_locked(
                complaint,
                actor=actor,
                reason=CloseReason.PAID,
                resolution=_("用工方已足额支付工资，欠薪预警已解除。"),
                amount_recovered=paid,
                market=complaint.market_id,
                title=_("投诉%(number)s已结案：用工方已足额支付工资（%(amount)s元）")
                % {"number": complaint.number, "amount": paid},
            )
        )
    return closed


# --- The mediator roster (market admins) ------------------------------------------------------------------


def _require_market_admin(actor: Any) -> None:
    if not is_staff(actor) or actor.role != Role.MARKET_ADMIN:
        raise PermissionDeniedError(_("调解员名册由市场管理员维护。"))


@dataclass
class MediatorInput:
    phone: str = ""
    display_name: str = ""
    station_id: Any = None
    centre_id: Any = None
    max_open_cases: Any = 20


def add_mediator(*, actor: Any, data: MediatorInput) -> Mediator:
    """Put an account of the market on the mediator roster (or back on it), with its unit and case limit."""
    _require_market_admin(actor)
    errors: dict[str, list[str]] = {}
    name = (data.display_name or "").strip()
    if not 2 <= len(name) <= 40:
        errors["display_name"] = [_("请填写2至40字的姓名。")]
    try:
        limit = int(data.max_open_cases)
        if not 1 <= limit <= 200:
            raise ValueError
    except (TypeError, ValueError):
        limit = 0
        errors["max_open_cases"] = [_("同时办理上限应为1至200。")]
    user = User.objects.filter(phone=(data.phone or "").strip()[:20], market_id=actor.market_id).first()
    if user is None:
        errors["phone"] = [_("本市场没有这个手机号的账户。")]
    station_pk = _int_or_none(data.station_id, "station_id")
    centre_pk = _int_or_none(data.centre_id, "centre_id")
    station = Station.objects.filter(pk=station_pk, market_id=actor.market_id).first() if station_pk else None
    centre = (
        ServiceCentre.objects.filter(pk=centre_pk, market_id=actor.market_id).first() if centre_pk else None
    )
    if station_pk and station is None:
        errors["station_id"] = [_("驿站不存在。")]
    if centre_pk and centre is None:
        errors["centre_id"] = [_("服务中心不存在。")]
    if errors:
        raise InvalidInput(_("请检查填写的内容。"), errors=errors)
    assert user is not None
    with transaction.atomic():
        mediator = Mediator.objects.select_for_update().filter(user=user).first()
        if mediator is None:
            mediator = Mediator(user=user, market_id=actor.market_id)
        elif mediator.market_id != actor.market_id:
            taken = _("该账户已是其他市场的调解员。")
            raise InvalidInput(taken, errors={"phone": [taken]})
        mediator.display_name = name
        mediator.station = station
        mediator.centre = centre or (station.centre if station is not None else None)
        mediator.max_open_cases = limit
        mediator.active = True
        mediator.save()
        trail.record(
            action="mediator.added",
            obj=mediator,
            actor=actor,
            data={
                "user": user.pk,
                "station": mediator.station_id,
                "centre": mediator.centre_id,
                "max": limit,
            },
        )
    return mediator


def set_mediator_active(*, actor: Any, mediator_id: int, active: bool) -> Mediator:
    """Take a mediator off the roster (their open cases stay with them until reassigned) or back on."""
    _require_market_admin(actor)
    with transaction.atomic():
        mediator = (
            Mediator.objects.select_for_update().filter(pk=mediator_id, market_id=actor.market_id).first()
        )
        if mediator is None:
            raise NotFoundError(_("调解员不存在"))
        if mediator.active != bool(active):
            mediator.active = bool(active)
            mediator.save(update_fields=["active"])
            trail.record(
                action="mediator.activated" if active else "mediator.deactivated",
                obj=mediator,
                actor=actor,
                data={"open_cases": selectors.open_case_count(mediator.pk)},
            )
    return mediator
