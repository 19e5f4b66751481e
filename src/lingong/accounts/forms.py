from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class LoginForm(forms.Form):
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "numeric"}),
    )
    password = forms.CharField(
        label=_("密码"),
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class OtpLoginForm(forms.Form):
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "numeric"}),
    )
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class WorkerRegisterForm(forms.Form):
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "numeric"}),
    )
    display_name = forms.CharField(label=_("怎么称呼您"), max_length=50, required=False)
    password = forms.CharField(
        label=_("设置密码"),
        max_length=128,
        min_length=8,
        help_text=_("至少8位，不要全是数字"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        label=_("我已阅读并同意《个人信息保护告知书》"),
        required=True,
        error_messages={"required": _("请阅读并同意《个人信息保护告知书》后再注册。")},
    )
