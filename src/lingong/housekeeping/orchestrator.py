"""A worker accepts a housekeeping offer: the booking becomes an engagement (上门服务即用工单).

One transaction, locks in this order: the booking, then the worker row, then the offer. In it: a one-place
posting (source channel HOUSEKEEPING, created FILLED by ``jobs.services.create_direct_hire``: never on the
board, in recommendations or in the matching index as open) with its accepted application, the
engagement (``engagements.services.create_for_application``: the booking's address and location are the
site, so check-in at the address works by the usual geofence) and the contract's first version (the
家政服务协议 template, chosen by the posting's source channel); after commit the contract is rendered by
``workflow.tasks.render_contract``, as ``workflow.chain.accept_offer`` does.

Pay: the quoted price is what the worker earns (no platform share). A visit is paid as one piece
(PayUnit.PIECE, rate = the quoted price; the worker checks out with quantity 1), so it settles as one
amount whatever the minutes. A term or monthly booking has daily shifts over its days, paid by the day
(PayUnit.DAY, rate = the quoted price over the days, to the fen).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.models import User
from lingong.contracts import services as contracts
from lingong.core.errors import ConflictError, NotFoundError
from lingong.core.queue import enqueue_on_commit
from lingong.employers.models import Enterprise
from lingong.engagements import links
from lingong.engagements import services as engagements
from lingong.engagements.models import LIVE_ENGAGEMENT_STATUSES, Shift, ShiftStatus
from lingong.housekeeping.dispatch import lock_booking, notify_household
from lingong.housekeeping.models import (
    BOOKING_LIFECYCLE,
    LIVE_BOOKING_STATUSES,
    OFFER_LIFECYCLE,
    Booking,
    BookingOffer,
    BookingStatus,
    OfferStatus,
    PriceRule,
)
from lingong.jobs import services as jobs
from lingong.jobs.models import SettlementCycle, SourceChannel
from lingong.org.policy import policy_for
from lingong.taxonomy.models import PayUnit
from lingong.workers.models import WorkerProfile
from lingong.workflow import tasks as workflow_tasks

FEN = Decimal("0.01")
NEED_LABELS = {"pets": "有宠物", "elderly": "有老人", "children": "有儿童"}


def needs_text(needs: dict[str, object]) -> str:
    parts = [_(label) for key, label in NEED_LABELS.items() if needs.get(key)]
    note = str(needs.get("note") or "").strip()
    if note:
        parts.append(note[:100])
    return "、".join(parts) or _("无特殊情况")


def committed_elsewhere(worker_id: int, booking: Booking) -> bool:
    """The worker holds overlapping time by a commitment: another booking taken, or a live engagement
    shift. (Open offers elsewhere are not commitments: whoever is accepted first wins.)"""
    taken = (
        Booking.objects.filter(
            worker_id=worker_id,
            status__in=LIVE_BOOKING_STATUSES,
            starts_at__lt=booking.ends_at,
            ends_at__gt=booking.starts_at,
        )
        .exclude(pk=booking.pk)
        .exists()
    )
    if taken:
        return True
    return (
        Shift.objects.filter(
            engagement__worker_id=worker_id,
            engagement__status__in=LIVE_ENGAGEMENT_STATUSES,
            starts_at__lt=booking.ends_at,
            ends_at__gt=booking.starts_at,
        )
        .exclude(status__in=[ShiftStatus.CANCELLED, ShiftStatus.NO_SHOW])
        .exists()
    )


def _pay(booking: Booking) -> tuple[Decimal, str, int]:
    """(rate, pay unit, days) from the booking as quoted (not today's catalogue).

    A term or month runs whole days from its start (26 days: 08:00 on the 1st to 08:00 on the 27th, 26
    daily shifts), and its quote is the day rate times those days, so the division is exact.
    """
    if booking.service.price_rule in (PriceRule.TERM, PriceRule.MONTHLY):
        days = max(1, round((booking.ends_at - booking.starts_at) / dt.timedelta(days=1)))
    else:
        start = timezone.localdate(booking.starts_at)
        last = timezone.localdate(booking.ends_at - dt.timedelta(seconds=1))
        days = (last - start).days + 1
    if days > 1:
        rate = (Decimal(booking.quoted_price) / days).quantize(FEN, rounding=ROUND_HALF_UP)
        return rate, PayUnit.DAY, days
    return Decimal(booking.quoted_price), PayUnit.PIECE, 1


def _direct_hire(booking: Booking, worker: WorkerProfile, actor: User) -> jobs.DirectHire:
    service = booking.service
    rate, unit, days = _pay(booking)
    start = timezone.localtime(booking.starts_at)
    end = timezone.localtime(booking.ends_at)
    if days > 1:
        hours = Decimal(service.daily_hours)
        daily_start = service.service_start
        daily_end = (dt.datetime.combine(start.date(), daily_start) + dt.timedelta(hours=float(hours))).time()
    else:
        hours = Decimal((end - start).total_seconds() / 3600).quantize(Decimal("0.1"))
        daily_start, daily_end = start.time(), end.time()
    rules = policy_for(booking.market_id)
    description = _(
        "服务项目：%(service)s（数量 %(qty)s）；家庭情况：%(needs)s；预约编号 %(code)s。"
        "取消规则：上门前 %(hours)d 小时以上取消免费，之后取消收取报价的 %(fee)s%% 作为取消费。"
    ) % {
        "service": service.name,
        "qty": booking.quantity,
        "needs": needs_text(booking.needs or {}),
        "code": booking.code,
        "hours": rules.housekeeping_free_cancel_hours,
        "fee": rules.housekeeping_cancel_fee_percent,
    }
    return jobs.DirectHire(
        enterprise=Enterprise.objects.select_related("station").get(pk=booking.household_id),
        worker=worker,
        title=_("家政预约 %(code)s %(service)s") % {"code": booking.code, "service": service.name},
        description=description,
        occupation=service.occupation,
        certificates=list(service.certificates_required.all()),
        address=booking.address,
        division=booking.division,
        lat=booking.lat,
        lon=booking.lon,
        pay_amount=rate,
        pay_unit=unit,
        start_date=start.date(),
        end_date=start.date() + dt.timedelta(days=days - 1),
        daily_start_time=daily_start,
        daily_end_time=daily_end,
        daily_hours=hours,
        source_channel=SourceChannel.HOUSEKEEPING,
        insurance_required=True,
        settlement_cycle=SettlementCycle.ON_COMPLETION,
    )


def accept_offer(*, actor: User, offer_id: int) -> Booking:
    """The worker takes the offer: the booking is CONFIRMED with its worker, posting and engagement."""
    worker_id = WorkerProfile.objects.filter(user=actor).values_list("pk", flat=True).first()
    booking_id = (
        BookingOffer.objects.filter(pk=offer_id, worker_id=worker_id)
        .values_list("booking_id", flat=True)
        .first()
        if worker_id is not None
        else None
    )
    if booking_id is None or worker_id is None:
        raise NotFoundError(_("派单不存在。"))
    now = timezone.now()
    with transaction.atomic():
        booking = lock_booking(booking_id)
        worker = (
            WorkerProfile.objects.select_for_update(of=("self",)).select_related("user").get(pk=worker_id)
        )
        offer = BookingOffer.objects.select_for_update().get(pk=offer_id)
        if offer.status != OfferStatus.OFFERED:
            raise ConflictError(
                _("该派单当前状态为“%(status)s”，不能接单。") % {"status": offer.get_status_display()},
                code="offer_not_open",
            )
        if offer.expires_at <= now:
            raise ConflictError(_("该派单已超过应答时间，不能接单。"), code="offer_expired")
        if booking.status != BookingStatus.DISPATCHING:
            raise ConflictError(BOOKING_LIFECYCLE.refusal(booking.status), code="invalid_transition")
        if committed_elsewhere(worker.pk, booking):
            raise ConflictError(_("您在该时段已有其他服务或用工安排，不能接单。"), code="worker_busy")
        booking = Booking.objects.select_related("service__occupation", "division").get(pk=booking.pk)
        application = jobs.create_direct_hire(actor=actor, data=_direct_hire(booking, worker, actor))
        engagement = engagements.create_for_application(application=application, actor=actor)
        contract = contracts.open_first_version(engagement=engagement, actor=actor)
        enqueue_on_commit(workflow_tasks.render_contract, contract.pk)
        OFFER_LIFECYCLE.advance(
            offer, OfferStatus.ACCEPTED, actor=actor, stamp="accepted_at", data={"booking": booking.pk}
        )
        withdrawn = OFFER_LIFECYCLE.advance_many(
            booking.offers.filter(status=OfferStatus.OFFERED).exclude(pk=offer.pk),
            OfferStatus.WITHDRAWN,
            withdrawn_at=now,
        )
        booking.worker = worker
        booking.job = application.job
        booking.engagement = engagement
        BOOKING_LIFECYCLE.advance(
            booking,
            BookingStatus.CONFIRMED,
            actor=actor,
            stamp="confirmed_at",
            fields=("worker", "job", "engagement"),
            data={
                "offer": offer.pk,
                "worker": worker.pk,
                "engagement": engagement.pk,
                "withdrawn": withdrawn,
            },
        )
        notify_household(
            booking,
            "housekeeping_confirmed",
            _("服务人员已接单"),
            _("%(name)s 已接单“%(service)s”（%(when)s），请签署家政服务协议。")
            % {
                "name": worker.masked_name,
                "service": booking.service.name,
                "when": timezone.localtime(booking.starts_at).strftime("%m-%d %H:%M"),
            },
            url=links.contract_url(engagement.pk),
            link_text=_("去签署协议"),
        )
    return booking
