from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lingong.employers.models import EnterpriseKind
from lingong.employers.services import EnterpriseInput
from lingong.org.forms import division_choices
from lingong.taxonomy.models import Industry


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
    industry = forms.ChoiceField(
        label=_("所属行业"),
        help_text=_(
            "银行、保险选“金融业”；学校、幼儿园选“教育”；医院、养老机构选“卫生和社会工作”；"
            "机关、社会团体选“公共管理”；都不合适选“其他行业”"
        ),
    )
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


def enterprise_input(data: dict[str, Any]) -> EnterpriseInput:
    """The service input from an EnterpriseForm's cleaned data (the employer's own form or staff's)."""
    fields = [
        "name",
        "kind",
        "credit_code",
        "contact_id_number",
        "industry",
        "address",
        "division",
        "contact_name",
        "contact_phone",
    ]
    return EnterpriseInput(**{f: str(data.get(f) or "") for f in fields})  # type: ignore[arg-type]
