"""Staff workspace: station staff register walk-ins and post for local employers; market admins verify
enterprises, review postings and see totals. Every view is thin: it calls one service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts import services as account_services
from lingong.accounts.access import is_staff
from lingong.accounts.auth import AuthedRequest
from lingong.accounts.models import OtpPurpose, Role
from lingong.core.errors import DomainError
from lingong.core.forms import add_domain_error
from lingong.core.pagination import paginate
from lingong.employers import selectors as employer_selectors
from lingong.employers import services as employer_services
from lingong.employers.forms import EnterpriseForm, enterprise_input
from lingong.engagements import selectors as engagement_selectors
from lingong.insurance.selectors import failed_policies_for_staff
from lingong.jobs import selectors as job_selectors
from lingong.jobs import services as job_services
from lingong.jobs.forms import StaffJobForm, form_from_sentence, job_input
from lingong.settlement.selectors import open_arrears_for_staff
from lingong.staff import selectors as staff_selectors
from lingong.staff.forms import WalkInForm
from lingong.workers import selectors as worker_selectors
from lingong.workers import services as worker_services
from lingong.workers.forms import SKILL_ROWS


def staff_required(view: Any) -> Any:
    @login_required
    def wrapper(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    return wrapper


def _is_reviewer(user: Any) -> bool:
    return user.role in (Role.MARKET_ADMIN, Role.CENTRE_STAFF)


@staff_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    user = request.user
    context: dict[str, Any] = {
        "scope": account_services.staff_scope_label(user),
        "workers": worker_selectors.station_workers(user)[:10],
        "jobs": job_selectors.staff_jobs(user)[:10],
        "is_reviewer": _is_reviewer(user),
    }
    if _is_reviewer(user):
        context["totals"] = staff_selectors.market_totals(user)
    context["work"] = _work_queue_counts(user)
    return render(request, "staff/dashboard.html", context)


def _work_queue_counts(user: Any) -> dict[str, int]:
    """What needs a person today in this staff member's scope: checks to review, disputes, failed
    insurance purchases and employers flagged for unpaid wages."""

    return {
        "active": engagement_selectors.engagements_for(user, "active").count(),
        "flagged": engagement_selectors.flagged_shifts_for_staff(user).count(),
        "cases": engagement_selectors.open_cases_for_staff(user).count(),
        "insurance_failed": failed_policies_for_staff(user).count(),
        "arrears": open_arrears_for_staff(user).count(),
    }


@staff_required
def walk_in(request: AuthedRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "staff/walk_in.html", {"form": WalkInForm()})
    if "send_code" in request.POST:
        return _send_consent_code(request)
    form = WalkInForm(request.POST)
    form_ok = form.is_valid()
    data = form.cleaned_data
    kwargs: dict[str, Any] = {
        "actor": request.user,
        "phone": data.get("phone"),
        "consent_channel": data.get("consent_channel"),
        "consent_reference": data.get("consent_reference"),
        "otp_code": data.get("otp_code"),
        "data": _walk_in_profile(form),
    }
    try:
        if not form_ok:
            # The form refused some fields; check the others now too, so that every problem shows at once.
            form.add_service_errors(worker_services.walk_in_errors(**kwargs, check_code=False))
        else:
            profile = worker_services.register_walk_in(**kwargs)
            messages.success(
                request, _("已为%(name)s完成登记，可用手机验证码登录。") % {"name": profile.real_name}
            )
            return redirect("staff:workers")
    except DomainError as exc:
        if exc.errors:
            form.add_service_errors(exc.errors)
        else:
            form.add_error(None, exc.message)
    if summary := form.error_summary():
        form.add_error(None, summary)
    return render(request, "staff/walk_in.html", {"form": form})


def _walk_in_profile(form: WalkInForm) -> worker_services.ProfileInput:
    """The profile part of the walk-in form; a field the form refused is left out (``None``)."""
    data = form.cleaned_data
    skill_fields = [f"{kind}_{i}" for kind in ("skill", "years") for i in range(SKILL_ROWS)]
    skills_ok = not any(form.has_error(name) for name in skill_fields)
    slots_ok = not any(form.has_error(name) for name in ("workdays", "work_start", "work_end"))
    return worker_services.ProfileInput(
        real_name=data.get("real_name"),
        id_number=data.get("id_number"),
        home_division=data.get("home_division"),
        travel_radius_km=data.get("travel_radius_km"),
        expected_pay=data.get("expected_pay"),
        expected_pay_unit=data.get("expected_pay_unit"),
        day_type=data.get("day_type"),
        skills=form.skills() if skills_ok else None,
        availability=form.availability() if slots_ok else None,
        target_groups=data.get("target_groups"),
        intended_divisions=data.get("intended_divisions"),
        about=data.get("about"),
    )


def _send_consent_code(request: AuthedRequest) -> HttpResponse:
    """Send the worker the consent code. Only the phone matters here: the rest of the form is shown again as
    typed, not checked yet (staff usually send the code first and fill the form while it arrives)."""
    form = WalkInForm(initial=WalkInForm.initial_from(request.POST))
    try:
        account_services.send_otp(phone=request.POST.get("phone", ""), purpose=OtpPurpose.CONSENT)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.info(request, _("验证码已发送到求职者手机，请让求职者告诉您验证码。"))
    return render(request, "staff/walk_in.html", {"form": form})


@staff_required
def workers(request: AuthedRequest) -> HttpResponse:
    qs = worker_selectors.station_workers(request.user).prefetch_related("skills__occupation")
    q = request.GET.get("q", "").strip()[:30]
    if q:
        qs = qs.filter(Q(real_name__icontains=q) | Q(user__phone__endswith=q))
    page = paginate(qs, request.GET.get("page", 1), 30)
    pending = worker_selectors.pending_certificates(request.user)
    return render(
        request,
        "staff/workers.html",
        {
            "page": page,
            "q": q,
            "pending_certificates": pending[:50],
        },
    )


@staff_required
@require_POST
def verify_certificate(request: AuthedRequest, certificate_id: int) -> HttpResponse:
    try:
        worker_services.verify_certificate(actor=request.user, certificate_id=certificate_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("证书已核验。"))
    return redirect("staff:workers")


@staff_required
def jobs(request: AuthedRequest) -> HttpResponse:
    page = paginate(job_selectors.staff_jobs(request.user), request.GET.get("page", 1), 30)
    return render(request, "staff/jobs.html", {"page": page})


@staff_required
def job_new(request: AuthedRequest) -> HttpResponse:
    enterprises = employer_selectors.enterprises_for_staff(request.user)
    if request.method == "POST" and "parse" in request.POST:
        form = form_from_sentence(request, StaffJobForm, enterprises=enterprises)
        return render(request, "staff/job_new.html", {"form": form})
    form = StaffJobForm(request.POST or None, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        try:
            job = job_services.create_job(
                actor=request.user,
                data=job_input(form.cleaned_data),
                enterprise_id=form.cleaned_data["enterprise"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("岗位已发布。"))
            return redirect("jobs:job_applicants", job_id=job.pk)
    return render(request, "staff/job_new.html", {"form": form})


@staff_required
def enterprise_new(request: AuthedRequest) -> HttpResponse:
    form = EnterpriseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            employer_services.register_enterprise_by_staff(
                actor=request.user, data=enterprise_input(form.cleaned_data)
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("用工单位已登记，等待市场审核认证。"))
            return redirect("staff:dashboard")
    return render(request, "staff/enterprise_new.html", {"form": form})


@staff_required
def enterprises(request: AuthedRequest) -> HttpResponse:
    if not _is_reviewer(request.user):
        raise PermissionDenied
    return render(
        request,
        "staff/enterprises.html",
        {
            "pending": employer_selectors.pending_enterprises(request.user)[:100],
        },
    )


@staff_required
@require_POST
def enterprise_decision(request: AuthedRequest, enterprise_id: int, decision: str) -> HttpResponse:
    try:
        if decision == "verify":
            employer_services.verify_enterprise(actor=request.user, enterprise_id=enterprise_id)
            messages.success(request, _("已认证。"))
        else:
            employer_services.reject_enterprise(
                actor=request.user,
                enterprise_id=enterprise_id,
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("已退回。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("staff:enterprises")


@staff_required
def job_reviews(request: AuthedRequest) -> HttpResponse:
    if not _is_reviewer(request.user):
        raise PermissionDenied
    pending = job_selectors.pending_reviews(request.user).prefetch_related("occupations")[:100]
    return render(request, "staff/job_reviews.html", {"pending": pending})


@staff_required
@require_POST
def job_decision(request: AuthedRequest, job_id: int, decision: str) -> HttpResponse:
    try:
        if decision == "approve":
            job_services.approve_job(actor=request.user, job_id=job_id)
            messages.success(request, _("岗位已通过审核并公开。"))
        else:
            job_services.reject_job(actor=request.user, job_id=job_id, reason=request.POST.get("reason", ""))
            messages.success(request, _("已退回。"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("staff:job_reviews")
