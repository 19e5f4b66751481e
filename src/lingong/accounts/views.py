from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lingong.accounts import services
from lingong.accounts.context_processors import ELDER_COOKIE, is_elder_mode
from lingong.accounts.forms import LoginForm, OtpLoginForm
from lingong.accounts.lockout import LOCKED_STATUS, is_locked_out, lockout_message
from lingong.accounts.models import Role
from lingong.core.errors import DomainError
from lingong.core.forms import add_domain_error
from lingong.notifications.senders import is_log_sender


def _next_url(request: HttpRequest, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse(default)


def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, phone=form.cleaned_data["phone"], password=form.cleaned_data["password"])
        if user is None and is_locked_out(request):
            # Too many failures from here for this phone (registered or not: the same answer).
            form.add_error(None, lockout_message())
            status = LOCKED_STATUS
        elif user is None:
            form.add_error(None, _("手机号或密码不正确。"))
        else:
            login(request, user)
            return redirect(_next_url(request))
    context = {"form": form, "next": request.GET.get("next", "")}
    return render(request, "accounts/login.html", context, status=status)


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
    context = {"form": form, "sent": sent, "demo_sms": is_log_sender()}
    return render(request, "accounts/otp_login.html", context)


ELDER_COOKIE_AGE = 365 * 24 * 3600


@require_POST
def elder_mode_view(request: HttpRequest) -> HttpResponse:
    """Switch elder mode (长辈模式) on or off: the account's setting, or a cookie for a visitor. ``on`` is
    "1" or "0" (missing: the opposite of now). Back to ``next`` when it is on this site, else home; an htmx
    request is told where to go with HX-Redirect (the whole page changes its look)."""
    wanted = request.POST.get("on")
    on = (wanted == "1") if wanted in ("0", "1") else not is_elder_mode(request)
    user = request.user
    if user.is_authenticated:
        services.set_elder_mode(actor=user, user_id=user.pk, on=on)
    target = _next_url(request)
    if request.headers.get("HX-Request"):
        response: HttpResponse = HttpResponse(status=204)
        response["HX-Redirect"] = target
    else:
        response = redirect(target)
    if on:
        response.set_cookie(ELDER_COOKIE, "1", max_age=ELDER_COOKIE_AGE, samesite="Lax", httponly=True)
    else:
        response.delete_cookie(ELDER_COOKIE, samesite="Lax")
    return response


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("home")


def home(request: HttpRequest) -> HttpResponse:
    """Everyone lands here; signed-in people go straight to what they came for."""
    user = request.user
    if user.is_authenticated:
        if user.role == Role.EMPLOYER:
            return redirect("jobs:employer_dashboard")
        if user.role != Role.WORKER:
            return redirect("staff:dashboard")
        return redirect("jobs:list")
    return render(request, "accounts/home.html")
