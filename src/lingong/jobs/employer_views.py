"""The employer's job pages: the dashboard with their postings, post and edit a job, handle applicants."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts.access import enterprise_of
from lingong.accounts.auth import AuthedRequest
from lingong.core.errors import DomainError
from lingong.core.forms import add_domain_error
from lingong.employers.models import Enterprise
from lingong.jobs import recommendations, selectors, services
from lingong.jobs.forms import JobForm, ReasonForm, form_from_sentence, job_input
from lingong.jobs.models import JobPosting


def _enterprise_or_404(request: AuthedRequest) -> Enterprise:
    enterprise = enterprise_of(request.user)
    if enterprise is None:
        raise Http404
    return enterprise


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    enterprise = _enterprise_or_404(request)
    jobs = selectors.jobs_of_enterprise(request.user).prefetch_related("occupations")[:100]
    return render(request, "jobs/employer_dashboard.html", {"enterprise": enterprise, "jobs": jobs})


@login_required
def job_new(request: AuthedRequest) -> HttpResponse:
    enterprise = _enterprise_or_404(request)
    if request.method == "POST" and "parse" in request.POST:
        form = form_from_sentence(request, JobForm)
        context = {"form": form, "enterprise": enterprise, "job": None}
        return render(request, "jobs/employer_job_form.html", context)
    form = JobForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        submit = "draft" not in request.POST
        try:
            job = services.create_job(actor=request.user, data=job_input(form.cleaned_data), submit=submit)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("岗位已提交审核。") if submit else _("已保存草稿。"))
            return redirect("jobs:job_applicants", job_id=job.pk)
    return render(
        request, "jobs/employer_job_form.html", {"form": form, "enterprise": enterprise, "job": None}
    )


def _managed_job(request: AuthedRequest, job_id: int) -> JobPosting:
    job = selectors.job_detail(job_id)
    if job is None or not services.can_manage_job(request.user, job):
        raise Http404
    return job


@login_required
def job_edit(request: AuthedRequest, job_id: int) -> HttpResponse:
    job = _managed_job(request, job_id)
    form = JobForm(request.POST or None, initial=JobForm.initial_for(job))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_job(actor=request.user, job_id=job.pk, data=job_input(form.cleaned_data))
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("岗位已更新。"))
            return redirect("jobs:job_applicants", job_id=job.pk)
    return render(request, "jobs/employer_job_form.html", {"form": form, "job": job})


@login_required
def job_applicants(request: AuthedRequest, job_id: int) -> HttpResponse:
    job = _managed_job(request, job_id)
    applications = list(selectors.applicants_for_job(job))
    visible = selectors.phone_visible_worker_ids(job.enterprise_id, [a.worker_id for a in applications])
    for a in applications:
        a.phone_shown = selectors.applicant_phone(a, visible)  # type: ignore[attr-defined]
        a.phone_full = a.worker_id in visible  # type: ignore[attr-defined]
    candidates: list[dict[str, Any]] = []
    if job.status == "open":
        try:
            candidates = recommendations.candidates_for(job, limit=10, radius_km=CANDIDATE_RADIUS_KM)
        except DomainError:
            candidates = []
    return render(
        request,
        "jobs/employer_job_applicants.html",
        {
            "job": job,
            "applications": applications,
            "reason_form": ReasonForm(),
            "accepted": [a for a in applications if a.status == "accepted"],
            "candidates": candidates,
        },
    )


CANDIDATE_RADIUS_KM = 30.0


@login_required
@require_POST
def job_invite(request: AuthedRequest, job_id: int) -> HttpResponse:
    job = _managed_job(request, job_id)
    try:
        worker_id = int(request.POST.get("worker_id", ""))
    except ValueError:
        messages.error(request, _("请选择要邀请的求职者。"))
        return redirect("jobs:job_applicants", job_id=job.pk)
    try:
        result = recommendations.invite_worker(actor=request.user, job=job, worker_id=worker_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if result.created:
            messages.success(request, _("已发送邀请，对方报名后会出现在报名者列表中。"))
        else:
            when = timezone.localtime(result.invitation.created_at)
            messages.info(
                request, _("已于 %(when)s 邀请过该求职者，不再重复发送。") % {"when": f"{when:%m-%d %H:%M}"}
            )
    return redirect(f"{reverse('jobs:job_applicants', args=[job.pk])}#candidates")


_JOB_ACTIONS = {
    "submit": (services.submit_job, _("已提交审核。")),
    "close": (services.close_job, _("岗位已关闭。")),
}
_APPLICATION_ACTIONS = {
    "shortlist": (services.shortlist, _("已列入候选。")),
    "offer": (services.offer, _("已发出录用通知，等待对方确认。")),
    "reject": (services.reject_application, _("已标记为未录用。")),
}


@login_required
@require_POST
def job_action(request: AuthedRequest, job_id: int, action: str) -> HttpResponse:
    if action not in _JOB_ACTIONS:
        raise Http404
    func, success = _JOB_ACTIONS[action]
    try:
        func(actor=request.user, job_id=job_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("jobs:job_applicants", job_id=job_id)


@login_required
@require_POST
def application_action(request: AuthedRequest, application_id: int, action: str) -> HttpResponse:
    if action not in _APPLICATION_ACTIONS:
        raise Http404
    func, success = _APPLICATION_ACTIONS[action]
    kwargs: dict[str, Any] = {}
    if action == "reject":
        kwargs["reason"] = request.POST.get("reason", "")[:200]
    job_id = None
    try:
        application = func(actor=request.user, application_id=application_id, **kwargs)
        job_id = application.job_id
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    target = request.POST.get("job_id") or job_id
    return (
        redirect("jobs:job_applicants", job_id=int(target)) if target else redirect("jobs:employer_dashboard")
    )
