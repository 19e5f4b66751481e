"""Public pay calculator: what a worker takes home from one payment, before they agree to a job."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from lingong.core import widgets
from lingong.settlement.tax import MAX_PAYMENT, labour_remuneration_tax


class CalculatorForm(forms.Form):
    amount = forms.DecimalField(
        label=_("一次劳务报酬（元）"),
        min_value=Decimal("0"),
        max_value=MAX_PAYMENT,
        max_digits=12,
        decimal_places=2,
        widget=widgets.DecimalInput(attrs={"placeholder": _("如：4000"), "step": "0.01"}),
        help_text=_("同一单位同一项目一个月内的报酬合并为一次计算"),
    )


def calculator(request: HttpRequest) -> HttpResponse:
    form = CalculatorForm(request.GET or None)
    result = (
        labour_remuneration_tax(form.cleaned_data["amount"]) if form.is_bound and form.is_valid() else None
    )
    template = (
        "settlement/_result.html" if request.headers.get("HX-Request") else "settlement/calculator.html"
    )
    return render(request, template, {"form": form, "result": result})
