"""Housekeeping pages of the booking part: the catalogue and booking form (households), a household's
bookings with the worker card and cancelling, the worker's photo, and the staff catalogue pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts.access import market_id_of
from lingong.accounts.auth import AuthedRequest
from lingong.core.errors import DomainError, NotFoundError, PermissionDeniedError
from lingong.core.forms import add_domain_error
from lingong.housekeeping import access, pricing, selectors, services
from lingong.housekeeping.forms import BookingForm, CancelForm, ServiceForm, dispatch_choice
from lingong.housekeeping.models import Booking


def _household_or_404(request: AuthedRequest) -> Any:
    household = access.household_of(request.user)
    if household is None:
        raise Http404
    return household


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """The catalogue with prices (booking links for households)."""
    market_id = market_id_of(request.user)
    household = access.household_of(request.user)
    items = [selectors.service_dict(s) for s in selectors.catalogue(market_id)]
    context = {
        "items": items,
        "household": household,
        "can_edit": access.can_edit_catalogue(request.user),
        "recent": list(selectors.household_bookings(request.user)[:3]) if household is not None else [],
    }
    return render(request, "housekeeping/catalogue.html", context)


def _booking_form(request: AuthedRequest, household: Any) -> BookingForm:
    qs = selectors.catalogue(household.market_id)
    initial = {
        "division": household.division_id,
        "address": household.address,
        "service": request.GET.get("service", ""),
    }
    return BookingForm(request.POST or None, services_qs=qs, initial=initial)


def _quote_context(request: AuthedRequest, form: BookingForm, household: Any) -> dict[str, Any]:
    """The quote and the workers to choose from, for the form's current values; errors go on the form."""
    service = selectors.active_service(household.market_id, form.cleaned_data["service"])
    starts_at = form.starts_at()
    quote = pricing.quote(service, form.cleaned_data["quantity"], starts_at)
    lat, lon = form.cleaned_data.get("lat"), form.cleaned_data.get("lon")
    if lat is None or lon is None:
        division = services.division_of(form.cleaned_data["division"], household)
        lat, lon = (division.lat, division.lon) if division is not None else (household.lat, household.lon)
    return {
        "quote": quote,
        "service": service,
        "candidates": selectors.candidates_for_slot(
            service, lat=lat, lon=lon, starts_at=quote.starts_at, ends_at=quote.ends_at
        ),
        "rebook": selectors.rebook_choices(household),
    }


@login_required
def book(request: AuthedRequest) -> HttpResponse:
    """The booking form. "查看报价" shows the price and the top three workers; "确认预约" books."""
    household = _household_or_404(request)
    form = _booking_form(request, household)
    context: dict[str, Any] = {"form": form, "household": household}
    if request.method == "POST" and form.is_valid():
        try:
            context.update(_quote_context(request, form, household))
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if "confirm" in request.POST:
                mode, worker_id = dispatch_choice(request.POST.get("dispatch"))
                try:
                    booking = services.create_booking(
                        actor=request.user,
                        service=context["service"],
                        address=form.cleaned_data["address"],
                        division=form.cleaned_data["division"],
                        lat=form.cleaned_data.get("lat"),
                        lon=form.cleaned_data.get("lon"),
                        starts_at=form.starts_at(),
                        quantity=form.cleaned_data["quantity"],
                        needs=form.needs(),
                        dispatch_mode=mode,
                        requested_worker_id=worker_id,
                        expected_price=request.POST.get("expected_price") or None,
                    )
                except DomainError as exc:
                    add_domain_error(form, exc)
                else:
                    messages.success(request, _("预约已提交，正在为您安排服务人员。"))
                    return redirect("housekeeping:booking_detail", code=booking.code)
    if request.headers.get("HX-Request") and request.method == "POST":
        return render(request, "housekeeping/book_quote.html", context)
    return render(request, "housekeeping/book.html", context)


@login_required
def bookings(request: AuthedRequest) -> HttpResponse:
    household = _household_or_404(request)
    rows = list(selectors.household_bookings(request.user)[:100])
    return render(request, "housekeeping/booking_list.html", {"household": household, "bookings": rows})


def _booking_or_404(request: AuthedRequest, code: str) -> Booking:
    try:
        return selectors.booking_for(request.user, code)
    except NotFoundError:
        raise Http404 from None


@login_required
def booking_detail(request: AuthedRequest, code: str) -> HttpResponse:
    booking = _booking_or_404(request, code)
    context = {
        "booking": booking,
        "address": selectors.visible_address(booking, request.user),
        "cancel": selectors.cancel_preview(booking),
        "card": selectors.worker_card(booking),
        "is_household": access.is_household_member(request.user, booking),
        "form": CancelForm(),
    }
    return render(request, "housekeeping/booking_detail.html", context)


@login_required
@require_POST
def booking_cancel(request: AuthedRequest, code: str) -> HttpResponse:
    booking = _booking_or_404(request, code)
    form = CancelForm(request.POST)
    reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""
    try:
        booking = services.cancel_booking(actor=request.user, code=booking.code, reason=reason)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if booking.cancel_fee:
            messages.success(request, _("预约已取消，取消费 %(fee)s 元。") % {"fee": booking.cancel_fee})
        else:
            messages.success(request, _("预约已取消，未收取取消费。"))
    return redirect("housekeeping:booking_detail", code=booking.code)


@login_required
def booking_worker_photo(request: AuthedRequest, code: str) -> HttpResponse:
    try:
        content, content_type = selectors.worker_photo(request.user, code)
    except NotFoundError:
        raise Http404 from None
    response = HttpResponse(content, content_type=content_type)
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---- staff: the catalogue -----------------------------------------------------------------------------


def _editor_or_404(request: AuthedRequest) -> None:
    if not access.can_edit_catalogue(request.user):
        raise Http404


@login_required
def staff_catalogue(request: AuthedRequest) -> HttpResponse:
    _editor_or_404(request)
    items = [selectors.service_dict(s) for s in selectors.staff_catalogue(request.user)]
    return render(request, "housekeeping/catalogue_staff.html", {"items": items})


@login_required
def staff_service_new(request: AuthedRequest) -> HttpResponse:
    _editor_or_404(request)
    form = ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_service(actor=request.user, data=form.service_input())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("服务项目已添加。"))
            return redirect("housekeeping:staff_catalogue")
    return render(request, "housekeeping/catalogue_form.html", {"form": form, "service": None})


@login_required
def staff_service_edit(request: AuthedRequest, service_id: int) -> HttpResponse:
    _editor_or_404(request)
    try:
        service = selectors.service_for_staff(request.user, service_id)
    except NotFoundError:
        raise Http404 from None
    form = ServiceForm(request.POST or None, initial=ServiceForm.initial_for(service))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_service(
                actor=request.user,
                service_id=service.pk,
                data=form.service_input(is_active=service.is_active),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("服务项目已保存。"))
            return redirect("housekeeping:staff_catalogue")
    return render(request, "housekeeping/catalogue_form.html", {"form": form, "service": service})


@login_required
@require_POST
def staff_service_active(request: AuthedRequest, service_id: int) -> HttpResponse:
    _editor_or_404(request)
    try:
        services.set_service_active(
            actor=request.user, service_id=service_id, active=request.POST.get("active") == "1"
        )
    except NotFoundError:
        raise Http404 from None
    except (DomainError, PermissionDeniedError) as exc:
        messages.error(request, exc.message)
    return redirect("housekeeping:staff_catalogue")
