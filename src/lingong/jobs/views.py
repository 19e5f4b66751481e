"""Public job pages: browse nearest first, detail, apply, QR code."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts.auth import AuthedRequest
from lingong.accounts.context_processors import is_elder_mode
from lingong.core.errors import DomainError
from lingong.core.forms import add_domain_error
from lingong.core.geo import haversine_km
from lingong.core.memo import ProcessCache
from lingong.core.qr import qr_svg
from lingong.core.siteurl import absolute_url
from lingong.jobs import links, recommendations, selectors, services
from lingong.jobs.forms import ApplyForm, BrowseForm, ReportForm
from lingong.jobs.models import Application
from lingong.org.area import validate_in_market_area
from lingong.org.models import Market
from lingong.org.selectors import default_market
from lingong.workers.selectors import profile_of


def job_list(request: HttpRequest) -> HttpResponse:
    """Open jobs, nearest first from wherever we know: the device's position (lat/lon in the URL), the
    district the visitor chose (``near``), the worker's home; else newest first, and the page asks for
    the location (or a district). The choice stays in the URL, so paging and sharing keep the order."""
    worker = profile_of(request.user)
    market = _market_of(request)
    form = BrowseForm(request.GET or None, city_code=market.city_code)
    filters = selectors.JobFilters()
    origin, origin_label = None, ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.JobFilters(
            occupation=data["occupation"] or None,
            division=data["division"] or None,
            pay_min=data["pay_min"],
            on_date=data["on_date"],
            urgent=data["urgent"] or None,
            q=data["q"] or None,
            radius_km=float(data["radius_km"]) if data["radius_km"] else None,
        )
        origin, origin_label = _chosen_origin(request, data, market.pk)
    if origin is None and (origin := selectors.origin_for_worker(worker)) is not None:
        origin_label = _("您的常住地")
    asked = {
        "market_id": market.pk,
        "filters": filters,
        "origin": origin,
        "page": request.GET.get("page", 1),
        "page_size": 20,
    }
    query = request.GET.copy()
    query.pop("page", None)
    plain = request.GET.get("plain") == "1"
    context = {
        "form": form,
        "job_list": _job_list_html(request, asked, str(origin_label), query.urlencode()),
        "has_origin": origin is not None,
        # Ask the device only when nothing was chosen yet: a position outside the market's area, or a
        # district, is not asked about again (the page would reload for ever).
        "ask_location": origin is None and not any(request.GET.get(k) for k in ("lat", "lon", "near")),
        "worker": worker,
        "plain": plain,
        "recommended": [],
    }
    if request.headers.get("HX-Request"):
        return HttpResponse(context["job_list"])
    if worker is not None and not plain and str(request.GET.get("page", "1")) == "1":
        # Personalised picks above the plain list; ?plain=1 turns them off (PIPL art. 24).
        try:
            context["recommended"] = recommendations.recommended_for(worker, limit=5, radius_km=None)
        except DomainError:
            context["recommended"] = []
    return render(request, "jobs/list.html", context)


# The rendered list of job cards (issue 15): the same for every visitor who asks for the same page from the
# same place, until the market's jobs change (the page's own key).
_job_lists: ProcessCache[SafeString] = ProcessCache(maxsize=512)


def _job_list_html(request: HttpRequest, asked: dict[str, Any], origin_label: str, query: str) -> SafeString:
    elder = is_elder_mode(request)  # the cards carry the text read aloud
    key = (selectors.browse_key(**asked), origin_label, query, elder, get_language())

    def render_list() -> SafeString:
        page = selectors.browse_open_jobs(**asked)
        context = {
            "page": page,
            "jobs": page.items,
            "has_origin": asked["origin"] is not None,
            "origin_label": origin_label,
            "query": query,
            "elder_mode": elder,
        }
        return mark_safe(render_to_string("jobs/_job_list.html", context))  # noqa: S308 - a template's output

    return _job_lists.get_or_make(key, render_list)


def _market_of(request: HttpRequest) -> Market:
    user = request.user
    market = user.market if user.is_authenticated else None
    return market or default_market()


def _chosen_origin(
    request: HttpRequest, data: dict[str, Any], market_id: int
) -> tuple[tuple[float, float] | None, str]:
    """The point the visitor asked to sort from, and how the page names it: the device's position
    first (it is the more precise), then the chosen district's centre."""
    if data["lat"] is not None and data["lon"] is not None:
        try:
            validate_in_market_area(data["lat"], data["lon"], market_id)
        except ValidationError as exc:
            messages.warning(request, exc.messages[0])
        else:
            return (data["lat"], data["lon"]), _("您的位置")
    if data["near"]:
        district = selectors.district_of_market(market_id, data["near"])
        if district is not None:
            return (district.lat, district.lon), _("%(name)s中心") % {"name": district.name}
    return None, ""


def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.job_detail(job_id)
    if job is None:
        raise Http404
    can_manage = request.user.is_authenticated and services.can_manage_job(request.user, job)
    if not selectors.is_publicly_visible(job) and not can_manage:
        raise Http404
    worker = profile_of(request.user)
    application = Application.objects.filter(job=job, worker=worker).first() if worker else None
    distance = None
    origin = selectors.origin_for_worker(worker)
    if origin:
        distance = haversine_km(origin[0], origin[1], job.lat, job.lon)
    missing = services.missing_certificates(worker, job) if worker else []
    return render(
        request,
        "jobs/detail.html",
        {
            "job": job,
            "worker": worker,
            "application": application,
            "apply_form": ApplyForm(),
            "can_manage": can_manage,
            "distance_km": distance,
            "missing_certificates": missing,
            "places_left": max(0, job.headcount - getattr(job, "accepted_count", 0)),
        },
    )


@login_required
@require_POST
def job_apply(request: AuthedRequest, job_id: int) -> HttpResponse:
    form = ApplyForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        services.apply(actor=request.user, job_id=job_id, message=message)
    except DomainError as exc:
        messages.error(request, exc.message)
        if exc.code == "profile_incomplete":
            return redirect(f"{links.reverse('workers:profile')}?next={links.job_url(job_id)}")
    else:
        messages.success(request, _("报名成功！用工单位会尽快联系您，请留意消息。"))
    return redirect("jobs:detail", job_id=job_id)


@login_required
def job_report(request: AuthedRequest, job_id: int) -> HttpResponse:
    """举报 a posting: a reason and what the user saw. Reports from several people hold it for review."""
    job = selectors.job_detail(job_id)
    if job is None or not selectors.is_publicly_visible(job):
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_job(
                actor=request.user,
                job_id=job.pk,
                reason=form.cleaned_data["reason"],
                text=form.cleaned_data["text"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("举报已提交，市场工作人员会尽快核实。谢谢您！"))
            return redirect("jobs:detail", job_id=job.pk)
    return render(request, "jobs/report.html", {"job": job, "form": form})


def job_qr(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.job_detail(job_id)
    if job is None or not selectors.is_publicly_visible(job):
        raise Http404
    return HttpResponse(
        qr_svg(absolute_url(links.job_url(job.pk)), title=job.title), content_type="image/svg+xml"
    )
