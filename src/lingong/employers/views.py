"""Employer pages: sign up, dashboard, post and edit jobs, handle applicants."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts.access import enterprise_of
from lingong.core.errors import DomainError
from lingong.core.forms import AuthedRequest, add_domain_error
from lingong.employers import services
from lingong.employers.forms import EmployerRegisterForm, EnterpriseForm, JobForm, ReasonForm
from lingong.jobs import recommendations
from lingong.jobs import selectors as job_selectors
from lingong.jobs import services as job_services
from lingong.jobs.models import JobPosting


def enterprise_input(data: dict[str, Any]) -> services.EnterpriseInput:
    fields = [
        "name",
        "kind",
        "credit_code",
        "contact_id_number",
        "industry",
        "address",
        "division",
        "contact_name",
        "contact_phone",
    ]
    return services.EnterpriseInput(**{f: str(data.get(f) or "") for f in fields})  # type: ignore[arg-type]


def job_input(data: dict[str, Any]) -> job_services.JobInput:
    data = dict(data)
    data.pop("enterprise", None)
    return job_services.JobInput(**data)


def register(request: HttpRequest) -> HttpResponse:
    form = EmployerRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.register_employer(
                phone=form.cleaned_data["phone"],
                password=form.cleaned_data["password"],
                data=enterprise_input(form.cleaned_data),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            login(
                request,
                enterprise.members.get().user,
                backend="lingong.accounts.backends.PhonePasswordBackend",
            )
            messages.success(
                request, _("注册成功，市场工作人员审核通过后即可发布岗位；您可以先保存岗位草稿。")
            )
            return redirect("employers:dashboard")
    return render(request, "employers/register.html", {"form": form})


def _enterprise_or_404(request: AuthedRequest) -> Any:
    enterprise = enterprise_of(request.user)
    if enterprise is None:
        raise Http404
    return enterprise


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    enterprise = _enterprise_or_404(request)
    jobs = job_selectors.jobs_of_enterprise(request.user).prefetch_related("occupations")[:100]
    # The to-do card (engagements, contracts) is loaded by htmx from workflow:todo_card.
    return render(request, "employers/dashboard.html", {"enterprise": enterprise, "jobs": jobs})


@login_required
def edit_enterprise(request: AuthedRequest) -> HttpResponse:
    enterprise = _enterprise_or_404(request)
    initial = {
        f: getattr(enterprise, f)
        for f in ["kind", "name", "credit_code", "address", "contact_name", "contact_phone"]
    }
    initial.update(industry=enterprise.industry_id, division=enterprise.division_id)
    form = EnterpriseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.resubmit_enterprise(actor=request.user, data=enterprise_input(form.cleaned_data))
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已重新提交认证。"))
            return redirect("employers:dashboard")
    return render(request, "employers/enterprise_form.html", {"form": form, "enterprise": enterprise})


@login_required
def job_new(request: AuthedRequest) -> HttpResponse:
    enterprise = _enterprise_or_404(request)
    if request.method == "POST" and "parse" in request.POST:
        form = form_from_sentence(request, JobForm)
        context = {"form": form, "enterprise": enterprise, "job": None}
        return render(request, "employers/job_form.html", context)
    form = JobForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        submit = "draft" not in request.POST
        try:
            job = job_services.create_job(
                actor=request.user, data=job_input(form.cleaned_data), submit=submit
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("岗位已提交审核。") if submit else _("已保存草稿。"))
            return redirect("employers:job_applicants", job_id=job.pk)
    return render(request, "employers/job_form.html", {"form": form, "enterprise": enterprise, "job": None})


def form_from_sentence(request: AuthedRequest, form_class: Any, **kwargs: Any) -> Any:
    """Fill the posting form from one pasted sentence ("丰南招铲车司机2名…日结300"); nothing is saved until
    the employer checks the fields and submits."""
    from django.utils import timezone

    from lingong.jobs.recommendations import job_form_initial

    text = request.POST.get("sentence", "").strip()
    if not 1 <= len(text) <= 500:
        messages.error(request, _("请输入1至500字的招工描述。"))
        return form_class(**kwargs)
    initial = job_form_initial(text, timezone.localdate())
    if initial.get("occupations"):
        messages.info(request, _("已根据您的描述填好表格，请核对后提交。"))
    else:
        messages.warning(request, _("没能识别出工种，请在表格中选择。"))
    return form_class(initial=initial, **kwargs)


def _managed_job(request: AuthedRequest, job_id: int) -> JobPosting:
    job = job_selectors.job_detail(job_id)
    if job is None or not job_services.can_manage_job(request.user, job):
        raise Http404
    return job


@login_required
def job_edit(request: AuthedRequest, job_id: int) -> HttpResponse:
    job = _managed_job(request, job_id)
    form = JobForm(request.POST or None, initial=JobForm.initial_for(job))
    if request.method == "POST" and form.is_valid():
        try:
            job_services.update_job(actor=request.user, job_id=job.pk, data=job_input(form.cleaned_data))
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("岗位已更新。"))
            return redirect("employers:job_applicants", job_id=job.pk)
    return render(request, "employers/job_form.html", {"form": form, "job": job})


@login_required
def job_applicants(request: AuthedRequest, job_id: int) -> HttpResponse:
    job = _managed_job(request, job_id)
    applications = list(job_selectors.applicants_for_job(job))
    candidates: list[dict[str, Any]] = []
    if job.status == "open":
        try:
            candidates = recommendations.candidates_for(job, limit=10, radius_km=CANDIDATE_RADIUS_KM)
        except DomainError:
            candidates = []
    return render(
        request,
        "employers/job_applicants.html",
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
        return redirect("employers:job_applicants", job_id=job.pk)
    try:
        recommendations.invite_worker(actor=request.user, job=job, worker_id=worker_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已发送邀请，对方报名后会出现在报名者列表中。"))
    return redirect("employers:job_applicants", job_id=job.pk)


_JOB_ACTIONS = {
    "submit": (job_services.submit_job, _("已提交审核。")),
    "close": (job_services.close_job, _("岗位已关闭。")),
}
_APPLICATION_ACTIONS = {
    "shortlist": (job_services.shortlist, _("已列入候选。")),
    "offer": (job_services.offer, _("已发出录用通知，等待对方确认。")),
    "reject": (job_services.reject_application, _("已标记为未录用。")),
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
    return redirect("employers:job_applicants", job_id=job_id)


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
        redirect("employers:job_applicants", job_id=int(target))
        if target
        else redirect("employers:dashboard")
    )
