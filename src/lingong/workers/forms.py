from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lingong.accounts.forms import WorkerRegisterForm
from lingong.core import widgets
from lingong.org.forms import district_choices, division_choices
from lingong.taxonomy.forms import occupation_choices
from lingong.taxonomy.models import CertificateType, PayUnit
from lingong.workers.models import DayType, TargetGroup, WorkerProfile

WEEKDAYS = [
    (0, _("周一")),
    (1, _("周二")),
    (2, _("周三")),
    (3, _("周四")),
    (4, _("周五")),
    (5, _("周六")),
    (6, _("周日")),
]
SKILL_ROWS = 3


class ProfileForm(forms.Form):
    real_name = forms.CharField(label=_("真实姓名"), max_length=30)
    id_number = forms.CharField(
        label=_("身份证号码"),
        max_length=18,
        required=False,
        help_text=_("加密保存，用工单位只能看到脱敏后的号码；已填写可留空不改"),
    )
    home_division = forms.ChoiceField(label=_("住在哪个区/街道"))
    travel_radius_km = forms.IntegerField(
        label=_("最远愿意去多远（公里）"), min_value=1, max_value=300, initial=10
    )
    expected_pay = forms.DecimalField(
        label=_("期望报酬（元）"),
        required=False,
        min_value=0,
        max_value=100000,
        max_digits=10,
        decimal_places=2,
        widget=widgets.DecimalInput(),
    )
    expected_pay_unit = forms.ChoiceField(label=_("计酬单位"), choices=PayUnit.choices, initial=PayUnit.DAY)
    day_type = forms.ChoiceField(
        label=_("想干全天还是零散时段"), choices=DayType.choices, initial=DayType.ANY
    )
    workdays = forms.TypedMultipleChoiceField(
        label=_("哪几天能干活"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"}),
    )
    work_start = forms.TimeField(
        label=_("从几点"),
        required=False,
        initial=dt.time(8, 0),
        widget=widgets.TimeInput(),
    )
    work_end = forms.TimeField(
        label=_("到几点"),
        required=False,
        initial=dt.time(18, 0),
        widget=widgets.TimeInput(),
    )
    intended_divisions = forms.MultipleChoiceField(
        label=_("想在哪些区县干活（可多选，不选表示不限）"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"}),
    )
    target_groups = forms.MultipleChoiceField(
        label=_("属于以下群体（可享受帮扶政策，选填）"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    about = forms.CharField(
        label=_("一句话介绍自己（选填）"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("如：干了20年装修，水电木瓦都会")}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["home_division"].choices = division_choices()  # type: ignore[attr-defined]
        self.fields["intended_divisions"].choices = district_choices()  # type: ignore[attr-defined]
        skill_choices = [("", _("— 选择技能 —")), *occupation_choices()]
        for i in range(SKILL_ROWS):
            self.fields[f"skill_{i}"] = forms.ChoiceField(
                label=_("技能%(n)d") % {"n": i + 1}, choices=skill_choices, required=i == 0
            )
            self.fields[f"years_{i}"] = forms.IntegerField(
                label=_("干了几年"), min_value=0, max_value=60, required=False, initial=0
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("work_start"), data.get("work_end")
        if data.get("workdays") and (not start or not end or end <= start):
            self.add_error("work_end", _("结束时间须晚于开始时间"))
        return data

    def skills(self) -> list[tuple[str, int]]:
        seen: dict[str, int] = {}
        for i in range(SKILL_ROWS):
            code = self.cleaned_data.get(f"skill_{i}")
            if code:
                seen[code] = int(self.cleaned_data.get(f"years_{i}") or 0)
        return list(seen.items())

    def availability(self) -> list[tuple[int, dt.time, dt.time]]:
        days = self.cleaned_data.get("workdays") or []
        start, end = self.cleaned_data.get("work_start"), self.cleaned_data.get("work_end")
        return [(d, start, end) for d in days] if start and end else []

    @classmethod
    def initial_for(cls, profile: WorkerProfile) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "real_name": profile.real_name,
            "home_division": profile.home_division_id or "130202",
            "travel_radius_km": profile.travel_radius_km,
            "expected_pay": profile.expected_pay,
            "expected_pay_unit": profile.expected_pay_unit,
            "day_type": profile.day_type,
            "target_groups": profile.target_groups,
            "intended_divisions": [d.code for d in profile.intended_divisions.all()],
            "about": profile.about,
        }
        for i, skill in enumerate(profile.skills.all()[:SKILL_ROWS]):
            initial[f"skill_{i}"], initial[f"years_{i}"] = skill.occupation_id, skill.years
        slots = list(profile.availability.all())
        if slots:
            initial["workdays"] = sorted({s.weekday for s in slots})
            initial["work_start"], initial["work_end"] = slots[0].start_time, slots[0].end_time
        return initial


class SignUpForm(WorkerRegisterForm):
    # The station whose link the person followed (its id); checked by the service.
    station = forms.CharField(required=False, max_length=12, widget=forms.HiddenInput)


class CertificateForm(forms.Form):
    certificate_type = forms.ChoiceField(label=_("证书类型"))
    number = forms.CharField(label=_("证书编号"), max_length=64)
    issuer = forms.CharField(label=_("发证机关"), max_length=100, required=False)
    expires_on = forms.DateField(label=_("有效期至"), required=False, widget=widgets.DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["certificate_type"].choices = [(c.code, c.name) for c in CertificateType.objects.all()]  # type: ignore[attr-defined]


class PhotoForm(forms.Form):  # issue 13 hk-booking
    photo = forms.FileField(label=_("本人照片（JPG、PNG或WebP，不超过3MB）"))
