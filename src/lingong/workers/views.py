"""The worker's own pages: profile, certificates and applications."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts.models import Role
from lingong.core.errors import DomainError
from lingong.core.forms import AuthedRequest, add_domain_error
from lingong.jobs import selectors as job_selectors
from lingong.jobs import services as job_services
from lingong.workers import selectors, services
from lingong.workers.forms import CertificateForm, ProfileForm
from lingong.workers.models import WorkerProfile


def _worker_or_redirect(request: AuthedRequest) -> WorkerProfile | None:
    if request.user.role != Role.WORKER:
        messages.warning(request, _("该页面仅供求职者使用。"))
        return None
    return selectors.profile_of(request.user)


@login_required
def profile(request: AuthedRequest) -> HttpResponse:
    worker = _worker_or_redirect(request)
    if worker is None:
        return redirect("home")
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_for(worker))
    if request.method == "POST" and form.is_valid():
        data = services.ProfileInput(
            real_name=form.cleaned_data["real_name"],
            id_number=form.cleaned_data["id_number"] or None,
            home_division=form.cleaned_data["home_division"],
            travel_radius_km=form.cleaned_data["travel_radius_km"],
            expected_pay=form.cleaned_data["expected_pay"],
            expected_pay_unit=form.cleaned_data["expected_pay_unit"],
            day_type=form.cleaned_data["day_type"],
            skills=form.skills(),
            availability=form.availability(),
            target_groups=form.cleaned_data["target_groups"],
            intended_divisions=form.cleaned_data["intended_divisions"],
            about=form.cleaned_data["about"],
        )
        if not worker.id_number and not data.id_number:
            form.add_error("id_number", _("首次填写请提供身份证号码"))
        else:
            try:
                services.update_profile(actor=request.user, worker_id=worker.pk, data=data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("资料已保存。"))
                target = request.GET.get("next", "")
                if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                    return redirect(target)
                return redirect("jobs:list")
    return render(
        request,
        "workers/profile.html",
        {
            "form": form,
            "worker": worker,
            "cert_form": CertificateForm(),
            "certificates": worker.certificates.select_related("certificate_type"),
        },
    )


@login_required
@require_POST
def add_certificate(request: AuthedRequest) -> HttpResponse:
    worker = _worker_or_redirect(request)
    if worker is None:
        return redirect("home")
    form = CertificateForm(request.POST)
    if form.is_valid():
        try:
            services.add_certificate(actor=request.user, worker_id=worker.pk, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("证书已提交，请带原件到驿站核验。"))
    else:
        messages.error(
            request, _("证书信息有误：") + "；".join(str(e) for errs in form.errors.values() for e in errs)
        )
    return redirect("workers:profile")


@login_required
def applications(request: AuthedRequest) -> HttpResponse:
    worker = _worker_or_redirect(request)
    if worker is None:
        return redirect("home")
    return render(
        request,
        "workers/applications.html",
        {
            "applications": job_selectors.applications_of_worker(worker)[:100],
        },
    )


_ACTIONS = {
    "decline": (job_services.decline_offer, _("已婉拒。")),
    "withdraw": (job_services.withdraw, _("已撤回报名。")),
}


@login_required
@require_POST
def application_action(request: AuthedRequest, application_id: int, action: str) -> HttpResponse:
    if action not in _ACTIONS:
        return redirect("workers:applications")
    func, success = _ACTIONS[action]
    try:
        func(actor=request.user, application_id=application_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("workers:applications")
