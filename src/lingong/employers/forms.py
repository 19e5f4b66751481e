from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lingong.employers.models import EnterpriseKind
from lingong.jobs.forms import division_choices, occupation_choices
from lingong.jobs.models import SettlementCycle
from lingong.taxonomy.models import CertificateType, Industry, PayUnit


class EnterpriseForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=EnterpriseKind.choices,
        initial=EnterpriseKind.ENTERPRISE,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("单位名称（家庭雇主填“某某家庭”）"), max_length=100)
    credit_code = forms.CharField(
        label=_("统一社会信用代码"), max_length=18, required=False, help_text=_("企业、单位必填，见营业执照")
    )
    contact_id_number = forms.CharField(
        label=_("联系人身份证号码"), max_length=18, required=False, help_text=_("家庭/个人雇主必填，加密保存")
    )
    industry = forms.ChoiceField(label=_("行业"))
    division = forms.ChoiceField(label=_("所在区域"))
    address = forms.CharField(label=_("详细地址"), max_length=200)
    contact_name = forms.CharField(label=_("联系人"), max_length=30)
    contact_phone = forms.CharField(
        label=_("联系电话（手机）"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["industry"].choices = [(i.code, i.name) for i in Industry.objects.all()]  # type: ignore[attr-defined]
        self.fields["division"].choices = division_choices()  # type: ignore[attr-defined]


class EmployerRegisterForm(EnterpriseForm):
    phone = forms.CharField(
        label=_("登录手机号"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "numeric"}),
    )
    password = forms.CharField(
        label=_("设置密码"),
        max_length=128,
        min_length=8,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    field_order = ["phone", "password"]


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
        label=_("报酬（元）"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    division = forms.ChoiceField(label=_("工作区域"))
    address = forms.CharField(label=_("工作地点"), max_length=200)
    start_date = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))
    daily_start_time = forms.TimeField(
        label=_("上班时间"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    daily_end_time = forms.TimeField(
        label=_("下班时间"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    daily_hours = forms.DecimalField(
        label=_("每天工时"), min_value=0.5, max_value=16, initial=8, max_digits=4, decimal_places=1
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


class StaffJobForm(JobForm):
    enterprise = forms.TypedChoiceField(label=_("用工单位"), coerce=int)
    field_order = ["enterprise"]

    def __init__(self, *args: Any, enterprises: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].choices = [(e.pk, e.name) for e in enterprises]  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)
