"""Dispatch pages: the worker's offers (accept / decline), a booking's dispatch progress with the retry
button, the household's recurring plans, and staff's booking list. Thin views: one service each."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts.access import enterprise_scope_q, is_staff
from lingong.accounts.models import Role
from lingong.core.errors import DomainError, InvalidInput
from lingong.core.pagination import paginate
from lingong.housekeeping import dispatch, orchestrator, plans
from lingong.housekeeping.models import Booking, BookingStatus, HousekeepingService, PriceRule
from lingong.org.forms import district_choices
from lingong.workers.models import WorkerProfile


def _worker(request: HttpRequest) -> WorkerProfile:
    user: Any = request.user
    if user.role != Role.WORKER:
        raise PermissionDenied
    worker = WorkerProfile.objects.filter(user=user).first()
    if worker is None:
        raise PermissionDenied
    return worker


# --- Worker ------------------------------------------------------------------------------------------


@login_required
def offers(request: HttpRequest) -> HttpResponse:
    worker = _worker(request)
    confirmed = (
        Booking.objects.filter(worker=worker, status__in=[BookingStatus.CONFIRMED, BookingStatus.IN_SERVICE])
        .select_related("service")
        .order_by("starts_at")
    )
    return render(
        request,
        "housekeeping/offers.html",
        {"offers": dispatch.open_offers(worker), "confirmed": confirmed},
    )


@login_required
@require_POST
def offer_accept(request: HttpRequest, offer_id: int) -> HttpResponse:
    _worker(request)
    try:
        booking = orchestrator.accept_offer(actor=request.user, offer_id=offer_id)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("housekeeping:offers")
    messages.success(
        request,
        _("接单成功！服务地址：%(address)s。请先签署家政服务协议。") % {"address": booking.address},
    )
    return redirect("housekeeping:offers")


@login_required
@require_POST
def offer_decline(request: HttpRequest, offer_id: int) -> HttpResponse:
    _worker(request)
    try:
        dispatch.decline_offer(
            actor=request.user,  # type: ignore[arg-type]
            offer_id=offer_id,
            reason=request.POST.get("reason", "")[:200],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已拒绝该派单。"))
    return redirect("housekeeping:offers")


# --- Household -----------------------------------------------------------------------------------------


def _booking_for(request: HttpRequest, booking_id: int) -> Booking:
    booking = Booking.objects.select_related("service", "household", "worker").filter(pk=booking_id).first()
    if booking is None or not dispatch.can_manage_booking(request.user, booking):  # type: ignore[arg-type]
        raise Http404
    return booking


@login_required
def booking_redispatch(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = _booking_for(request, booking_id)
    if request.method == "POST":
        try:
            dispatch.retry(actor=request.user, booking_id=booking.pk)  # type: ignore[arg-type]
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已重新派单，请留意接单通知。"))
        return redirect("housekeeping:booking_redispatch", booking_id=booking.pk)
    offers_made = booking.offers.order_by("rank").count()
    return render(
        request, "housekeeping/offer_progress.html", {"booking": booking, "offers_made": offers_made}
    )


def _household_or_403(request: HttpRequest) -> None:
    try:
        plans.household_of(request.user)  # type: ignore[arg-type]
    except DomainError as exc:
        raise PermissionDenied(exc.message) from exc


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    _household_or_403(request)
    form: dict[str, Any] = {"weekday": "1", "start_time": "09:00", "hours": "3"}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        post = request.POST
        form = post.dict()
        data = plans.PlanInput(
            service=post.get("service"),
            weekday=post.get("weekday"),
            start_time=post.get("start_time"),
            hours=post.get("hours"),
            first_date=post.get("first_date"),
            until_date=post.get("until_date") or None,
            address=post.get("address", ""),
            division=post.get("division", ""),
            preferred_worker=post.get("preferred_worker") or None,
            needs={
                "pets": post.get("pets") == "on",
                "elderly": post.get("elderly") == "on",
                "children": post.get("children") == "on",
                "note": post.get("note", ""),
            },
        )
        try:
            plan = plans.create_plan(actor=request.user, data=data)  # type: ignore[arg-type]
        except InvalidInput as exc:
            errors = exc.errors
            messages.error(request, exc.message)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("周期预约已创建，已为您生成近期的上门预约。"))
            return redirect("housekeeping:plan_detail", plan_id=plan.pk)
    user: Any = request.user
    services = HousekeepingService.objects.filter(
        market_id=user.market_id, is_active=True, price_rule=PriceRule.HOURLY
    )
    divisions = district_choices()
    return render(
        request,
        "housekeeping/plan_list.html",
        {
            "plans": [(p, plans.weekday_label(p.weekday)) for p in plans.plans_for(user)],
            "services": services,
            "divisions": divisions,
            "weekdays": list(enumerate(plans.WEEKDAYS)),
            "form": form,
            "errors": errors,
        },
    )


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    try:
        plan = plans.get_plan(request.user, plan_id)  # type: ignore[arg-type]
    except DomainError as exc:
        raise Http404 from exc
    visits = plan.bookings.select_related("worker").order_by("starts_at")
    return render(
        request,
        "housekeeping/plan_detail.html",
        {
            "plan": plan,
            "visits": visits,
            "skipped": plans.skipped_dates(plan),
            "weekday": plans.weekday_label(plan.weekday),
        },
    )


PLAN_ACTIONS = {"pause": plans.pause_plan, "resume": plans.resume_plan, "end": plans.end_plan}


@login_required
@require_POST
def plan_action(request: HttpRequest, plan_id: int, action: str) -> HttpResponse:
    step = PLAN_ACTIONS.get(action)
    if step is None:
        raise Http404
    try:
        step(actor=request.user, plan_id=plan_id)  # type: ignore[arg-type]
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, _("周期预约已更新。"))
    return redirect("housekeeping:plan_detail", plan_id=plan_id)


# --- Staff ---------------------------------------------------------------------------------------------


@login_required
def staff_bookings(request: HttpRequest) -> HttpResponse:
    if not is_staff(request.user):
        raise PermissionDenied
    rows = Booking.objects.filter(enterprise_scope_q(request.user, "household__")).select_related(
        "service", "household", "worker", "division"
    )
    status = request.GET.get("status", "")
    if status in BookingStatus.values:
        rows = rows.filter(status=status)
    rows = rows.annotate(
        unfilled_first=Case(
            When(status=BookingStatus.UNFILLED, then=Value(0)),
            When(status=BookingStatus.DISPATCHING, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("unfilled_first", "starts_at", "pk")
    page = paginate(rows, request.GET.get("page"), request.GET.get("size"))
    return render(
        request,
        "housekeeping/offer_staff_list.html",
        {"page": page, "status": status, "statuses": BookingStatus.choices},
    )
