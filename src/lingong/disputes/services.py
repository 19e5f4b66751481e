"""Filing and acknowledging complaints (issue 11, section 1).

Evidence is checked whole before anything is written (type by content, size, count); files are written
inside the filing transaction and removed again if it rolls back, so a refused complaint leaves no row and
no file behind.

Upload size: a file may be up to ``MAX_FILE_BYTES`` here, but the request-size middleware
(core/middleware.py, ``DATA_UPLOAD_MAX_MEMORY_SIZE`` = 5 MB) refuses a larger request body with 413 first,
so through the API all files of one filing together stay under 5 MB until that cap is raised for this path.
"""

from __future__ import annotations

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

from lingong.accounts.access import is_staff, staff_can_act_for_enterprise, staff_can_see_station
from lingong.accounts.models import Role, User
from lingong.audit import trail
from lingong.core.errors import InvalidInput, NotFoundError
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
    evidence_storage,
)

__all__ = ["InvalidInput", "acknowledge", "evidence_storage", "file_complaint", "visible_complaint"]
from lingong.disputes.sniff import EXTENSIONS, sniff
from lingong.engagements.models import Engagement
from lingong.notifications.services import notify
from lingong.org.policy import policy_for

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 5


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
    if not is_staff(user) or user.market_id != complaint.market_id:
        return False
    if user.role == Role.MARKET_ADMIN:
        return True
    engagement = complaint.engagement
    if engagement is None:
        return False
    return staff_can_see_station(user, engagement.station) or staff_can_act_for_enterprise(
        user, engagement.enterprise
    )


def can_see(user: Any, complaint: Complaint) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.pk in (complaint.filed_by_id, complaint.other_party_id):
        return True
    return staff_in_scope(user, complaint)


def visible_complaint(user: Any, complaint_id: int) -> Complaint:
    complaint = (
        Complaint.objects.select_related("engagement__station", "engagement__enterprise", "market")
        .filter(pk=complaint_id)
        .first()
    )
    if complaint is None or not can_see(user, complaint):
        raise NotFoundError(_("投诉不存在"))
    return complaint


def my_complaints(user: Any) -> list[Complaint]:
    return list(
        Complaint.objects.filter(Q(filed_by=user) | Q(other_party=user)).order_by("-filed_at", "-pk")[:100]
    )


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
    if reason not in CloseReason.values:
        raise InvalidInput(_("请选择结案原因。"), errors={"reason": [_("请选择结案原因。")]})
    resolution = (resolution or "").strip()
    if len(resolution) > 1000:
        too_long = _("处理结果不能超过1000字。")
        raise InvalidInput(too_long, errors={"resolution": [too_long]})
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().filter(pk=complaint_id).first()
        if complaint is None:
            raise NotFoundError(_("投诉不存在"))
        complaint.close_reason = reason
        complaint.resolution = resolution
        fields = ["close_reason", "resolution", "due_at"]
        complaint.due_at = None
        if amount_recovered is not None:
            complaint.amount_recovered = amount_recovered
            fields.append("amount_recovered")
        COMPLAINT_LIFECYCLE.advance(
            complaint,
            ComplaintStatus.CLOSED,
            actor=actor,
            stamp="closed_at",
            fields=fields,
            data={"reason": reason, "amount_recovered": str(amount_recovered or "")},
            market=market or complaint.market,
            events=[
                (
                    [user_group(uid) for uid in (complaint.filed_by_id, complaint.other_party_id) if uid],
                    {"type": "complaint", "op": "closed", "id": complaint.pk},
                )
            ],
        )
        url = complaint_url(complaint)
        for user in [complaint.filed_by, complaint.other_party]:
            if user is None:
                continue
            notify(
                user=user,
                kind="complaint_closed",
                title=_("投诉%(number)s已结案：%(reason)s")
                % {"number": complaint.number, "reason": CloseReason(reason).label},
                url=url,
                link_text=_("查看投诉"),
                params={"number": complaint.number},
            )
    return complaint
