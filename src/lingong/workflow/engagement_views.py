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
from lingong.engagements import selectors, services
from lingong.engagements.access import access_engagement_for
from lingong.engagements.models import Engagement, EngagementStatus, Party, Shift
from lingong.insurance.models import InsurancePolicy
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
        or (engagement.status == EngagementStatus.IN_PROGRESS and not any(s.check_in_at for s in shifts)),
        "in_progress": engagement.status == EngagementStatus.IN_PROGRESS,
        "end_request_pending": bool(engagement.end_request_by),
        "end_request_mine": engagement.end_request_by == party,
        "timeline": selectors.timeline(engagement)[-5:],
        "today": timezone.localdate(),
        **_related_links(engagement),
    }
    return render(request, "engagements/detail.html", context)


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


@login_required
@require_POST
def check_in(request: AuthedRequest, shift_id: int) -> HttpResponse:
    _run(
        request,
        lambda: services.check_in(
            actor=request.user, shift_id=shift_id, lat=request.POST.get("lat"), lon=request.POST.get("lon")
        ),
        _("签到成功。"),
    )
    return _after_shift_action(request, shift_id)


@login_required
@require_POST
def check_out(request: AuthedRequest, shift_id: int) -> HttpResponse:
    _run(
        request,
        lambda: services.check_out(
            actor=request.user,
            shift_id=shift_id,
            lat=request.POST.get("lat"),
            lon=request.POST.get("lon"),
            quantity=request.POST.get("quantity") or None,
        ),
        _("签退成功，辛苦了！"),
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
