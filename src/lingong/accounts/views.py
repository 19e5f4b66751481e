from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts import services
from lingong.accounts.forms import LoginForm, OtpLoginForm, WorkerRegisterForm
from lingong.core.errors import DomainError
from lingong.core.forms import add_domain_error
from lingong.workers import services as worker_services


def _next_url(request: HttpRequest, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    from django.urls import reverse

    return reverse(default)


def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, phone=form.cleaned_data["phone"], password=form.cleaned_data["password"])
        if user is None:
            form.add_error(None, _("手机号或密码不正确。"))
        else:
            login(request, user)
            return redirect(_next_url(request))
    return render(request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")})


def otp_login_view(request: HttpRequest) -> HttpResponse:
    form = OtpLoginForm(request.POST or None)
    sent = False
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        try:
            if "send" in request.POST:
                services.send_otp(phone=phone)
                sent = True
                messages.info(request, _("验证码已发送，5分钟内有效。"))
            else:
                user = services.login_with_otp(phone=phone, code=form.cleaned_data["code"])
                login(request, user, backend="lingong.accounts.backends.PhonePasswordBackend")
                return redirect(_next_url(request))
        except DomainError as exc:
            add_domain_error(form, exc)
    return render(request, "accounts/otp_login.html", {"form": form, "sent": sent})


def register_view(request: HttpRequest) -> HttpResponse:
    form = WorkerRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            profile = worker_services.register_worker(
                phone=form.cleaned_data["phone"],
                password=form.cleaned_data["password"],
                display_name=form.cleaned_data["display_name"],
                consent=form.cleaned_data["consent"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            login(request, profile.user, backend="lingong.accounts.backends.PhonePasswordBackend")
            messages.success(request, _("注册成功！请花一分钟填写求职资料，我们好为您推荐岗位。"))
            return redirect("workers:profile")
    return render(request, "accounts/register.html", {"form": form})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("home")
