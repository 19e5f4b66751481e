"""What a check-in or check-out would record, worked out before anything is written.

``services.check_out`` asks for a confirmation when the paid hours would fall under the market's minimum
(``Policy.min_shift_hours``): a check-out a minute after the check-in, or before the shift has started,
is more often a wrong tap than a day's work, and the last shift's check-out also ends the engagement.
The preview here is what the page and the API show in that question. No writes in this module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.models import User
from lingong.core.errors import ConflictError, NotFoundError
from lingong.engagements import site_codes
from lingong.engagements.access import access_engagement_for
from lingong.engagements.earnings import Terms, WorkDay, compute_earnings
from lingong.engagements.models import Engagement, EngagementStatus, Shift, ShiftStatus
from lingong.engagements.paid_time import PaidTime, paid_time
from lingong.engagements.selectors import today_shift
from lingong.org.policy import policy_for
from lingong.taxonomy.models import PayUnit


@dataclass(frozen=True)
class CheckOutPreview:
    shift_id: int
    check_in_at: dt.datetime
    check_out_at: dt.datetime
    paid: PaidTime
    minimum_hours: Decimal
    ends_engagement: bool  # the last open shift: checking out completes the engagement
    estimated_pay: Decimal | None  # None for monthly pay, where one day's share depends on the month
    early_unconfirmed: bool  # checked in before the start and the employer has not confirmed it

    @property
    def hours(self) -> Decimal:
        return self.paid.hours

    @property
    def below_minimum(self) -> bool:
        return self.hours < self.minimum_hours

    def explanation(self) -> str:
        """One paragraph in Chinese: what checking out now records, and why it may be less than expected."""
        parts = [
            _("现在签退，将记录计酬工时 %(h)s 小时（%(start)s–%(end)s）。")
            % {"h": self.hours, "start": _hhmm(self.paid.start), "end": _hhmm(self.paid.end)}
        ]
        if self.early_unconfirmed:
            parts.append(
                _("您在上班时间前签到，提前的时间不计酬（用工方确认提前上岗的除外），计酬从 %(start)s 起算。")
                % {"start": _hhmm(self.paid.start)}
            )
        if self.estimated_pay is not None:
            parts.append(_("按约定报酬约 %(pay)s 元（以用工方确认为准）。") % {"pay": self.estimated_pay})
        parts.append(
            _("少于本市场规定的最短 %(min)s 小时，请确认不是误操作。") % {"min": _plain(self.minimum_hours)}
        )
        if self.ends_engagement:
            parts.append(_("这是本用工单的最后一个班次，签退后用工单将完工，不能再签到。"))
        return "".join(parts)


class ShortCheckOut(ConflictError):
    """The check-out would record under the market's minimum paid hours and was not confirmed."""

    code = "short_shift_unconfirmed"

    def __init__(self, preview: CheckOutPreview) -> None:
        super().__init__(
            _("本次签退只记录 %(h)s 小时计酬工时，少于 %(min)s 小时，请确认后再签退。")
            % {"h": preview.hours, "min": _plain(preview.minimum_hours)},
            errors={"confirm_short": [preview.explanation()]},
        )
        self.preview = preview


def _plain(hours: Decimal) -> str:
    """0.5 rather than 0.50 for a rule's figure (recorded hours keep their two places)."""
    return f"{hours.normalize():f}"


def _hhmm(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def paid_time_of(shift: Shift, check_out_at: dt.datetime) -> PaidTime:
    assert shift.check_in_at is not None
    return paid_time(
        shift_start=shift.starts_at,
        shift_end=shift.ends_at,
        check_in=shift.check_in_at,
        check_out=check_out_at,
        early_start_confirmed=shift.early_start_confirmed_at is not None,
        late_finish_confirmed=shift.late_finish_confirmed_at is not None,
    )


def _estimated_pay(
    engagement: Engagement, shift: Shift, hours: Decimal, quantity: Decimal | None
) -> Decimal | None:
    if engagement.pay_unit == PayUnit.MONTH or engagement.pay_amount <= 0:
        return None
    terms = Terms(
        engagement.pay_amount, engagement.pay_unit, engagement.daily_hours, engagement.overtime_rate
    )
    try:
        return compute_earnings(terms, [WorkDay(shift.date, hours, quantity)]).total
    except ValueError:  # a pay unit earnings cannot price; the question still shows the hours
        return None


def preview_check_out(
    engagement: Engagement, shift: Shift, *, at: dt.datetime, quantity: Decimal | None = None
) -> CheckOutPreview:
    """What checking ``shift`` out at ``at`` would record (the shift is checked in)."""
    assert shift.check_in_at is not None
    paid = paid_time_of(shift, at)
    still_open = (
        engagement.shifts.filter(status__in=[ShiftStatus.SCHEDULED, ShiftStatus.CHECKED_IN])
        .exclude(pk=shift.pk)
        .exists()
    )
    return CheckOutPreview(
        shift_id=shift.pk,
        check_in_at=shift.check_in_at,
        check_out_at=at,
        paid=paid,
        minimum_hours=policy_for(engagement.market_id).min_shift_hours,
        ends_engagement=not still_open,
        estimated_pay=_estimated_pay(engagement, shift, paid.hours, quantity),
        early_unconfirmed=shift.check_in_at < shift.starts_at and shift.early_start_confirmed_at is None,
    )


def check_site_code(token: str, engagement: Engagement, *, now: dt.datetime) -> site_codes.SiteCode:
    """The site code is genuine, still valid, and for this engagement (or its job)."""
    code = site_codes.read(token, now=now)
    expected = engagement.job_id if code.is_job else engagement.pk
    if code.object_id != expected:
        raise ConflictError(
            _("这个现场签到码不是您这份工作的，请扫描本工地的签到码。"), code="site_code_mismatch"
        )
    return code


def flag_notice(shift: Shift, *, geofence_meters: int, checking_out: bool = False) -> str | None:
    """What to tell a worker whose check was accepted but flagged for review, or None."""
    distance = shift.check_out_distance_m if checking_out else shift.check_in_distance_m
    if distance is None or distance <= geofence_meters:
        return None
    where = (
        _("%(km).1f 公里") % {"km": distance / 1000} if distance >= 1000 else _("%(m)d 米") % {"m": distance}
    )
    what = _("签退") if checking_out else _("签到")
    return _(
        "已%(what)s，但定位显示您距工作地点约 %(where)s，超出允许的 %(fence)d 米范围。"
        "本次%(what)s已标记为“待复核”，驿站工作人员会与用工方核实；如您确实在工地，请告诉用工方或联系驿站。"
        "复核未通过的班次按未到岗处理，不计报酬。"
    ) % {"what": what, "where": where, "fence": geofence_meters}


def engagement_for_site_code(*, actor: User, token: str) -> tuple[Engagement, Shift | None]:
    """The signed-in worker's engagement the scanned code is for, and the shift to check in or out now."""
    code = site_codes.read(token, now=timezone.now())
    worker_engagements = Engagement.objects.filter(worker__user=actor).exclude(
        status__in=[EngagementStatus.CANCELLED]
    )
    if code.is_job:
        engagement = (
            worker_engagements.filter(job_id=code.object_id)
            .order_by("-created_at")
            .first()  # re-hired: latest
        )
    else:
        engagement = worker_engagements.filter(pk=code.object_id).first()
    if engagement is None:
        raise NotFoundError(
            _("这个现场签到码不是您的工作。请用被录用的劳动者本人账号登录后再扫码。"), code="not_your_site"
        )
    engagement, _party = access_engagement_for(actor, engagement.pk)
    return engagement, today_shift(engagement)
