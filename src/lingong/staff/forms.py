from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lingong.audit.models import ReadReason
from lingong.employers.models import Enterprise, EnterpriseKind, VerificationStatus
from lingong.employers.selectors import (
    PICKER_LIMIT,
    VerificationFilters,
    enterprise_for_staff,
    enterprises_for_staff,
)
from lingong.jobs.forms import JobForm
from lingong.jobs.selectors import QUEUE_PENDING, QUEUE_POST, ReviewFilters
from lingong.org.forms import district_choices
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
    elder_mode = forms.BooleanField(
        label=_("为其开启长辈模式"),
        required=False,
        help_text=_("字更大、按钮更大、可朗读岗位；本人随时可在页面顶部切换"),
    )
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


# --- Review queues ---------------------------------------------------------------------------------


class ReviewFilterForm(forms.Form):
    """The filters of the job review queue (GET). Bad values are dropped, never an error page."""

    queue = forms.ChoiceField(
        choices=[(QUEUE_PENDING, _("待审核")), (QUEUE_POST, _("事后复核"))],
        required=False,
        widget=forms.HiddenInput,
    )
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("岗位标题、单位名称或信用代码")}),
    )
    division = forms.ChoiceField(label=_("区域"), required=False)
    urgent = forms.BooleanField(label=_("只看急招"), required=False)
    overdue = forms.BooleanField(label=_("只看超时"), required=False)
    risk = forms.ChoiceField(
        label=_("风险"),
        required=False,
        choices=[("", _("全部风险")), ("flag", _("已标记（中风险）")), ("hold", _("已暂停（高风险）"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["division"].choices = [("", _("全部区域")), *district_choices()]  # type: ignore[attr-defined]

    def filters(self) -> ReviewFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return ReviewFilters(
            queue=data.get("queue") or QUEUE_PENDING,
            q=data.get("q") or "",
            division=data.get("division") or "",
            urgent=bool(data.get("urgent")),
            overdue=bool(data.get("overdue")),
            risk=data.get("risk") or "",
        )


class VerificationFilterForm(forms.Form):
    """The filters of the enterprise verification queue (GET)."""

    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[(VerificationStatus.PENDING, _("待认证")), (VerificationStatus.REJECTED, _("已退回"))],
    )
    q = forms.CharField(
        label=_("搜索"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("单位名称或信用代码")}),
    )
    division = forms.ChoiceField(label=_("区域"), required=False)
    kind = forms.ChoiceField(
        label=_("类型"), required=False, choices=[("", _("全部类型")), *EnterpriseKind.choices]
    )
    overdue = forms.BooleanField(label=_("只看超时"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["division"].choices = [("", _("全部区域")), *district_choices()]  # type: ignore[attr-defined]

    def filters(self) -> VerificationFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return VerificationFilters(
            status=data.get("status") or VerificationStatus.PENDING,
            q=data.get("q") or "",
            division=data.get("division") or "",
            kind=data.get("kind") or "",
            overdue=bool(data.get("overdue")),
        )


# --- Posting for an employer: the enterprise picker -------------------------------------------------------


class EnterprisePicker(forms.Widget):
    """A search box and the matching employers as radio buttons (at most PICKER_LIMIT).

    With JavaScript, htmx fetches the matches as the staff member types; without it, the 查找 button posts
    the form back and the page comes back with the matches, everything typed so far kept. Either way the
    chosen employer is the checked radio button named like the field.
    """

    template_name = "staff/widgets/enterprise_picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.query = ""
        self.chosen: Enterprise | None = None
        self.results: list[Enterprise] = []
        self.searched = False
        self.more = False

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            query=self.query,
            options=picker_options(self.chosen, self.results),
            chosen=self.chosen,
            searched=self.searched,
            more=self.more,
            limit=PICKER_LIMIT,
            search_url=reverse("staff:enterprise_search"),
        )
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data


def picker_options(chosen: Enterprise | None, results: list[Enterprise]) -> list[tuple[Enterprise, bool]]:
    """(enterprise, checked) rows: the chosen one first, then the matches without it."""
    rows = [(chosen, True)] if chosen is not None else []
    rows += [(e, False) for e in results if chosen is None or e.pk != chosen.pk]
    return rows


def search_enterprises(user: Any, query: str) -> tuple[list[Enterprise], bool]:
    """The first PICKER_LIMIT employers the staff member may post for matching ``query``, and whether
    there are more."""
    found = list(enterprises_for_staff(user, query)[: PICKER_LIMIT + 1])
    return found[:PICKER_LIMIT], len(found) > PICKER_LIMIT


class StaffPostingForm(JobForm):
    """The posting form of station staff: the employer is searched for, never listed in full."""

    enterprise = forms.CharField(
        label=_("用工单位"),
        widget=EnterprisePicker,
        error_messages={"required": _("请搜索并选择用工单位")},
    )
    field_order = ["enterprise"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        source = self.data if self.is_bound else self.initial
        picker: EnterprisePicker = self.fields["enterprise"].widget
        picker.chosen = enterprise_for_staff(user, source.get("enterprise"))
        picker.query = str(source.get("enterprise_q") or "")[:50]

    @classmethod
    def searching(cls, data: Any, *, user: Any) -> StaffPostingForm:
        """The form as typed so far (not validated: no errors yet) with the employers matching its search."""
        blank = cls(user=user)
        initial: dict[str, Any] = {"enterprise_q": data.get("enterprise_q", "")}
        for name, field in blank.fields.items():
            if isinstance(field, forms.MultipleChoiceField):
                initial[name] = data.getlist(name)
            elif isinstance(field, forms.BooleanField):
                initial[name] = name in data
            elif name in data:
                initial[name] = data.get(name)
        form = cls(initial=initial, user=user)
        picker: EnterprisePicker = form.fields["enterprise"].widget
        picker.results, picker.more = search_enterprises(user, picker.query)
        picker.searched = True
        return form

    def clean_enterprise(self) -> int:
        enterprise = enterprise_for_staff(self.user, self.cleaned_data.get("enterprise"))
        if enterprise is None:
            raise forms.ValidationError(_("请搜索并选择用工单位"))
        return int(enterprise.pk)


class RevealForm(forms.Form):
    """Why a staff member wants to see a number in full (recorded with the read)."""

    reason = forms.ChoiceField(
        label=_("查看原因"),
        widget=forms.RadioSelect,
        choices=[(v, label) for v, label in ReadReason.choices if v != ReadReason.TAX_WITHHOLDING],
        error_messages={"required": _("请选择查看完整号码的原因")},
    )
    note = forms.CharField(
        label=_("补充说明"),
        max_length=200,
        required=False,
        help_text=_("选择“其他”时必填；记录会保存在敏感信息查看日志中。"),
        widget=forms.TextInput(attrs={"placeholder": _("如：通知明早改到东门集合")}),
    )


class ApplyOnBehalfForm(forms.Form):
    """Station staff apply for a worker who asked them to, with the worker's consent (assisted use)."""

    job = forms.TypedChoiceField(label=_("报名岗位"), coerce=int, choices=[])
    consent_channel = forms.ChoiceField(
        label=_("求职者授权方式"),
        widget=forms.RadioSelect,
        choices=[
            ("sms_code", _("向求职者手机发送验证码")),
            ("paper", _("纸质授权书或当面同意（记录说明）")),
        ],
        initial="paper",
    )
    otp_code = forms.CharField(label=_("求职者收到的验证码"), max_length=6, required=False)
    consent_note = forms.CharField(
        label=_("授权说明"),
        max_length=200,
        required=False,
        help_text=_("如：纸质授权书编号，或“本人到站当面同意，已向其读明岗位信息”"),
    )

    def __init__(self, *args: Any, jobs: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        job_field: Any = self.fields["job"]
        job_field.choices = [
            (job.pk, f"{job.title} · {job.enterprise.name} · {job.pay_display}") for job in jobs
        ]
