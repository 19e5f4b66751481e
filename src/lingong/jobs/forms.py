from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lingong.core import widgets
from lingong.core.worktime import daily_hours_problem
from lingong.jobs.models import ReportReason, SettlementCycle
from lingong.jobs.recommendations import job_form_initial
from lingong.jobs.services import JobInput
from lingong.org.forms import district_choices, division_choices
from lingong.taxonomy.forms import occupation_choices
from lingong.taxonomy.models import CertificateType, PayUnit


class BrowseForm(forms.Form):
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("如：铲车、保洁、厨师")}),
    )
    # The catalogue and the districts are long lists on every job list page: written in Python.
    occupation = forms.ChoiceField(label=_("工种"), required=False, widget=widgets.QuickSelect)
    division = forms.ChoiceField(label=_("区域"), required=False, widget=widgets.QuickSelect)
    pay_min = forms.DecimalField(
        label=_("最低报酬（元）"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        widget=widgets.DecimalInput(attrs={"placeholder": _("最低报酬（元）")}),
    )
    on_date = forms.DateField(label=_("上岗日期"), required=False, widget=widgets.DateInput())
    urgent = forms.BooleanField(label=_("只看急招"), required=False)
    radius_km = forms.ChoiceField(
        label=_("距离"),
        required=False,
        choices=[("", _("不限")), ("3", _("3公里内")), ("10", _("10公里内")), ("30", _("30公里内"))],
    )
    # Where "nearest" is measured from: the device's position (lat/lon, filled by the page's script) or,
    # when the visitor refuses or has no location, a district of the market chosen here (its centre).
    near = forms.ChoiceField(
        label=_("离哪里近"), required=False, widget=widgets.QuickSelect(attrs={"aria-label": _("离哪里近")})
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, city_code: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        districts = district_choices(city_code)
        # Built in Django's normal form here, so the fields take them without normalizing each option again.
        normal = widgets.NormalizedChoices
        occupations = normal([("", _("全部工种")), *occupation_choices()])
        self.fields["occupation"].choices = occupations  # type: ignore[attr-defined]
        self.fields["division"].choices = normal([("", _("全部区域")), *districts])  # type: ignore[attr-defined]
        near = [(code, gettext("离%(name)s近") % {"name": name}) for code, name in districts]
        self.fields["near"].choices = normal([("", _("离哪里近？选区县")), *near])  # type: ignore[attr-defined]
        # The filters show no <label> (placeholders and "全部…" options say what they are): screen readers
        # and the accessibility audit get the label as the control's name.
        for name in ("q", "occupation", "division", "pay_min", "on_date", "radius_km"):
            self.fields[name].widget.attrs.setdefault("aria-label", str(self.fields[name].label))


class ApplyForm(forms.Form):
    message = forms.CharField(
        label=_("给用工单位留言（选填）"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("如：有证，明天就能上岗")}),
    )


class ReportForm(forms.Form):
    """举报: why the posting looks wrong, and what the user saw."""

    reason = forms.ChoiceField(label=_("举报原因"), choices=ReportReason.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("补充说明（选填，选“其他”时必填）"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("如：电话里要求先交200元服装费")}),
    )


PAY_UNIT_CHOICES = PayUnit.choices


class JobForm(forms.Form):
    title = forms.CharField(
        label=_("岗位标题"),
        max_length=60,
        widget=forms.TextInput(attrs={"placeholder": _("如：急招厨师2名")}),
    )
    occupations = forms.MultipleChoiceField(
        label=_("所需工种（可多选）"), widget=forms.SelectMultiple(attrs={"size": 6})
    )
    description = forms.CharField(
        label=_("工作内容与要求"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    headcount = forms.IntegerField(label=_("招几人"), min_value=1, max_value=1000, initial=1)
    pay_unit = forms.ChoiceField(label=_("计酬方式"), choices=PayUnit.choices, initial=PayUnit.DAY)
    pay_amount = forms.DecimalField(
        label=_("报酬（元）"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        widget=widgets.DecimalInput(),
    )
    division = forms.ChoiceField(label=_("工作区域"))
    address = forms.CharField(label=_("工作地点"), max_length=200)
    start_date = forms.DateField(label=_("开始日期"), widget=widgets.DateInput())
    end_date = forms.DateField(label=_("结束日期"), widget=widgets.DateInput())
    daily_start_time = forms.TimeField(label=_("上班时间"), required=False, widget=widgets.TimeInput())
    daily_end_time = forms.TimeField(label=_("下班时间"), required=False, widget=widgets.TimeInput())
    daily_hours = forms.DecimalField(
        label=_("每天工时"),
        min_value=0.5,
        max_value=16,
        initial=8,
        max_digits=4,
        decimal_places=1,
        widget=widgets.DecimalInput(),
    )
    settlement_cycle = forms.ChoiceField(
        label=_("结算周期"), choices=SettlementCycle.choices, initial=SettlementCycle.DAILY
    )
    certificates_required = forms.MultipleChoiceField(
        label=_("需要的证书"), required=False, widget=forms.CheckboxSelectMultiple
    )
    is_urgent = forms.BooleanField(label=_("急招（今天/明天就要人）"), required=False)
    insurance_required = forms.BooleanField(label=_("为工人购买意外伤害保险"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occupations"].choices = occupation_choices()  # type: ignore[attr-defined]
        self.fields["division"].choices = division_choices()  # type: ignore[attr-defined]
        certificates = [(c.code, c.name) for c in CertificateType.objects.all()]
        self.fields["certificates_required"].choices = certificates  # type: ignore[attr-defined]
        today = timezone.localdate()
        self.fields["start_date"].initial = today
        self.fields["end_date"].initial = today + dt.timedelta(days=7)

    def clean_pay_amount(self) -> Any:
        amount = self.cleaned_data.get("pay_amount")
        if amount is not None and amount <= 0:  # the service refuses it too
            raise forms.ValidationError(_("报酬应大于0"))
        return amount

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        # The daily hours must fit between the start and end times (the service checks it again).
        problem = daily_hours_problem(
            cleaned.get("daily_start_time"), cleaned.get("daily_end_time"), cleaned.get("daily_hours")
        )
        if problem and "daily_hours" not in self.errors:
            self.add_error("daily_hours", problem)
        return cleaned

    def job_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)

    @staticmethod
    def initial_for(job: Any) -> dict[str, Any]:
        return {
            "title": job.title,
            "occupations": [o.code for o in job.occupations.all()],
            "description": job.description,
            "headcount": job.headcount,
            "pay_unit": job.pay_unit,
            "pay_amount": job.pay_amount,
            "division": job.division_id,
            "address": job.address,
            "start_date": job.start_date,
            "end_date": job.end_date,
            "daily_start_time": job.daily_start_time,
            "daily_end_time": job.daily_end_time,
            "daily_hours": job.daily_hours,
            "settlement_cycle": job.settlement_cycle,
            "certificates_required": [c.code for c in job.certificates_required.all()],
            "is_urgent": job.is_urgent,
            "insurance_required": job.insurance_required,
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)


def job_input(data: dict[str, Any]) -> JobInput:
    """The service input from a JobForm's (or the staff posting form's) cleaned data."""
    data = dict(data)
    data.pop("enterprise", None)
    return JobInput(**data)


def form_from_sentence(request: HttpRequest, form_class: Any, **kwargs: Any) -> Any:
    """Fill the posting form from one pasted sentence ("明天开始…早8晚5，干6个月，日结300": trade,
    headcount, pay, place, dates, daily times and hours); nothing is saved until the employer checks the
    fields and submits."""
    text = request.POST.get("sentence", "").strip()
    if not 1 <= len(text) <= 500:
        messages.error(request, gettext("请输入1至500字的招工描述。"))
        return form_class(**kwargs)
    initial = job_form_initial(text, timezone.localdate())
    if initial.get("occupations"):
        messages.info(request, gettext("已根据您的描述填好表格，请核对后提交。"))
    else:
        messages.warning(request, gettext("没能识别出工种，请在表格中选择。"))
    return form_class(initial=initial, **kwargs)
