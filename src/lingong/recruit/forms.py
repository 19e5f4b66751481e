from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lingong.core.widgets import DateTimeInput


class CampaignForm(forms.Form):
    headcount = forms.IntegerField(label=_("招募人数"), min_value=1, max_value=500)
    starts_at = forms.DateTimeField(label=_("到岗时间"), widget=DateTimeInput())
    fill_deadline = forms.DateTimeField(label=_("招满截止时间"), widget=DateTimeInput())
    auto_offer = forms.BooleanField(label=_("先到先得，自动录用"), required=False, initial=True)

    @classmethod
    def defaults(cls, job: Any) -> dict[str, object]:
        """Start at the posting's first day (its start time, else 08:00) or in three hours if later;
        fill an hour before the start."""
        now = timezone.localtime()
        first = timezone.make_aware(
            dt.datetime.combine(job.start_date, job.daily_start_time or dt.time(8, 0))
        )
        starts = max(first, (now + dt.timedelta(hours=3)).replace(second=0, microsecond=0))
        deadline = max(
            starts - dt.timedelta(hours=1), (now + dt.timedelta(minutes=30)).replace(second=0, microsecond=0)
        )
        return {
            "headcount": job.headcount,
            "starts_at": starts,
            "fill_deadline": deadline,
            "auto_offer": True,
        }


class NominationForm(forms.Form):
    phone = forms.CharField(label=_("手机号"), max_length=20)
    real_name = forms.CharField(label=_("姓名（未登记时填写）"), max_length=20, required=False)
    id_number = forms.CharField(label=_("身份证号（未登记时填写）"), max_length=18, required=False)
    consent_reference = forms.CharField(
        label=_("纸质授权书编号（未登记时填写）"), max_length=64, required=False
    )
