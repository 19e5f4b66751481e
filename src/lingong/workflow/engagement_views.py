"""Engagement pages: my engagements, one engagement (check in/out, confirm, end), timeline, staff queues.

The engagement page is where the chain meets (its contract, cover, pay and rating), so its pages live
with the orchestrator at the top; their URL namespace stays ``engagements``. Views are thin: they read
with selectors, call one service (or the orchestrator) per POST and report the outcome in Chinese.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts.access import is_staff, require_staff
from lingong.accounts.auth import AuthedRequest
from lingong.contracts.models import Contract
from lingong.core.errors import DomainError
from lingong.core.qr import qr_svg
from lingong.core.siteurl import absolute_url
from lingong.engagements import attendance, links, selectors, services, site_codes
from lingong.engagements.access import access_engagement_for
from lingong.engagements.models import Engagement, EngagementStatus, Party, Shift, ShiftStatus
from lingong.insurance.models import InsurancePolicy
from lingong.org.policy import policy_for
from lingong.taxonomy.models import PayUnit
from lingong.workflow import chain
from lingong.workflow.selectors import engagement_story


def _error_text(exc: DomainError) -> str:
    details = [m for messages_ in exc.errors.values() for m in messages_]
    return exc.message if not details else f"{exc.message}（{'；'.join(details)}）"


def _run(request: AuthedRequest, action: Callable[[], Any], success: str) -> bool:
    try:
        action()
    except DomainError as exc:
        messages.error(request, _error_text(exc))
        return False
    messages.success(request, success)
    return True


def _related_links(engagement: Engagement) -> dict[str, Any]:
    """The latest contract and policy, and links to the contract, cover, pay and rating pages."""
    contract = Contract.objects.filter(engagement=engagement).order_by("-version").first()
    policy = InsurancePolicy.objects.filter(engagement=engagement).order_by("-pk").first()
    return {
        "contract": contract,
        "contract_url": reverse("contracts:detail", args=[contract.pk]) if contract else None,
        "policy": policy,
        "policy_url": reverse("insurance:certificate", args=[policy.pk]) if policy else None,
        "settle_url": reverse("settlements:engagement", args=[engagement.pk]),
        "rate_url": reverse("ratings:rate", args=[engagement.pk]),
    }


@login_required
def engagement_list(request: AuthedRequest) -> HttpResponse:
    tab = request.GET.get("tab", "active")
    status = "active" if tab == "active" else None
    engagements = list(selectors.engagements_for(request.user, status)[:100])
    return render(request, "engagements/list.html", {"engagements": engagements, "tab": tab})


@login_required
def engagement_detail(request: AuthedRequest, engagement_id: int) -> HttpResponse:
    engagement, party = access_engagement_for(request.user, engagement_id)
    shifts = list(selectors.shifts_of(engagement))
    current = selectors.today_shift(engagement)
    context = {
        "e": engagement,
        "party": party,
        "is_worker": party == Party.WORKER,
        "is_employer": party == Party.EMPLOYER,
        "is_staff": party == Party.STAFF,
        "shifts": shifts,
        "shifts_shown": _shifts_to_show(shifts),
        "current": current,
        "check_in_open": current is not None
        and current.status == "scheduled"
        and timezone.now() >= current.starts_at - services.CHECK_IN_OPENS_BEFORE,
        "to_confirm": list(selectors.shifts_to_confirm(engagement)),
        "is_piece": engagement.pay_unit == PayUnit.PIECE,
        "can_cancel": engagement.status
        in (EngagementStatus.CONTRACT_PENDING, EngagementStatus.SIGNED, EngagementStatus.INSURED)
        or (engagement.status == EngagementStatus.IN_PROGRESS and not any(_worked(s) for s in shifts)),
        "geofence_meters": policy_for(engagement.market_id).geofence_meters,
        "in_progress": engagement.status == EngagementStatus.IN_PROGRESS,
        "end_request_pending": bool(engagement.end_request_by),
        "end_request_mine": engagement.end_request_by == party,
        "timeline": selectors.timeline(engagement)[-5:],
        "today": timezone.localdate(),
        **_related_links(engagement),
    }
    return render(request, "engagements/detail.html", context)


def _worked(shift: Shift) -> bool:
    return shift.status in (ShiftStatus.CHECKED_IN, ShiftStatus.CHECKED_OUT)


UPCOMING_SHIFTS_SHOWN = 7


def _shifts_to_show(shifts: list[Shift]) -> list[Shift]:
    """Every shift that happened, then the next week of scheduled ones (a 6-month job has 180 rows)."""
    upcoming = [s for s in shifts if s.status == "scheduled"][:UPCOMING_SHIFTS_SHOWN]
    return sorted([s for s in shifts if s.status != "scheduled"] + upcoming, key=lambda s: s.date)


@login_required
def engagement_timeline(request: AuthedRequest, engagement_id: int) -> HttpResponse:
    """The whole story: the worker's registration and consent, the hiring, then the engagement itself."""
    engagement, party = access_engagement_for(request.user, engagement_id)
    return render(
        request,
        "engagements/timeline.html",
        {"e": engagement, "party": party, "items": engagement_story(engagement, party)},
    )


def _back(engagement_id: int) -> HttpResponse:
    return redirect("engagements:detail", engagement_id)


@login_required
@require_POST
def cancel(request: AuthedRequest, engagement_id: int) -> HttpResponse:
    _run(
        request,
        lambda: chain.cancel_engagement(
            actor=request.user, engagement_id=engagement_id, reason=request.POST.get("reason", "")
        ),
        _("已取消用工。"),
    )
    return _back(engagement_id)


@login_required
@require_POST
def end_early(request: AuthedRequest, engagement_id: int) -> HttpResponse:
    try:
        last_date = dt.date.fromisoformat(request.POST.get("last_date", ""))
    except ValueError:
        messages.error(request, _("请选择最后工作日。"))
        return _back(engagement_id)
    _run(
        request,
        lambda: services.request_end_early(
            actor=request.user,
            engagement_id=engagement_id,
            reason=request.POST.get("reason", ""),
            last_date=last_date,
        ),
        _("已提出提前结束，等待对方确认。"),
    )
    return _back(engagement_id)


@login_required
@require_POST
def respond_end_early(request: AuthedRequest, engagement_id: int) -> HttpResponse:
    agree = request.POST.get("agree") == "1"
    _run(
        request,
        lambda: services.respond_end_early(actor=request.user, engagement_id=engagement_id, agree=agree),
        _("已同意提前结束。") if agree else _("已拒绝提前结束。"),
    )
    return _back(engagement_id)


@login_required
@require_POST
def complete(request: AuthedRequest, engagement_id: int) -> HttpResponse:
    _run(
        request,
        lambda: services.complete(actor=request.user, engagement_id=engagement_id),
        _("已确认完工。"),
    )
    return _back(engagement_id)


def _shift_engagement(shift_id: int) -> int:
    return int(Shift.objects.filter(pk=shift_id).values_list("engagement_id", flat=True).first() or 0)


def _check_in_messages(request: AuthedRequest, shift: Shift) -> None:
    """Say what the check-in recorded: flagged (and why), early (paid from the start), or just done."""
    engagement = shift.engagement
    fence = policy_for(engagement.market_id).geofence_meters
    notice = attendance.flag_notice(shift, geofence_meters=fence)
    if notice:
        messages.warning(request, notice)
    elif shift.recorded_by_staff:
        messages.success(request, _("已代为签到，该记录将由驿站复核。"))
    else:
        messages.success(request, _("签到成功。"))
    if shift.minutes_early and shift.early_start_confirmed_at is None:
        messages.info(
            request,
            _(
                "您在上班时间前 %(m)d 分钟签到，计酬从上班时间 %(start)s 起算；"
                "如用工方安排您提前上岗，请其在用工单上确认。"
            )
            % {"m": shift.minutes_early, "start": timezone.localtime(shift.starts_at).strftime("%H:%M")},
        )


def _check_out_messages(request: AuthedRequest, shift: Shift) -> None:
    engagement = shift.engagement
    fence = policy_for(engagement.market_id).geofence_meters
    notice = attendance.flag_notice(shift, geofence_meters=fence, checking_out=True)
    if notice:
        messages.warning(request, notice)
    messages.success(
        request, _("签退成功，计酬工时 %(h)s 小时，辛苦了！") % {"h": shift.worked_hours or "0.00"}
    )


@login_required
@require_POST
def check_in(request: AuthedRequest, shift_id: int) -> HttpResponse:
    try:
        shift = services.check_in(
            actor=request.user,
            shift_id=shift_id,
            lat=request.POST.get("lat"),
            lon=request.POST.get("lon"),
            site_code=request.POST.get("site_code") or None,
        )
    except DomainError as exc:
        messages.error(request, _error_text(exc))
    else:
        _check_in_messages(request, shift)
    return _after_shift_action(request, shift_id)


@login_required
@require_POST
def check_out(request: AuthedRequest, shift_id: int) -> HttpResponse:
    """Check out; a check-out under the market's minimum paid hours shows what it would record first."""
    try:
        shift = services.check_out(
            actor=request.user,
            shift_id=shift_id,
            lat=request.POST.get("lat"),
            lon=request.POST.get("lon"),
            site_code=request.POST.get("site_code") or None,
            quantity=request.POST.get("quantity") or None,
            confirm_short=request.POST.get("confirm_short") == "1",
        )
    except attendance.ShortCheckOut as exc:
        return _confirm_short_check_out(request, shift_id, exc.preview)
    except DomainError as exc:
        messages.error(request, _error_text(exc))
    else:
        _check_out_messages(request, shift)
    return _after_shift_action(request, shift_id)


def _confirm_short_check_out(
    request: AuthedRequest, shift_id: int, preview: attendance.CheckOutPreview
) -> HttpResponse:
    """The question before a short check-out: what it records, with the same form posted again."""
    engagement_id = _shift_engagement(shift_id)
    carried = {name: request.POST.get(name, "") for name in ("lat", "lon", "quantity", "site_code", "next")}
    return render(
        request,
        "engagements/confirm_check_out.html",
        {
            "preview": preview,
            "action": reverse("engagements:check_out", args=[shift_id]),
            "carried": carried,
            "back_url": reverse("engagements:detail", args=[engagement_id]),
        },
        status=409,
    )


@login_required
@require_POST
def confirm_extra_time(request: AuthedRequest, shift_id: int) -> HttpResponse:
    early, late = request.POST.get("early_start") == "1", request.POST.get("late_finish") == "1"
    _run(
        request,
        lambda: services.confirm_extra_time(
            actor=request.user, shift_id=shift_id, early_start=early, late_finish=late
        ),
        _("已确认，工时已按实际时间重新计算。"),
    )
    return _after_shift_action(request, shift_id)


@login_required
@require_POST
def confirm_shift(request: AuthedRequest, shift_id: int) -> HttpResponse:
    _run(request, lambda: services.confirm_shift(actor=request.user, shift_id=shift_id), _("已确认工时。"))
    return _after_shift_action(request, shift_id)


@login_required
@require_POST
def dispute_shift(request: AuthedRequest, shift_id: int) -> HttpResponse:
    _run(
        request,
        lambda: services.dispute_shift(
            actor=request.user,
            shift_id=shift_id,
            reason=request.POST.get("reason", ""),
            claimed_hours=request.POST.get("claimed_hours") or None,
        ),
        _("已提交异议，驿站工作人员将核实处理。"),
    )
    return _after_shift_action(request, shift_id)


@login_required
@require_POST
def review_shift(request: AuthedRequest, shift_id: int) -> HttpResponse:
    _run(
        request,
        lambda: services.review_shift(
            actor=request.user, shift_id=shift_id, note=request.POST.get("note", "")
        ),
        _("已复核。"),
    )
    return redirect("engagements:staff_queue")


@login_required
@require_POST
def reject_review(request: AuthedRequest, shift_id: int) -> HttpResponse:
    """Staff reject a flagged check with a reason: the shift is recorded as not attended, not paid."""
    _run(
        request,
        lambda: chain.reject_check(
            actor=request.user, shift_id=shift_id, reason=request.POST.get("reason", "")
        ),
        _("已驳回，该班次按未到岗处理，已通知劳动者和用工方。"),
    )
    return redirect("engagements:staff_queue")


@login_required
@require_POST
def resolve_case(request: AuthedRequest, case_id: int) -> HttpResponse:
    _run(
        request,
        lambda: services.resolve_case(
            actor=request.user,
            case_id=case_id,
            hours=request.POST.get("hours"),
            quantity=request.POST.get("quantity") or None,
            note=request.POST.get("note", ""),
        ),
        _("异议已处理。"),
    )
    return redirect("engagements:staff_queue")


def _after_shift_action(request: AuthedRequest, shift_id: int) -> HttpResponse:
    engagement_id = _shift_engagement(shift_id)
    if is_staff(request.user) and request.POST.get("next") == "staff":
        return redirect("engagements:staff_queue")
    return _back(engagement_id) if engagement_id else redirect("engagements:list")


@login_required
def staff_queue(request: AuthedRequest) -> HttpResponse:
    """Flagged check-ins (outside the geofence, recorded on behalf) and disputed hours, in the staff scope."""
    require_staff(request.user)
    return render(
        request,
        "engagements/staff_queue.html",
        {
            "flagged": list(selectors.flagged_shifts_for_staff(request.user)[:100]),
            "cases": list(selectors.open_cases_for_staff(request.user)[:100]),
        },
    )


# --- Site check-in codes (when a phone cannot give its location) -----------------------------------------


@login_required
def site_code(request: AuthedRequest, engagement_id: int) -> HttpResponse:
    """The employer (or staff) shows or prints a signed, time-limited site code; workers scan it to check
    in or out without the phone's location. GET offers the choices; POST makes the code (audited)."""
    engagement, party = access_engagement_for(request.user, engagement_id)
    if party not in (Party.EMPLOYER, Party.STAFF):
        raise PermissionDenied
    context: dict[str, Any] = {"e": engagement, "validity": site_codes.DAY, "for_job": False}
    if request.method == "POST":
        for_job = request.POST.get("scope") == "job"
        validity = request.POST.get("validity", site_codes.DAY)
        try:
            code = services.issue_site_code(
                actor=request.user, engagement_id=engagement_id, validity=validity, for_job=for_job
            )
        except DomainError as exc:
            messages.error(request, _error_text(exc))
        else:
            url = absolute_url(links.site_code_url(code.token))
            context.update(
                code=code,
                validity=validity,
                for_job=for_job,
                qr=qr_svg(url, scale=8, title=str(_("现场签到码"))),
                url=url,
            )
    return render(request, "engagements/site_code.html", context)


@login_required
def site_scan(request: AuthedRequest, token: str) -> HttpResponse:
    """Where a scanned site code leads: the worker's shift at this site, with check-in / check-out buttons
    that send the code instead of a location."""
    try:
        engagement, shift = attendance.engagement_for_site_code(actor=request.user, token=token)
    except DomainError as exc:
        return render(request, "engagements/site_scan.html", {"error": _error_text(exc)}, status=exc.status)
    if request.method == "POST" and shift is not None:
        view = check_in if request.POST.get("action") == "check_in" else check_out
        return view(request, shift.pk)
    return render(
        request,
        "engagements/site_scan.html",
        {
            "e": engagement,
            "current": shift,
            "token": token,
            "is_piece": engagement.pay_unit == PayUnit.PIECE,
            "check_in_open": shift is not None
            and shift.status == ShiftStatus.SCHEDULED
            and timezone.now() >= shift.starts_at - services.CHECK_IN_OPENS_BEFORE,
        },
    )
