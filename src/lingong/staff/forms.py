from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lingong.workers.forms import ProfileForm
from lingong.workers.models import ConsentChannel


class WalkInForm(ProfileForm):
    phone = forms.CharField(
        label=_("求职者手机号"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"}),
    )
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
    field_order = ["phone", "consent_channel", "otp_code", "consent_reference"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["id_number"].required = True
        self.fields["id_number"].help_text = _("加密保存")
