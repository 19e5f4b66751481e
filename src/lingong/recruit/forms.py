from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _local_input(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


class CampaignForm(forms.Form):
    headcount = forms.IntegerField(label=_("招募人数"), min_value=1, max_value=500)
    starts_at = forms.DateTimeField(
        label=_("到岗时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), input_formats=["%Y-%m-%dT%H:%M"]
    )
    fill_deadline = forms.DateTimeField(
        label=_("招满截止时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    auto_offer = forms.BooleanField(label=_("先到先得，自动录用"), required=False, initial=True)

    @classmethod
    def defaults(cls, headcount: int) -> dict[str, object]:
        now = timezone.now()
        return {
            "headcount": headcount,
            "starts_at": _local_input(now + dt.timedelta(hours=3)),
            "fill_deadline": _local_input(now + dt.timedelta(hours=1)),
            "auto_offer": True,
        }


class NominationForm(forms.Form):
    campaign = forms.IntegerField(widget=forms.HiddenInput, required=False)
    phone = forms.CharField(label=_("手机号"), max_length=20)
    real_name = forms.CharField(label=_("姓名（未登记时填写）"), max_length=20, required=False)
    id_number = forms.CharField(label=_("身份证号（未登记时填写）"), max_length=18, required=False)
    consent_reference = forms.CharField(label=_("纸质授权书编号（未登记时填写）"), max_length=64, required=False)
