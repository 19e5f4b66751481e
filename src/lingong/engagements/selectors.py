"""Reads for engagements: lists per role, one engagement for a party, its timeline, staff work queues."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.access import enterprise_of, is_staff
from lingong.accounts.models import Role
from lingong.audit.models import AuditEntry
from lingong.core.errors import PermissionDeniedError
from lingong.engagements.access import engagement_rows, staff_scope_q
from lingong.engagements.models import (
    AttendanceCase,
    CaseStatus,
    CheckMethod,
    Engagement,
    EngagementStatus,
    ReviewStatus,
    Shift,
    ShiftStatus,
)


def engagements_for(user: Any, status: str | None = None) -> QuerySet[Engagement]:
    """What the user may list: their own as a worker, their enterprise's, or their staff scope."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDeniedError(_("请先登录。"), code="not_authenticated")
    qs = engagement_rows()
    if user.role == Role.WORKER:
        qs = qs.filter(worker__user=user)
    elif enterprise_of(user) is not None:
        qs = qs.filter(enterprise=enterprise_of(user))
    elif is_staff(user):
        qs = qs.filter(staff_scope_q(user))
    else:
        return qs.none()
    if status:
        if status == "active":
            qs = qs.filter(
                status__in=[
                    EngagementStatus.CONTRACT_PENDING,
                    EngagementStatus.SIGNED,
                    EngagementStatus.INSURED,
                    EngagementStatus.IN_PROGRESS,
                ]
            )
        elif status in EngagementStatus.values:
            qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def shifts_of(engagement: Engagement) -> QuerySet[Shift]:
    return engagement.shifts.order_by("date")


def today_shift(engagement: Engagement) -> Shift | None:
    """The shift to act on now: the open one, else today's or the next scheduled one."""
    open_shift = engagement.shifts.filter(status=ShiftStatus.CHECKED_IN).first()
    if open_shift is not None:
        return open_shift
    now = timezone.now()
    return (
        engagement.shifts.filter(status=ShiftStatus.SCHEDULED, ends_at__gte=now).order_by("starts_at").first()
    )


def current_shifts(engagement_ids: list[int]) -> dict[int, Shift]:
    """``today_shift`` of many engagements in one read: each one's open shift, else its next scheduled one."""
    now = timezone.now()
    rows = Shift.objects.filter(engagement_id__in=engagement_ids).filter(
        Q(status=ShiftStatus.CHECKED_IN) | Q(status=ShiftStatus.SCHEDULED, ends_at__gte=now)
    )
    found: dict[int, Shift] = {}
    for shift in rows.order_by("starts_at", "pk"):
        kept = found.get(shift.engagement_id)
        if kept is None or (shift.status == ShiftStatus.CHECKED_IN and kept.status != ShiftStatus.CHECKED_IN):
            found[shift.engagement_id] = shift
    return found


def shifts_to_confirm(engagement: Engagement) -> QuerySet[Shift]:
    return engagement.shifts.filter(status=ShiftStatus.CHECKED_OUT, confirmation="pending").order_by("date")


@dataclass(frozen=True)
class TimelineItem:
    at: Any
    action: str
    label: str
    actor: str
    detail: str
    seq: int


ACTION_LABELS = {
    "engagement.created": "生成用工单",
    "engagement.signed": "双方签约完成",
    "engagement.insured": "意外险生效",
    "engagement.started": "开工",
    "engagement.completed": "完工",
    "engagement.settled": "结清工资",
    "engagement.rated": "双方评价完成",
    "engagement.cancelled": "用工取消",
    "engagement.end_requested": "提出提前结束",
    "engagement.end_declined": "拒绝提前结束",
    "engagement.ended_early": "协商提前结束",
    "engagement.terms_changed": "修改条款",
    "engagement.terms_reopened": "条款变更，需重新签署",
    "shift.checked_in": "签到",
    "shift.checked_out": "签退",
    "shift.confirmed": "确认工时",
    "shift.disputed": "工时异议",
    "shift.case_resolved": "异议处理完成",
    "shift.reviewed": "考勤复核",
    "shift.review_rejected": "考勤复核未通过（按未到岗处理）",
    "shift.extra_time_confirmed": "用工方确认提前上岗或延时计入工时",
    "engagement.site_code_issued": "生成现场签到码",
    "shift.no_show": "未到岗",
    "shift.lapsed": "班次失效（未签约或未投保）",
    "engagement.in_progress": "开工",
    "contract.created": "生成劳务协议",
    "contract.rendered": "生成协议文本（PDF）",
    "contract.signed_rendered": "生成已签署协议文本（PDF）",
    "contract.signed": "签署劳务协议",
    "contract.completed": "劳务协议签署完成",
    "contract.superseded": "协议版本作废",
    "insurance.requested": "申请投保",
    "insurance.issued": "保单出具",
    "insurance.failed": "投保失败",
    "insurance.cancelled": "保单作废",
    "insurance.issued_after_cancel": "用工取消后保单才出具（待退保）",
    "settlement.issued": "生成结算单",
    "settlement.voided": "结算单作废",
    "payment.requested": "发起工资支付",
    "payment.recorded": "支付工资",
    "payment.failed": "支付失败",
    "rating.created": "评价",
    "rating.updated": "修改评价",
    "rating.hidden": "隐藏评价内容",
    "arrears.flagged": "欠薪预警",
    "arrears.waived": "欠薪预警解除",
    "arrears.resolved": "欠薪预警解除",
}


def _actor_display(entry: AuditEntry) -> str:
    if entry.actor_label == "system":
        return str(_("系统"))
    role = entry.actor_label.rsplit(":", 1)[-1]
    labels: dict[str, str] = {str(Role.WORKER): _("劳动者"), str(Role.EMPLOYER): _("用工方")}
    return labels.get(role, _("市场工作人员"))


def _detail(entry: AuditEntry) -> str:
    data = entry.data or {}
    parts = []
    if data.get("date"):
        parts.append(str(data["date"]))
    if data.get("hours") not in (None, ""):
        parts.append(_("%(h)s 小时") % {"h": data["hours"]})
    if data.get("distance_m") not in (None, ""):
        parts.append(_("距工地 %(m)s 米") % {"m": data["distance_m"]})
    if data.get("flagged"):
        parts.append(str(_("待复核")))
    if data.get("on_behalf"):
        parts.append(str(_("工作人员代记")))
    elif data.get("method") == CheckMethod.SITE_QR:
        parts.append(str(CheckMethod.SITE_QR.label))
    for key in ("reason", "note"):
        if data.get(key):
            parts.append(str(data[key]))
    if data.get("version"):
        parts.append(_("第 %(v)s 版") % {"v": data["version"]})
    return " · ".join(parts)


def describe(entry: AuditEntry, labels: dict[str, str] | None = None) -> TimelineItem:
    """One trail entry as the timeline shows it (``labels`` adds or overrides action names)."""
    names = {**ACTION_LABELS, **(labels or {})}
    return TimelineItem(
        at=entry.created_at,
        action=entry.action,
        label=names.get(entry.action, entry.action),
        actor=_actor_display(entry),
        detail=_detail(entry),
        seq=entry.seq,
    )


def timeline(engagement: Engagement) -> list[TimelineItem]:
    """The engagement's trail in order, read from the hash-chained audit log (its whole story, from the
    worker's registration on, is ``workflow.selectors.engagement_story``)."""
    entries = AuditEntry.objects.filter(
        Q(object_type="engagements.engagement", object_id=str(engagement.pk))
        | Q(data__engagement_id=engagement.pk)
    ).order_by("seq")
    return [describe(e) for e in entries]


def flagged_shifts_for_staff(user: Any) -> QuerySet[Shift]:
    return (
        Shift.objects.filter(review_status=ReviewStatus.PENDING)
        .filter(engagement__in=Engagement.objects.filter(staff_scope_q(user)))
        .select_related("engagement__worker", "engagement__job", "engagement__enterprise")
        .order_by("-check_in_at")
    )


def open_cases_for_staff(user: Any) -> QuerySet[AttendanceCase]:
    return (
        AttendanceCase.objects.filter(status=CaseStatus.OPEN)
        .filter(shift__engagement__in=Engagement.objects.filter(staff_scope_q(user)))
        .select_related(
            "shift__engagement__worker", "shift__engagement__job", "shift__engagement__enterprise"
        )
        .order_by("opened_at")
    )
