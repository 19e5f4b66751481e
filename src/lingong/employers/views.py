"""Employer pages: sign up and keep the enterprise's details up to date (job pages are in jobs)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lingong.accounts.access import enterprise_of
from lingong.accounts.auth import AuthedRequest
from lingong.core.errors import DomainError
from lingong.core.forms import add_domain_error
from lingong.employers import services
from lingong.employers.forms import EmployerRegisterForm, EnterpriseForm, enterprise_input
from lingong.employers.models import Enterprise


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
            return redirect("jobs:employer_dashboard")
    return render(request, "employers/register.html", {"form": form})


def _enterprise_or_404(request: AuthedRequest) -> Enterprise:
    enterprise = enterprise_of(request.user)
    if enterprise is None:
        raise Http404
    return enterprise


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
            return redirect("jobs:employer_dashboard")
    return render(request, "employers/enterprise_form.html", {"form": form, "enterprise": enterprise})
