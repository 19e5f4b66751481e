"""Forms of the fair pages: a fair's details, a booth, an enterprise's booth application, the door."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lingong.core import widgets
from lingong.fairs import floor
from lingong.fairs.models import FairMode, JobFair
from lingong.fairs.services import FairInput
from lingong.workers.models import ConsentChannel


class FairForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=60)
    mode = forms.ChoiceField(label=_("形式"), choices=FairMode.choices, initial=FairMode.ONSITE)
    starts_on = forms.DateField(label=_("开始日期"), widget=widgets.DateInput())
    ends_on = forms.DateField(label=_("结束日期"), widget=widgets.DateInput())
    opens_at = forms.TimeField(label=_("每日开始"), required=False, widget=widgets.TimeInput())
    closes_at = forms.TimeField(label=_("每日结束"), required=False, widget=widgets.TimeInput())
    venue = forms.CharField(label=_("场馆"), max_length=100, required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    description = forms.CharField(
        label=_("简介"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    floor_width = forms.IntegerField(
        label=_("平面图宽（格）"), min_value=1, max_value=floor.MAX_FLOOR, initial=12
    )
    floor_height = forms.IntegerField(
        label=_("平面图高（格）"), min_value=1, max_value=floor.MAX_FLOOR, initial=8
    )

    @classmethod
    def for_fair(cls, fair: JobFair) -> FairForm:
        names = list(cls.base_fields)
        return cls(initial={name: getattr(fair, name) for name in names})

    def to_input(self) -> FairInput:
        data = self.cleaned_data
        errors = {name: [str(m) for m in self.errors[name]] for name in self.errors}
        return FairInput(
            title=data.get("title") or "",
            mode=data.get("mode") or FairMode.ONSITE,
            starts_on=data.get("starts_on"),
            ends_on=data.get("ends_on"),
            opens_at=data.get("opens_at"),
            closes_at=data.get("closes_at"),
            venue=data.get("venue") or "",
            address=data.get("address") or "",
            description=data.get("description") or "",
            floor_width=data.get("floor_width") or 0,
            floor_height=data.get("floor_height") or 0,
            errors=errors,
        )


class BoothApplicationForm(forms.Form):
    job_ids = forms.TypedMultipleChoiceField(
        label=_("参展岗位（招聘中，最多10个）"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    contact_name = forms.CharField(label=_("现场联系人"), max_length=30)
    note = forms.CharField(
        label=_("备注"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, jobs: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["job_ids"].choices = [(j.pk, j.title) for j in jobs]  # type: ignore[attr-defined]


class WalkInForm(forms.Form):
    """A walk-in at the door: the staff walk-in registration's essentials, with the worker's consent."""

    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"}),
    )
    real_name = forms.CharField(label=_("姓名"), max_length=30)
    id_number = forms.CharField(label=_("身份证号"), max_length=18)
    consent_channel = forms.ChoiceField(
        label=_("求职者授权方式"),
        widget=forms.RadioSelect,
        choices=[
            (ConsentChannel.SMS_CODE, _("向求职者手机发送验证码")),
            (ConsentChannel.PAPER, _("已签纸质授权书")),
        ],
        initial=ConsentChannel.PAPER,
    )
    otp_code = forms.CharField(label=_("求职者收到的验证码"), max_length=6, required=False)
    consent_reference = forms.CharField(label=_("纸质授权书编号"), max_length=64, required=False)
