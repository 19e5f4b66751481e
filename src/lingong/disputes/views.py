"""Worker pages: 我要投诉 (file a complaint, optionally from an engagement) and the complaint page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts.access import is_staff
from lingong.accounts.auth import AuthedRequest
from lingong.accounts.models import Role
from lingong.core.errors import DomainError, NotFoundError
from lingong.core.pagination import paginate
from lingong.disputes import report_sections, selectors, services, xlsx
from lingong.disputes.models import (
    CloseReason,
    Complaint,
    ComplaintKind,
    ComplaintStatus,
    HandlingLevel,
    Mediator,
)
from lingong.org.models import ServiceCentre, Station


@login_required
def my_complaints(request: AuthedRequest) -> HttpResponse:
    """维权: the person's complaints, filed by them or about them, and the ways to get help."""
    complaints = services.my_complaints(request.user)
    return render(
        request,
        "disputes/mine.html",
        {
            "filed": [c for c in complaints if c.filed_by_id == request.user.pk],
            "against": [c for c in complaints if c.filed_by_id != request.user.pk],
        },
    )


@login_required
def new_complaint(request: AuthedRequest) -> HttpResponse:
    engagement_raw = request.GET.get("engagement") or request.POST.get("engagement_id") or ""
    engagement_id = int(engagement_raw) if engagement_raw.isdigit() else None
    errors: dict[str, list[str]] = {}
    message = ""
    values = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        data = services.ComplaintInput(
            kind=request.POST.get("kind", "")[:20],
            what_happened=request.POST.get("what_happened", "")[:4000],
            asks_for=request.POST.get("asks_for", "")[:1000],
            amount_claimed=request.POST.get("amount_claimed", "")[:20] or None,
            engagement_id=engagement_id,
        )
        try:
            complaint = services.file_complaint(
                actor=request.user, data=data, files=request.FILES.getlist("files")
            )
        except NotFoundError as exc:
            raise Http404(exc.message) from exc
        except DomainError as exc:
            errors, message = exc.errors, exc.message
        else:
            return redirect(services.complaint_url(complaint))
    context = {
        "kinds": ComplaintKind.choices,
        "engagement_id": engagement_id,
        "errors": errors,
        "message": message,
        "values": values,
        "max_files": services.MAX_FILES,
    }
    return render(request, "disputes/new.html", context, status=422 if errors else 200)


@login_required
def complaint_page(request: AuthedRequest, complaint_id: int) -> HttpResponse:
    try:
        complaint = services.visible_complaint(request.user, complaint_id)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    context = {
        "complaint": complaint,
        "evidence": list(selectors.evidence_of(complaint)),
        "wage": selectors.wage_position(complaint),
        "overdue": selectors.is_overdue(complaint),
        "can_withdraw": complaint.filed_by_id == request.user.pk
        and complaint.status != ComplaintStatus.CLOSED,
    }
    return render(request, "disputes/detail.html", context)


@login_required
@require_POST
def withdraw(request: AuthedRequest, complaint_id: int) -> HttpResponse:
    try:
        services.withdraw(
            actor=request.user, complaint_id=complaint_id, note=request.POST.get("note", "")[:500]
        )
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("投诉已撤回。"))
    return redirect("disputes:detail", complaint_id)


# --- Staff pages -------------------------------------------------------------------------------------------


def staff_or_mediator(view: Any) -> Any:
    @login_required
    def wrapper(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not is_staff(user) and not Mediator.objects.filter(user_id=user.pk, active=True).exists():
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    return wrapper


def _flag(value: str) -> bool:
    return value in ("1", "on", "true")


@staff_or_mediator
def staff_queue(request: AuthedRequest) -> HttpResponse:
    g = request.GET
    station_raw = g.get("station", "")[:9]
    filters = selectors.QueueFilters(
        status=g.get("status", "open")[:16],
        kind=g.get("kind", "")[:20],
        urgent=_flag(g.get("urgent", "")),
        overdue=_flag(g.get("overdue", "")),
        level=g.get("level", "")[:10],
        station=int(station_raw) if station_raw.isdigit() else None,
    )
    page = paginate(selectors.queue(request.user, filters), g.get("page"), 30)
    stations = Station.objects.filter(market_id=request.user.market_id or 0).order_by("name")
    query = g.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "statuses": [("open", _("未结案")), ("", _("全部")), *ComplaintStatus.choices],
        "kinds": ComplaintKind.choices,
        "levels": HandlingLevel.choices,
        "stations": stations,
        "query": query.urlencode(),
        "is_staff": is_staff(request.user),
    }
    return render(request, "disputes/staff_queue.html", context)


def _staff_complaint(request: AuthedRequest, complaint_id: int) -> Complaint:
    complaint = (
        Complaint.objects.select_related(
            "station",
            "centre",
            "mediator",
            "market",
            "engagement__job",
            "filed_by",
            "other_party",
            "merged_into",
        )
        .filter(pk=complaint_id)
        .first()
    )
    user = request.user
    if complaint is None or not (
        services.staff_in_scope(user, complaint) or selectors.is_assigned_mediator(user, complaint)
    ):
        raise Http404(_("投诉不存在"))
    return complaint


@staff_or_mediator
def staff_case(request: AuthedRequest, complaint_id: int) -> HttpResponse:
    complaint = _staff_complaint(request, complaint_id)
    context = {
        "complaint": complaint,
        "overdue": selectors.is_overdue(complaint),
        "evidence": list(selectors.evidence_of(complaint).select_related("complaint")),
        "timeline": selectors.timeline(complaint),
        "wage": selectors.wage_position(complaint),
        "merged": list(complaint.merged.order_by("pk")),
        "mediators": selectors.assignable_mediators(complaint),
        "stations": Station.objects.filter(market_id=complaint.market_id).order_by("name"),
        "centres": ServiceCentre.objects.filter(market_id=complaint.market_id).order_by("name"),
        "reasons": [(v, label) for v, label in CloseReason.choices if v != CloseReason.MERGED],
        # A mediator without a staff account reads the case; triage is for staff in scope.
        "is_open": complaint.status != ComplaintStatus.CLOSED
        and services.staff_in_scope(request.user, complaint),
        "can_acknowledge": complaint.status == ComplaintStatus.FILED,
    }
    return render(request, "disputes/staff_case.html", context)


@staff_or_mediator
@require_POST
def staff_action(request: AuthedRequest, complaint_id: int, action: str) -> HttpResponse:
    """One triage step from the case page's forms; refusals come back as a message on the page."""
    p = request.POST
    actor = request.user
    target = complaint_id
    try:
        if action == "acknowledge":
            services.acknowledge(actor=actor, complaint_id=complaint_id)
            done = _("已受理。")
        elif action == "assign":
            services.assign(
                actor=actor,
                complaint_id=complaint_id,
                station_id=p.get("station_id", "")[:12] or None,
                centre_id=p.get("centre_id", "")[:12] or None,
                mediator_id=p.get("mediator_id", "")[:12] or None,
            )
            done = _("已分派。")
        elif action == "urgent":
            services.set_urgent(actor=actor, complaint_id=complaint_id, urgent=_flag(p.get("urgent", "")))
            done = _("已更新紧急标记。")
        elif action == "merge":
            target = services.merge(
                actor=actor, complaint_id=complaint_id, into_id=_complaint_ref(actor, p.get("into", "")[:20])
            ).pk
            done = _("已合并。")
        elif action == "close":
            services.close_by_staff(
                actor=actor,
                complaint_id=complaint_id,
                reason=p.get("reason", "")[:16],
                resolution=p.get("resolution", "")[:2000],
                amount_recovered=p.get("amount_recovered", "")[:20] or None,
            )
            done = _("已结案。")
        else:
            raise Http404
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        details = "；".join(m for msgs in exc.errors.values() for m in msgs)
        messages.error(request, f"{exc.message} {details}".strip())
        target = complaint_id
    else:
        messages.success(request, done)
    return redirect("disputes:staff_case", target)


def _complaint_ref(actor: Any, value: str) -> Any:
    """A complaint number (TS-2026-000012) of the actor's market, or an id."""
    value = value.strip()
    if value.isdigit():
        return int(value)
    found = Complaint.objects.filter(market_id=actor.market_id, number=value.upper()).values_list(
        "pk", flat=True
    )
    return found.first() or value or None


@staff_or_mediator
def staff_mediators(request: AuthedRequest) -> HttpResponse:
    user = request.user
    is_admin = user.role == Role.MARKET_ADMIN
    errors: dict[str, list[str]] = {}
    values: Any = {}
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied
        try:
            if request.POST.get("op") == "toggle":
                mediator_raw = request.POST.get("mediator_id", "")[:9]
                services.set_mediator_active(
                    actor=user,
                    mediator_id=int(mediator_raw) if mediator_raw.isdigit() else 0,
                    active=_flag(request.POST.get("active", "")),
                )
            else:
                services.add_mediator(
                    actor=user,
                    data=services.MediatorInput(
                        phone=request.POST.get("phone", "")[:20],
                        display_name=request.POST.get("display_name", "")[:60],
                        station_id=request.POST.get("station_id", "")[:12] or None,
                        centre_id=request.POST.get("centre_id", "")[:12] or None,
                        max_open_cases=request.POST.get("max_open_cases", "")[:4] or 20,
                    ),
                )
        except NotFoundError as exc:
            raise Http404(exc.message) from exc
        except DomainError as exc:
            errors, values = exc.errors, request.POST
            messages.error(request, exc.message)
        else:
            messages.success(request, _("调解员名册已更新。"))
            return redirect("disputes:staff_mediators")
    if not is_staff(user):
        raise PermissionDenied
    context = {
        "roster": selectors.mediator_roster(user),
        "is_admin": is_admin,
        "stations": Station.objects.filter(market_id=user.market_id or 0).order_by("name"),
        "centres": ServiceCentre.objects.filter(market_id=user.market_id or 0).order_by("name"),
        "errors": errors,
        "values": values,
    }
    return render(request, "disputes/staff_mediators.html", context, status=422 if errors else 200)


def _report(request: AuthedRequest) -> selectors.ComplaintReport:
    if not is_staff(request.user):
        raise PermissionDenied
    try:
        month = selectors.parse_month(request.GET.get("month", "")[:7])
    except DomainError as exc:
        raise Http404(exc.message) from exc
    return selectors.complaint_report(request.user, month)


@login_required
def staff_report(request: AuthedRequest) -> HttpResponse:
    report = _report(request)
    sections = report_sections.sections_for(request.user.market_id or 0, report.month.key)
    return render(request, "disputes/staff_report.html", {"report": report, "sections": sections})


@login_required
def staff_report_xlsx(request: AuthedRequest) -> HttpResponse:
    report = _report(request)
    response = HttpResponse(
        xlsx.report_workbook(
            report, report_sections.sections_for(request.user.market_id or 0, report.month.key)
        ),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="complaints-{report.month.key}.xlsx"'
    return response
