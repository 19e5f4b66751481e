"""Staff workspace: station staff register walk-ins and post for local employers; market admins verify
enterprises, review postings and see totals. Every view is thin: it calls one service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lingong.accounts import services as account_services
from lingong.accounts.access import is_staff
from lingong.accounts.auth import AuthedRequest
from lingong.accounts.models import OtpPurpose, Role
from lingong.audit.models import SensitiveField
from lingong.core.client import client_ip
from lingong.core.errors import DomainError
from lingong.core.forms import add_domain_error
from lingong.core.pagination import paginate
from lingong.disputes import selectors as complaint_selectors
from lingong.employers import selectors as employer_selectors
from lingong.employers import services as employer_services
from lingong.employers.forms import EnterpriseForm, enterprise_input
from lingong.employers.selectors import PICKER_LIMIT
from lingong.engagements import selectors as engagement_selectors
from lingong.insurance.selectors import failed_policies_for_staff
from lingong.jobs import selectors as job_selectors
from lingong.jobs import services as job_services
from lingong.jobs.forms import form_from_sentence, job_input
from lingong.jobs.models import JobStatus, PostReviewStatus
from lingong.jobs.screening import screen_job
from lingong.jobs.screening import service as screening_service
from lingong.org.policy import policy_for
from lingong.rights import selectors as rights_selectors
from lingong.settlement.selectors import open_arrears_for_staff
from lingong.staff import selectors as staff_selectors
from lingong.staff import sensitive
from lingong.staff.forms import (
    ApplyOnBehalfForm,
    RevealForm,
    ReviewFilterForm,
    StaffPostingForm,
    VerificationFilterForm,
    WalkInForm,
    picker_options,
    search_enterprises,
)
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
        context["review"] = staff_selectors.review_overview(user)
    context["work"] = _work_queue_counts(user)
    context["rights"] = {
        "pending": rights_selectors.pending_count(user),
        "overdue": rights_selectors.overdue_count(user),
    }
    open_complaints = complaint_selectors.QueueFilters(status="open")
    overdue_complaints = complaint_selectors.QueueFilters(status="open", overdue=True)
    context["complaints"] = {
        "open": complaint_selectors.queue(user, open_complaints).count(),
        "overdue": complaint_selectors.queue(user, overdue_complaints).count(),
    }
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
            profile = worker_services.register_walk_in(**kwargs, elder_mode=bool(data.get("elder_mode")))
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


def _worker_in_scope(request: AuthedRequest, worker_id: int) -> Any:
    worker = worker_selectors.station_workers(request.user).filter(pk=worker_id).first()
    if worker is None:
        raise Http404
    return worker


@staff_required
def worker_detail(request: AuthedRequest, worker_id: int) -> HttpResponse:
    """One worker of the staff member's scope: elder mode (长辈模式) and 代报名 with the worker's consent."""
    worker = _worker_in_scope(request, worker_id)
    jobs = staff_selectors.open_jobs_to_apply(request.user)
    form = ApplyOnBehalfForm(request.POST or None, jobs=jobs)
    if request.method == "POST" and "send_code" in request.POST:
        try:
            account_services.send_otp(phone=worker.user.phone, purpose=OtpPurpose.CONSENT)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.info(request, _("验证码已发送到求职者手机，请让求职者告诉您验证码。"))
        form = ApplyOnBehalfForm(initial=request.POST.dict(), jobs=jobs)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job_services.apply_on_behalf(
                actor=request.user,
                worker_id=worker.pk,
                job_id=data["job"],
                consent_channel=data["consent_channel"],
                otp_code=data["otp_code"],
                consent_note=data["consent_note"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("已为%(name)s报名。") % {"name": worker.real_name or worker.masked_name}
            )
            return redirect("staff:worker_detail", worker_id=worker.pk)
    applications = job_selectors.applications_of_worker(worker)[:20]
    context = {"worker": worker, "form": form, "applications": applications}
    return render(request, "staff/worker_detail.html", context)


@staff_required
@require_POST
def worker_elder_mode(request: AuthedRequest, worker_id: int) -> HttpResponse:
    worker = _worker_in_scope(request, worker_id)
    on = request.POST.get("on") == "1"
    try:
        worker_services.set_worker_elder_mode(actor=request.user, worker_id=worker.pk, on=on)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已为其开启长辈模式。") if on else _("已为其关闭长辈模式。"))
    return redirect("staff:worker_detail", worker_id=worker.pk)


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
    user = request.user
    if request.method == "POST" and "parse" in request.POST:
        form = form_from_sentence(request, StaffPostingForm, user=user)
        return render(request, "staff/job_new.html", {"form": form})
    if request.method == "POST" and "find_enterprise" in request.POST:
        # Without JavaScript the search posts the form back: show the matches, keep what was typed.
        form = StaffPostingForm.searching(request.POST, user=user)
        return render(request, "staff/job_new.html", {"form": form})
    form = StaffPostingForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            job = job_services.create_job(
                actor=user,
                data=job_input(form.cleaned_data),
                enterprise_id=form.cleaned_data["enterprise"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _posted_message(job))
            return redirect("jobs:job_applicants", job_id=job.pk)
    return render(request, "staff/job_new.html", {"form": form})


def _posted_message(job: Any) -> str:
    """What became of a staff posting: a market admin's opens at once; station and centre staff's go the
    employer's way (review first, or published and checked afterwards: docs/architecture.md, Staff scope)."""
    if job.status == JobStatus.PENDING_REVIEW:
        return str(_("岗位已提交，市场工作人员审核通过后公开。"))
    if job.post_review_status == PostReviewStatus.PENDING:
        return str(_("岗位已发布，市场工作人员将在发布后复核。"))
    return str(_("岗位已发布。"))


@staff_required
def enterprise_search(request: AuthedRequest) -> HttpResponse:
    """The employer picker's matches as the staff member types: radio buttons (htmx) or JSON."""
    user = request.user
    query = (request.GET.get("enterprise_q") or request.GET.get("q") or "").strip()[:50]
    results, more = search_enterprises(user, query) if query else ([], False)
    if "application/json" in request.headers.get("Accept", ""):
        items = [_picker_item(e) for e in results]
        return JsonResponse({"items": items, "more": more})
    chosen = employer_selectors.enterprise_for_staff(user, request.GET.get("enterprise"))
    context = {
        "options": picker_options(chosen, results),
        "name": "enterprise",
        "searched": bool(query),
        "more": more,
        "limit": PICKER_LIMIT,
        "query": query,
    }
    return render(request, "staff/_enterprise_options.html", context)


def _picker_item(enterprise: Any) -> dict[str, Any]:
    return {
        "id": enterprise.pk,
        "name": enterprise.name,
        "credit_code": enterprise.credit_code,
        "kind": enterprise.kind,
        "division": enterprise.division.name,
        "own_station": enterprise.own_station == 0,
    }


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


REVIEW_PAGE_SIZE = 20
# The query keys a review page keeps when it sends the reviewer back after a decision.
REVIEW_QUERY_KEYS = ("queue", "status", "q", "division", "kind", "urgent", "overdue", "page")


@staff_required
def enterprises(request: AuthedRequest) -> HttpResponse:
    """The verification queue: the longest waiting first, each with its clock, searchable and paged."""
    user = request.user
    if not _is_reviewer(user):
        raise PermissionDenied
    form = VerificationFilterForm(request.GET or None)
    filters = form.filters()
    page = _page_of(employer_selectors.verification_queue(user, filters), request)
    now = timezone.now()
    items = [(e, employer_selectors.verification_clock(e, now)) for e in page.items]
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "items": items,
        "pending": filters.status == "pending",
        "query": _query(request, drop=("page",)),
        "back": _query(request),
        "overview": staff_selectors.review_overview(user),
        "policy": policy_for(user.market_id),
    }
    return render(request, "staff/enterprises.html", context)


def _page_of(queryset: Any, request: AuthedRequest) -> Any:
    """The asked-for page, or the last one when a decision emptied the page the reviewer was on."""
    page = paginate(queryset, request.GET.get("page", 1), REVIEW_PAGE_SIZE)
    if not page.items and page.page > page.pages:
        page = paginate(queryset, page.pages, REVIEW_PAGE_SIZE)
    return page


def _query(request: AuthedRequest, *, drop: tuple[str, ...] = ()) -> str:
    """The review page's own query string (known keys only), for links and for coming back after a POST."""
    return _clean_query(request.GET, drop=drop)


def _clean_query(data: Any, *, drop: tuple[str, ...] = ()) -> str:
    kept = QueryDict(mutable=True)
    for key in REVIEW_QUERY_KEYS:
        value = str(data.get(key, "")).strip()[:50]
        if value and key not in drop:
            kept[key] = value
    return kept.urlencode()


def _back(request: AuthedRequest, name: str) -> HttpResponse:
    """Back to the review page the decision was taken on (same filters and page)."""
    query = _clean_query(QueryDict(request.POST.get("back", "")))
    url = reverse(name)
    return redirect(f"{url}?{query}" if query else url)


@staff_required
@require_POST
def enterprise_decision(request: AuthedRequest, enterprise_id: int, decision: str) -> HttpResponse:
    try:
        if decision == "verify":
            employer_services.verify_enterprise(actor=request.user, enterprise_id=enterprise_id)
            messages.success(request, _("已认证。"))
        elif decision == "reject":
            employer_services.reject_enterprise(
                actor=request.user,
                enterprise_id=enterprise_id,
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("已退回。"))
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(request, "staff:enterprises")


@staff_required
def job_reviews(request: AuthedRequest) -> HttpResponse:
    """The two job review queues (before publication, and after it), urgent first then the longest
    waiting, each posting with its clock and the risk check's findings."""
    user = request.user
    if not _is_reviewer(user):
        raise PermissionDenied
    form = ReviewFilterForm(request.GET or None)
    filters = form.filters()
    page = _page_of(job_selectors.review_queue(user, filters), request)
    policy = policy_for(user.market_id)
    now = timezone.now()
    latest = job_selectors.latest_screenings(j.pk for j in page.items)
    items = [
        (
            j,
            job_selectors.review_clock(j, policy, now),
            latest[j.pk].messages if j.pk in latest else screen_job(j).messages,
        )
        for j in page.items
    ]
    context = {
        "form": form,
        "filters": filters,
        "post": filters.queue == job_selectors.QUEUE_POST,
        "page": page,
        "items": items,
        "query": _query(request, drop=("page",)),
        "tab_query": _clean_query(request.GET, drop=("queue", "page")),
        "back": _query(request),
        "overview": staff_selectors.review_overview(user),
        "policy": policy,
    }
    return render(request, "staff/job_reviews.html", context)


@staff_required
def screening_calibration(request: AuthedRequest) -> HttpResponse:
    """How precise recent screening holds and flags were in this market, and the thresholds the staff
    decisions of the last 90 days suggest (the admin changes them in the market policy)."""
    user = request.user
    if not _is_reviewer(user) or user.market_id is None:
        raise PermissionDenied
    report = screening_service.calibration(user.market_id)
    return render(request, "staff/screening_calibration.html", {"report": report})


_JOB_DECISIONS: dict[str, tuple[Any, Any]] = {
    "approve": (job_services.approve_job, gettext_lazy("岗位已通过审核并公开。")),
    "reject": (job_services.reject_job, gettext_lazy("已退回。")),
    "confirm": (job_services.confirm_post_review, gettext_lazy("已确认复核，岗位继续招聘。")),
    "take_down": (job_services.take_down_job, gettext_lazy("岗位已下架，已通知用工单位。")),
}
_NEEDS_REASON = {"reject", "take_down"}


@staff_required
@require_POST
def job_decision(request: AuthedRequest, job_id: int, decision: str) -> HttpResponse:
    if decision not in _JOB_DECISIONS:
        raise Http404
    action, done = _JOB_DECISIONS[decision]
    kwargs = {"reason": request.POST.get("reason", "")} if decision in _NEEDS_REASON else {}
    try:
        action(actor=request.user, job_id=job_id, **kwargs)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, str(done))
    return _back(request, "staff:job_reviews")


# --- Full numbers on request, with a reason, logged (issue 9) -------------------------------------------


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
def reveal_worker(request: AuthedRequest, worker_id: int, field: str) -> HttpResponse:
    """GET: the masked number and the reason form; POST: log the read and show the number once."""
    if field not in sensitive.WORKER_FIELDS:
        raise Http404
    try:
        worker = sensitive.worker_for_staff(request.user, worker_id)
    except DomainError as exc:
        raise Http404 from exc
    form = RevealForm(request.POST or None)
    context: dict[str, Any] = {
        "form": form,
        "subject": worker.real_name or worker.user.display_name or worker.masked_name,
        "field_label": SensitiveField(field).label,
        "masked": sensitive.masked_worker_value(worker, field),
        "back": reverse("staff:workers"),
    }
    if request.method == "POST" and form.is_valid():
        try:
            revealed = sensitive.reveal_worker(
                actor=request.user,
                worker_id=worker.pk,
                field=field,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                ip=client_ip(request),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            context.update(value=revealed.value, is_phone=field == SensitiveField.PHONE)
    return _no_store(render(request, "staff/reveal.html", context))


@staff_required
def reveal_enterprise_contact(request: AuthedRequest, enterprise_id: int) -> HttpResponse:
    try:
        enterprise = sensitive.enterprise_for_staff(request.user, enterprise_id)
    except DomainError as exc:
        raise Http404 from exc
    form = RevealForm(request.POST or None)
    context: dict[str, Any] = {
        "form": form,
        "subject": f"{enterprise.name} · {enterprise.contact_name}",
        "field_label": _("联系电话"),
        "masked": enterprise.masked_contact_phone,
        "back": reverse("staff:enterprises"),
    }
    if request.method == "POST" and form.is_valid():
        try:
            revealed = sensitive.reveal_enterprise_contact(
                actor=request.user,
                enterprise_id=enterprise.pk,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                ip=client_ip(request),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            context.update(value=revealed.value, is_phone=True)
    return _no_store(render(request, "staff/reveal.html", context))


@staff_required
def sensitive_reads(request: AuthedRequest) -> HttpResponse:
    """The log of full-number reads in the staff member's scope, newest first, 30 a page."""
    page = paginate(sensitive.reads_for(request.user), request.GET.get("page", 1), 30)
    return render(request, "staff/sensitive_reads.html", {"page": page})
