"""Pages of fair intentions: the worker's booth page (scanned QR), 投递 online, the enterprise's phone pages
(its booth's intentions live, the camera to scan workers' codes), the staff dashboard live, the report
(.xlsx) and the printables (poster, booth QR sheet)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts.access import enterprise_of
from lingong.accounts.auth import AuthedRequest
from lingong.accounts.models import Role
from lingong.core.errors import DomainError, NotFoundError
from lingong.core.geo import haversine_km
from lingong.core.masking import mask_phone
from lingong.core.middleware import allow_camera
from lingong.fairs import intentions as services
from lingong.fairs import printables, report
from lingong.fairs.access import can_manage_fair
from lingong.fairs.intention_rules import age_band, hours_text, online_problem, onsite_problem
from lingong.fairs.models import (
    BoothApplication,
    BoothStatus,
    FairRegistration,
    Intention,
    IntentionStatus,
    JobFair,
)
from lingong.jobs.models import ApplicationStatus, JobStatus


def _public_fair_path(fair: JobFair) -> str:
    return f"/fairs/{fair.code}/"  # fairs-a's public fair page, by its plain path


# --- Worker: the booth page and 投递 online ---------------------------------------------------------------


def _booth_or_404(qr_token: str) -> BoothApplication:
    exhibitor = (
        BoothApplication.objects.select_related("fair", "enterprise", "booth")
        .filter(qr_token=qr_token, status=BoothStatus.APPROVED)
        .first()
    )
    if exhibitor is None:
        raise Http404
    return exhibitor


def booth(request: HttpRequest, qr_token: str) -> HttpResponse:
    """What a worker's phone camera opens at a booth: the enterprise, its jobs and a big 投递意向."""
    exhibitor = _booth_or_404(qr_token)
    fair = exhibitor.fair
    user: Any = request.user
    worker = getattr(user, "worker_profile", None) if user.is_authenticated else None
    error = ""
    error_code = ""
    if request.method == "POST":
        if worker is None:
            raise Http404
        try:
            services.scan_booth(actor=user, qr_token=qr_token)
        except DomainError as exc:
            error, error_code = exc.message, exc.code or ""
        else:
            messages.success(request, _("已投递面试意向，企业会在展位与您联系。"))
            return redirect("fairs:intention_booth", qr_token=qr_token)
    sent = worker is not None and Intention.objects.filter(exhibitor=exhibitor, worker=worker).first()
    registration = (
        FairRegistration.objects.filter(fair=fair, worker=worker).first() if worker is not None else None
    )
    jobs = list(exhibitor.jobs.select_related("enterprise").order_by("pk"))
    context = {
        "exhibitor": exhibitor,
        "fair": fair,
        "jobs": jobs,
        "worker": worker,
        "sent": sent,
        "registration": registration,
        "error": error,
        "error_code": error_code,
        "problem": onsite_problem(fair, timezone.now()),
        "fair_path": _public_fair_path(fair),
        "hours": hours_text(fair),
    }
    return render(request, "fairs/intentions/booth.html", context, status=409 if error else 200)


@login_required
@require_POST
def apply_online(request: AuthedRequest, exhibitor_id: int) -> HttpResponse:
    exhibitor = BoothApplication.objects.select_related("fair").filter(pk=exhibitor_id).first()
    if exhibitor is None:
        raise Http404
    try:
        job_id = int(request.POST.get("job", "0"))
    except ValueError:
        job_id = 0
    try:
        services.apply_online(actor=request.user, exhibitor_id=exhibitor_id, job_id=job_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已投递，企业会尽快与您联系。"))
    return redirect(f"{_public_fair_path(exhibitor.fair)}#exhibitor-{exhibitor.pk}")


# --- Enterprise: its booth's intentions and the camera ------------------------------------------------------


def _own_exhibitor(request: AuthedRequest, code: str) -> BoothApplication:
    enterprise = enterprise_of(request.user)
    if enterprise is None:
        raise Http404
    exhibitor = (
        BoothApplication.objects.select_related("fair", "enterprise", "booth")
        .filter(fair__code=code, enterprise=enterprise, status=BoothStatus.APPROVED)
        .first()
    )
    if exhibitor is None:
        raise Http404
    return exhibitor


def intention_cards(exhibitor: BoothApplication) -> list[dict[str, Any]]:
    """The booth's intentions with the worker's masked profile (no phone until an offer is accepted)."""
    fair = exhibitor.fair
    today = timezone.localdate()
    rows = (
        Intention.objects.filter(exhibitor=exhibitor)
        .select_related("worker__user", "worker__home_division", "job", "application")
        .prefetch_related("worker__skills__occupation", "worker__certificates__certificate_type")
        .order_by("-created_at", "-pk")
    )
    cards = []
    for intention in rows:
        w = intention.worker
        distance = None
        if None not in (fair.lat, fair.lon, w.home_lat, w.home_lon):
            distance = round(haversine_km(fair.lat, fair.lon, w.home_lat, w.home_lon), 1)  # type: ignore[arg-type]
        accepted = (
            intention.application is not None and intention.application.status == ApplicationStatus.ACCEPTED
        )
        cards.append(
            {
                "intention": intention,
                "name": w.masked_name,
                "age_band": age_band(w.birth_date, today),
                "gender": w.get_gender_display() if w.gender else "",
                "skills": [f"{s.occupation.name}（{s.years}年）" for s in w.skills.all()],
                "certificates": [
                    c.certificate_type.name for c in w.certificates.all() if c.is_valid_on(today)
                ],
                "area": w.home_division.name if w.home_division else "",
                "distance": distance,
                "phone": w.user.phone if accepted else mask_phone(w.user.phone),
                "phone_full": accepted,
                "application": intention.application,
            }
        )
    return cards


def _open_jobs(exhibitor: BoothApplication) -> list[Any]:
    return list(exhibitor.jobs.filter(status=JobStatus.OPEN).order_by("pk"))


@login_required
def employer_intentions(request: AuthedRequest, code: str) -> HttpResponse:
    exhibitor = _own_exhibitor(request, code)
    cards = intention_cards(exhibitor)
    context = {
        "exhibitor": exhibitor,
        "fair": exhibitor.fair,
        "cards": cards,
        "jobs": _open_jobs(exhibitor),
        "new_count": sum(1 for c in cards if c["intention"].status == IntentionStatus.NEW),
    }
    if request.GET.get("partial"):
        return render(request, "fairs/intentions/_employer_list.html", context)
    return render(request, "fairs/intentions/employer.html", context)


@allow_camera
@login_required
def employer_booth_scan(request: AuthedRequest, code: str) -> HttpResponse:
    """The booth's camera page: scan (or type) a worker's personal code to record an intention."""
    exhibitor = _own_exhibitor(request, code)
    error = ""
    typed = ""
    if request.method == "POST":
        typed = request.POST.get("code", "")[:200]
        try:
            intention = services.booth_scans_worker(actor=request.user, exhibitor_id=exhibitor.pk, code=typed)
        except DomainError as exc:
            error = exc.errors.get("code", [exc.message])[0] if exc.errors else exc.message
        else:
            messages.success(
                request, _("已记录 %(name)s 的面试意向。") % {"name": intention.worker.masked_name}
            )
            return redirect("fairs:intention_booth_scan", code=code)
    context = {"exhibitor": exhibitor, "fair": exhibitor.fair, "error": error, "typed": typed}
    return render(request, "fairs/intentions/scan.html", context, status=409 if error else 200)


def _back_to_list(request: AuthedRequest, intention_id: int) -> HttpResponse:
    code = Intention.objects.filter(pk=intention_id).values_list("fair__code", flat=True).first()
    if code and request.user.role == Role.EMPLOYER:
        return redirect("fairs:intention_list", code=code)
    if code:
        return redirect("fairs:intention_dashboard", code=code)
    raise Http404


@login_required
@require_POST
def offer(request: AuthedRequest, intention_id: int) -> HttpResponse:
    try:
        job_id = int(request.POST.get("job", "0"))
    except ValueError:
        job_id = 0
    try:
        services.make_offer(actor=request.user, intention_id=intention_id, job_id=job_id)
    except DomainError as exc:
        if isinstance(exc, NotFoundError):
            raise Http404 from None
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已发出录用，求职者确认后即生成用工单。"))
    return _back_to_list(request, intention_id)


@login_required
@require_POST
def decline(request: AuthedRequest, intention_id: int) -> HttpResponse:
    try:
        services.decline(actor=request.user, intention_id=intention_id)
    except DomainError as exc:
        if isinstance(exc, NotFoundError):
            raise Http404 from None
        messages.error(request, exc.message)
    return _back_to_list(request, intention_id)


# --- Staff: dashboard, report, printables -----------------------------------------------------------------


def _managed_fair(request: AuthedRequest, code: str) -> JobFair:
    fair = JobFair.objects.select_related("station", "centre").filter(code=code).first()
    if fair is None or not can_manage_fair(request.user, fair):
        raise Http404
    return fair


@login_required
def dashboard(request: AuthedRequest, code: str) -> HttpResponse:
    fair = _managed_fair(request, code)
    figures = report.fair_report(fair)
    context = {
        "fair": fair,
        "figures": figures,
        "booths": services.booth_counts(fair),
        "onsite_problem": onsite_problem(fair, timezone.now()) if fair.is_onsite else "",
        "online_problem": online_problem(fair, timezone.now()) if fair.is_online else "",
    }
    if request.GET.get("partial"):
        return render(request, "fairs/intentions/_dashboard_live.html", context)
    return render(request, "fairs/intentions/dashboard.html", context)


@login_required
def report_page(request: AuthedRequest, code: str) -> HttpResponse:
    fair = _managed_fair(request, code)
    figures = report.fair_report(fair)
    context = {"fair": fair, "figures": figures, "chart_data": report.chart_data(figures)}
    return render(request, "fairs/report.html", context)


@login_required
def report_xlsx(request: AuthedRequest, code: str) -> HttpResponse:
    fair = _managed_fair(request, code)
    body = report.report_workbook(report.fair_report(fair))
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="fair-{fair.code}-report.xlsx"'
    return response


def _pdf(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def poster_pdf(request: AuthedRequest, code: str) -> HttpResponse:
    fair = _managed_fair(request, code)
    return _pdf(printables.poster_pdf(fair), f"fair-{fair.code}-poster.pdf")


@login_required
def booth_qr_pdf(request: AuthedRequest, code: str) -> HttpResponse:
    fair = _managed_fair(request, code)
    return _pdf(printables.booth_sheet_pdf(fair), f"fair-{fair.code}-booth-qr.pdf")
