from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
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

    # Where a service's error about one of the profile's parts is shown on this form.
    SERVICE_FIELDS = {"skills": "skill_0", "availability": "work_end", "home_location": "home_division"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["id_number"].required = True
        self.fields["id_number"].help_text = _("加密保存")

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        """Show the service's errors beside their fields, except on a field the form already refused (one
        problem at a time per field, every field at once); the rest go above the form."""
        for name, messages in errors.items():
            field: str | None = self.SERVICE_FIELDS.get(name, name)
            if field not in self.fields:
                field = None
            elif self.has_error(field):
                continue
            for message in messages:
                self.add_error(field, message)

    def error_summary(self) -> str:
        """One line above a long form: how many problems, and in which fields (empty when none)."""
        fields = [name for name in self.fields if self.has_error(name)]
        if not fields:
            return ""
        count = sum(len(self.errors[name]) for name in fields)
        labels = "、".join(str(self.fields[name].label) for name in fields)
        return _("有%(n)d处需要修改（%(fields)s），请检查标红的项目。") % {"n": count, "fields": labels}

    @classmethod
    def initial_from(cls, post: QueryDict) -> dict[str, Any]:
        """What staff typed, as the initial values of an unbound form (shown again with no errors)."""
        initial: dict[str, Any] = {}
        for name, field in cls().fields.items():
            if isinstance(field, forms.MultipleChoiceField):
                initial[name] = post.getlist(name)
            elif name in post:
                initial[name] = post.get(name)
        return initial
