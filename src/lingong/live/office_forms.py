"""Forms of the live back office (scheduling, follow-up, 代为报名, settings)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lingong.audit.models import ReadReason
from lingong.core.widgets import DateTimeInput
from lingong.live.followup import FOLLOW_UP_STATUSES
from lingong.live.models import LeadStatus, LiveSession, StreamKind
from lingong.live.schedule import MAX_JOBS, MAX_MINUTES, MIN_MINUTES, ScheduleInput
from lingong.workers.models import ConsentChannel


class JobListField(forms.Field):
    """The promoted jobs in order: repeated hidden inputs ``jobs`` (ids), reordered by live-office.js."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        if not value:
            return []
        items = value if isinstance(value, list | tuple) else [value]
        try:
            ids = [int(str(v).strip()) for v in items if str(v).strip()]
        except ValueError:
            raise forms.ValidationError(_("岗位选择有误")) from None
        if len(ids) > MAX_JOBS:
            raise forms.ValidationError(_("一场直播最多推介%(n)d个岗位") % {"n": MAX_JOBS})
        return ids


class ScheduleForm(forms.Form):
    title = forms.CharField(label=_("直播标题"), max_length=60)
    description = forms.CharField(
        label=_("简介"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    host = forms.TypedChoiceField(label=_("主播"), coerce=int)
    host_name = forms.CharField(label=_("主播称呼（观众看到的）"), max_length=30, required=False)
    starts_at = forms.DateTimeField(label=_("开播时间"), widget=DateTimeInput())
    planned_minutes = forms.IntegerField(
        label=_("计划时长（分钟）"), min_value=MIN_MINUTES, max_value=MAX_MINUTES, initial=60
    )
    stream_kind = forms.ChoiceField(label=_("视频来源"), choices=StreamKind.choices, widget=forms.RadioSelect)
    stream_url = forms.CharField(
        label=_("视频地址"),
        max_length=500,
        required=False,
        help_text=_("HLS：以 .m3u8 结尾的地址；外部平台：https:// 开头的直播间链接"),
        widget=forms.TextInput(attrs={"inputmode": "url"}),
    )
    replay_url = forms.CharField(
        label=_("回放地址（可选）"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "url"}),
    )
    jobs = JobListField(label=_("推介岗位（按顺序）"), required=False)

    def __init__(self, *args: Any, hosts: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["host"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(u.pk, u.display_name or u.masked_phone) for u in hosts or []]

    @staticmethod
    def initial_for(session: LiveSession) -> dict[str, Any]:
        return {
            "title": session.title,
            "description": session.description,
            "host": session.host_id,
            "host_name": session.host_name,
            "starts_at": timezone.localtime(session.starts_at),
            "planned_minutes": session.planned_minutes,
            "stream_kind": session.stream_kind,
            "stream_url": session.stream_url,
            "replay_url": session.replay_url,
            "jobs": list(session.jobs.order_by("position", "pk").values_list("job_id", flat=True)),
        }

    def to_input(self) -> ScheduleInput:
        data = self.cleaned_data
        return ScheduleInput(
            title=data.get("title"),
            description=data.get("description"),
            host_id=data.get("host"),
            host_name=data.get("host_name"),
            starts_at=data.get("starts_at"),
            planned_minutes=data.get("planned_minutes"),
            stream_kind=data.get("stream_kind"),
            stream_url=data.get("stream_url"),
            replay_url=data.get("replay_url"),
            job_ids=data.get("jobs") if "jobs" in data else None,
        )


# Where a service's error for a field is shown on this form.
SCHEDULE_FIELDS = {"host_id": "host"}


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(
        label=_("跟进结果"),
        choices=[(s.value, s.label) for s in LeadStatus if s in FOLLOW_UP_STATUSES],
    )
    note = forms.CharField(label=_("备注"), max_length=300, required=False)


class ApplyOnBehalfForm(forms.Form):
    consent_channel = forms.ChoiceField(
        label=_("求职者授权方式"),
        widget=forms.RadioSelect,
        choices=[
            (ConsentChannel.SMS_CODE, _("向求职者手机发送验证码")),
            (ConsentChannel.PAPER, _("已签纸质授权书")),
        ],
        initial=ConsentChannel.SMS_CODE,
    )
    otp_code = forms.CharField(label=_("求职者收到的验证码"), max_length=6, required=False)
    consent_reference = forms.CharField(label=_("纸质授权书编号"), max_length=64, required=False)
    note = forms.CharField(label=_("备注"), max_length=300, required=False)


class RevealForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("查看原因"), choices=ReadReason.choices, initial=ReadReason.CONTACT_WORKER
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class SettingsForm(forms.Form):
    intent_phrases = forms.CharField(
        label=_("报名意向词（每行一个）"),
        required=False,
        max_length=200 * 22,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "内置的“1、扣1、报名、我要去、想去”等始终有效；这里补充本市场的说法。每行不超过20个字，最多200行。"
        ),
    )
    blocked_words = forms.CharField(
        label=_("屏蔽词（每行一个）"),
        required=False,
        max_length=200 * 22,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("含有屏蔽词的评论只有发言者本人和工作人员能看到。每行不超过20个字，最多200行。"),
    )


class TryForm(forms.Form):
    sample = forms.CharField(label=_("试一试：输入一条评论"), max_length=200)
