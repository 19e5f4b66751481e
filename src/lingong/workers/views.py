"""The worker's own pages: sign-up, profile and certificates (applications are in jobs)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts.auth import AuthedRequest
from lingong.accounts.models import Role
from lingong.core.errors import DomainError
from lingong.core.forms import add_domain_error
from lingong.org.models import Station
from lingong.workers import selectors, services
from lingong.workers.forms import CertificateForm, PhotoForm, ProfileForm, SignUpForm
from lingong.workers.models import ConsentPurpose, WorkerProfile


def register(request: HttpRequest) -> HttpResponse:
    """Sign-up. ``?station=<id>`` (the link on a station's page and poster) ties the worker to the station:
    the form says so and the station's staff then find the worker in their list."""
    station, problem = _station_of_link(request)
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and problem:
        data["station"] = ""  # said once, then dropped: the person can still register
    form = SignUpForm(data, initial={"station": station.pk if station else ""})
    if problem and data is None:
        messages.warning(request, problem)
    elif problem:
        form.add_error(None, problem)
    elif data is not None and form.is_valid():
        try:
            profile = services.register_worker(
                phone=form.cleaned_data["phone"],
                password=form.cleaned_data["password"],
                display_name=form.cleaned_data["display_name"],
                consent=form.cleaned_data["consent"],
                station_id=station.pk if station else None,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            login(request, profile.user, backend="lingong.accounts.backends.PhonePasswordBackend")
            messages.success(request, _("注册成功！请花一分钟填写求职资料，我们好为您推荐岗位。"))
            return redirect("workers:profile")
    return render(request, "workers/register.html", {"form": form, "station": station})


def _station_of_link(request: HttpRequest) -> tuple[Station | None, str]:
    """The station the sign-up link names, or why it cannot be used (unknown or closed)."""
    code = (request.POST if request.method == "POST" else request.GET).get("station", "").strip()
    if not code:
        return None, ""
    try:
        return services.registration_station(code), ""
    except DomainError as exc:
        return None, exc.message


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
            "photo_form": PhotoForm(),  # issue 13 hk-booking
            "certificates": worker.certificates.select_related("certificate_type"),
            "shares_contact": services.has_share_contact_consent(request.user),
        },
    )


@login_required
@require_POST
def share_contact(request: AuthedRequest) -> HttpResponse:
    """Give or withdraw the separate consent to show the full phone to employers before an offer."""
    worker = _worker_or_redirect(request)
    if worker is None:
        return redirect("home")
    if request.POST.get("share") == "1":
        services.give_share_contact_consent(actor=request.user)
        messages.success(request, _("已同意：您报名岗位的用工单位可以看到您的完整手机号码。"))
    else:
        services.withdraw_consent(actor=request.user, purpose=ConsentPurpose.SHARE_CONTACT)
        messages.success(request, _("已撤回：用工单位在您接受录用前只能看到脱敏号码。"))
    return redirect("workers:profile")


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
@require_POST
def set_photo(request: AuthedRequest) -> HttpResponse:  # issue 13 hk-booking
    worker = _worker_or_redirect(request)
    if worker is None:
        return redirect("home")
    upload = request.FILES.get("photo")
    if upload is not None and upload.size is not None and upload.size > services.PHOTO_MAX_BYTES:
        messages.error(request, _("照片不能超过3MB。"))
        return redirect("workers:profile")
    try:
        services.set_photo(actor=request.user, worker_id=worker.pk, content=upload.read() if upload else b"")
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("照片已上传。"))
    return redirect("workers:profile")
