from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lingong.core import widgets
from lingong.jobs.models import SettlementCycle
from lingong.taxonomy.models import PayUnit


class SignForm(forms.Form):
    code = forms.RegexField(
        label=_("短信验证码"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("请输入6位数字验证码"), "required": _("请输入短信验证码")},
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "maxlength": "6",
                "pattern": r"\d{6}",
                "id": "sign-code",
                "data-testid": "sign-code",
                "placeholder": "6位数字",
            }
        ),
    )
    pdf_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)


PAY_UNITS = [(u.value, u.label) for u in PayUnit if u != PayUnit.NEGOTIABLE]


class AmendForm(forms.Form):
    """The employer's new terms; only fields that differ from the current terms are sent on."""

    pay_amount = forms.DecimalField(
        label=_("报酬（元）"), min_value=0, decimal_places=2, max_digits=10, widget=widgets.DecimalInput()
    )
    pay_unit = forms.ChoiceField(label=_("计酬单位"), choices=PAY_UNITS)
    overtime_rate = forms.DecimalField(
        label=_("加班费（元/小时，可不填）"),
        required=False,
        min_value=0,
        decimal_places=2,
        max_digits=8,
        widget=widgets.DecimalInput(),
    )
    start_date = forms.DateField(label=_("开始日期"), widget=widgets.DateInput())
    end_date = forms.DateField(label=_("结束日期"), widget=widgets.DateInput())
    daily_start_time = forms.TimeField(label=_("每日上班时间"), widget=widgets.TimeInput())
    daily_end_time = forms.TimeField(label=_("每日下班时间"), widget=widgets.TimeInput())
    daily_hours = forms.DecimalField(
        label=_("每日工时"), decimal_places=1, max_digits=4, widget=widgets.DecimalInput()
    )
    settlement_cycle = forms.ChoiceField(label=_("结算周期"), choices=SettlementCycle.choices)

    def changes(self, current: dict[str, Any]) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if current.get(name) != value}
