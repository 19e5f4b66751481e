"""The booking follows its engagement (connected in ``HousekeepingConfig.ready``).

The engagement's status changes are saved by ``Lifecycle.advance`` (``update_fields`` holds "status");
this receiver runs in the same transaction, so the booking moves with it or not at all:

- first check-in (engagement in progress)      -> booking IN_SERVICE
- engagement completed (the visit's check-out, or the household completes it) -> booking COMPLETED
- engagement cancelled by the worker before the visit -> booking back to DISPATCHING, offered again
  (after commit) to others, never to that worker
- cancelled otherwise (the household or staff from the engagement's page, a no-show or a lapse): a booking
  still confirmed is cancelled with it, without a fee (the booking's own cancel, which charges the fee,
  cancels the booking before its engagement, so it is not confirmed any more when this runs)
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from lingong.engagements.models import Engagement, EngagementStatus, Party
from lingong.housekeeping import dispatch
from lingong.housekeeping.models import BOOKING_LIFECYCLE, Booking, BookingStatus


def engagement_saved(
    sender: Any, instance: Engagement, created: bool, update_fields: Any = None, **kwargs: Any
) -> None:
    if created or (update_fields is not None and "status" not in update_fields):
        return
    booking_id = Booking.objects.filter(engagement_id=instance.pk).values_list("pk", flat=True).first()
    if booking_id is None:
        return
    status = instance.status
    if status == EngagementStatus.IN_PROGRESS:
        _follow(booking_id, BookingStatus.CONFIRMED, BookingStatus.IN_SERVICE, "in_service_at")
    elif status == EngagementStatus.COMPLETED:
        booking = dispatch.lock_booking(booking_id)
        if booking.status == BookingStatus.CONFIRMED:  # completed without a check-in (staff)
            BOOKING_LIFECYCLE.advance(booking, BookingStatus.IN_SERVICE, actor=None, stamp="in_service_at")
        _follow(booking_id, BookingStatus.IN_SERVICE, BookingStatus.COMPLETED, "completed_at")
    elif status == EngagementStatus.CANCELLED and instance.cancelled_by == Party.WORKER:
        _back_to_dispatch(booking_id, instance)
    elif status == EngagementStatus.CANCELLED:
        _cancel_with(booking_id, instance)


# Who cancelled the engagement, in the booking's words.
_CANCELLED_BY: dict[str, str] = {Party.EMPLOYER: "household", Party.STAFF: "staff", Party.SYSTEM: "system"}


def _cancel_with(booking_id: int, engagement: Engagement) -> None:
    booking = dispatch.lock_booking(booking_id)
    if booking.status != BookingStatus.CONFIRMED:
        return
    booking.cancelled_by = _CANCELLED_BY.get(engagement.cancelled_by, "system")
    booking.cancel_reason = (engagement.cancel_note or engagement.get_cancel_reason_display())[:200]
    BOOKING_LIFECYCLE.advance(
        booking,
        BookingStatus.CANCELLED,
        actor=None,
        stamp="cancelled_at",
        fields=("cancelled_by", "cancel_reason"),
        action="booking.engagement_cancelled",
        data={"engagement": engagement.pk, "by": booking.cancelled_by},
    )


def _follow(booking_id: int, source: str, to: str, stamp: str) -> None:
    booking = dispatch.lock_booking(booking_id)
    if booking.status == source:
        BOOKING_LIFECYCLE.advance(booking, to, actor=None, stamp=stamp)


def _back_to_dispatch(booking_id: int, engagement: Engagement) -> None:
    booking = dispatch.lock_booking(booking_id)
    if booking.status != BookingStatus.CONFIRMED:
        return
    worker_id = booking.worker_id
    booking.worker = None
    booking.job = None
    booking.engagement = None
    booking.dispatch_round += 1
    BOOKING_LIFECYCLE.advance(
        booking,
        BookingStatus.DISPATCHING,
        actor=None,
        stamp="dispatching_at",
        fields=("worker", "job", "engagement", "dispatch_round"),
        action="booking.worker_withdrew",
        data={"engagement": engagement.pk, "worker": worker_id, "round": booking.dispatch_round},
    )
    dispatch.notify_household(
        booking,
        "housekeeping_redispatch",
        _("服务人员取消了预约"),
        _("原服务人员已取消“%(service)s”，系统正在为您重新派单。") % {"service": booking.service.name},
        url=reverse("housekeeping:booking_redispatch", args=[booking.pk]),
        link_text=_("查看派单进度"),
    )
    excluded = (worker_id,) if worker_id else ()
    transaction.on_commit(lambda: dispatch.offer_next(booking_id, exclude=excluded))
