"""Reads of the complaints app: staff scope, the queue, the wage position, the timeline, the mediators'
workload and the monthly report (issue 11, sections 1 and 5)."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.access import is_staff
from lingong.accounts.models import Role
from lingong.audit.models import AuditEntry
from lingong.core.errors import InvalidInput
from lingong.disputes.models import (
    CloseReason,
    Complaint,
    ComplaintKind,
    ComplaintStatus,
    Evidence,
    HandlingLevel,
    Mediator,
)
from lingong.engagements.models import Shift, ShiftStatus
from lingong.engagements.selectors import TimelineItem, describe
from lingong.org.models import Division, DivisionLevel
from lingong.settlement.models import ArrearsFlag, Payment, PaymentStatus, Statement, StatementStatus

LOCAL = ZoneInfo("Asia/Shanghai")
OPEN_STATUSES = (ComplaintStatus.FILED, ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.MEDIATING)
LIVE_STATUSES = (*OPEN_STATUSES, ComplaintStatus.REFERRED)
# Closed after mediation with one of these: the mediation succeeded.
SUCCESS_REASONS = (CloseReason.AGREEMENT, CloseReason.PAID, CloseReason.RESOLVED)


# --- Scope ------------------------------------------------------------------------------------------------


def complaint_scope_q(user: Any) -> Q:
    """Complaints a user works on: staff by unit (market admin: the market; centre staff: the centre's
    stations or the centre; station staff: the station) and any mediator the cases assigned to them."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    mine = Q(mediator__user_id=user.pk)
    if not is_staff(user) or user.market_id is None:
        return mine
    if user.role == Role.MARKET_ADMIN:
        return Q(market_id=user.market_id)  # (an empty Q() in "unit | mine" would drop the unit)
    if user.role == Role.CENTRE_STAFF and user.centre_id is not None:
        unit = Q(centre_id=user.centre_id) | Q(station__centre_id=user.centre_id)
    elif user.role == Role.STATION_STAFF and user.station_id is not None:
        unit = Q(station_id=user.station_id)
    else:
        unit = Q(pk__in=[])
    return Q(market_id=user.market_id) & (unit | mine)


def unit_in_scope(user: Any, complaint: Complaint) -> bool:
    """Whether the complaint is in the staff member's unit (not counting cases assigned as mediator)."""
    if not is_staff(user) or user.market_id != complaint.market_id:
        return False
    if user.role == Role.MARKET_ADMIN:
        return True
    if user.role == Role.CENTRE_STAFF:
        if user.centre_id is None:
            return False
        station_centre = complaint.station.centre_id if complaint.station is not None else None
        return user.centre_id in (complaint.centre_id, station_centre)
    if user.role == Role.STATION_STAFF:
        return user.station_id is not None and complaint.station_id == user.station_id
    return False


def is_assigned_mediator(user: Any, complaint: Complaint) -> bool:
    if not getattr(user, "is_authenticated", False) or complaint.mediator_id is None:
        return False
    return Mediator.objects.filter(pk=complaint.mediator_id, user_id=user.pk).exists()


# --- The staff queue --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""  # a ComplaintStatus value, "open" (filed/acknowledged/mediating) or "" (all)
    kind: str = ""
    urgent: bool = False
    overdue: bool = False
    level: str = ""
    station: int | None = None


def queue(
    user: Any, filters: QueueFilters | None = None, now: dt.datetime | None = None
) -> QuerySet[Complaint]:
    """The complaints a staff member or mediator works on: urgent and overdue first, then by deadline."""
    f = filters or QueueFilters()
    now = now or timezone.now()
    qs = Complaint.objects.filter(complaint_scope_q(user))
    if f.status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif f.status in ComplaintStatus.values:
        qs = qs.filter(status=f.status)
    if f.kind in ComplaintKind.values:
        qs = qs.filter(kind=f.kind)
    if f.urgent:
        qs = qs.filter(urgent=True)
    if f.overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, due_at__lt=now)
    if f.level in HandlingLevel.values:
        qs = qs.filter(level=f.level)
    if f.station:
        qs = qs.filter(station_id=f.station)
    overdue = Case(
        When(status__in=OPEN_STATUSES, due_at__lt=now, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    return (
        qs.annotate(is_overdue=overdue)
        .select_related("station", "centre", "mediator", "engagement", "market")
        .order_by("-urgent", "-is_overdue", "due_at", "pk")
    )


def is_overdue(complaint: Complaint, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return complaint.status in OPEN_STATUSES and complaint.due_at is not None and complaint.due_at < now


def evidence_of(complaint: Complaint) -> QuerySet[Evidence]:
    """The complaint's evidence and that of the duplicates merged into it."""
    return Evidence.objects.filter(Q(complaint=complaint) | Q(complaint__merged_into=complaint)).order_by(
        "pk"
    )


# --- The wage position ------------------------------------------------------------------------------------


@dataclass
class WagePosition:
    applies: bool
    statements: list[Statement] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    due: Decimal = Decimal("0.00")
    paid: Decimal = Decimal("0.00")
    outstanding: Decimal = Decimal("0.00")
    unbilled_shifts: int = 0
    arrears: ArrearsFlag | None = None

    @property
    def arrears_state(self) -> str:
        return self.arrears.status if self.arrears is not None else ""

    @property
    def arrears_label(self) -> str:
        return self.arrears.get_status_display() if self.arrears is not None else _("无欠薪预警")


def wage_position(complaint: Complaint) -> WagePosition:
    """For a pay complaint on an engagement: its statements and payments, what is due (the net of live
    statements), paid (successful payments) and outstanding, and the arrears flag (the latest)."""
    if complaint.kind != ComplaintKind.UNPAID_PAY or complaint.engagement_id is None:
        return WagePosition(applies=False)
    statements = list(
        Statement.objects.filter(engagement_id=complaint.engagement_id)
        .exclude(status=StatementStatus.VOID)
        .order_by("period_start", "pk")
    )
    payments = list(
        Payment.objects.filter(statement__engagement_id=complaint.engagement_id)
        .select_related("statement")
        .order_by("paid_at", "pk")
    )
    due = sum((s.net for s in statements), Decimal("0.00"))
    paid = sum((p.amount for p in payments if p.status == PaymentStatus.SUCCEEDED), Decimal("0.00"))
    unbilled = Shift.objects.filter(
        engagement_id=complaint.engagement_id, status=ShiftStatus.CHECKED_OUT, statement_link__isnull=True
    ).count()
    flag = (
        ArrearsFlag.objects.filter(engagement_id=complaint.engagement_id)
        .order_by("-detected_at", "-pk")
        .first()
    )
    return WagePosition(
        applies=True,
        statements=statements,
        payments=payments,
        due=due,
        paid=paid,
        outstanding=max(due - paid, Decimal("0.00")),
        unbilled_shifts=unbilled,
        arrears=flag,
    )


# --- Timeline ---------------------------------------------------------------------------------------------

ACTION_LABELS = {
    "complaint.filed": _("提交投诉"),
    "complaint.filer_notified": _("已告知投诉人"),
    "complaint.other_party_notified": _("已告知被投诉方"),
    "complaint.acknowledged": _("受理"),
    "complaint.assigned": _("分派承办"),
    "complaint.urgent_marked": _("标记紧急"),
    "complaint.urgent_unmarked": _("取消紧急"),
    "complaint.merged": _("合并重复投诉"),
    "complaint.merged_in": _("并入重复投诉"),
    "complaint.escalated": _("逾期上报"),
    "complaint.closed": _("结案"),
    "complaint.mediating": _("进入调解"),
    "complaint.referred": _("转仲裁/诉讼"),
}


def timeline(complaint: Complaint) -> list[TimelineItem]:
    """The trail entries of the complaint, the duplicates merged into it and its engagement, in order."""
    ids = [str(complaint.pk), *(str(pk) for pk in complaint.merged.values_list("pk", flat=True))]
    q = Q(object_type="disputes.complaint", object_id__in=ids)
    if complaint.engagement_id is not None:
        q |= Q(object_type="engagements.engagement", object_id=str(complaint.engagement_id)) | Q(
            data__engagement_id=complaint.engagement_id
        )
    labels = {k: str(v) for k, v in ACTION_LABELS.items()}
    return [describe(e, labels) for e in AuditEntry.objects.filter(q).order_by("chain", "seq")[:500]]


# --- Mediators --------------------------------------------------------------------------------------------


@dataclass
class MediatorLoad:
    mediator: Mediator
    open_cases: int
    overdue: int
    closed_this_month: int

    @property
    def full(self) -> bool:
        return self.open_cases >= self.mediator.max_open_cases


def open_case_count(mediator_id: int) -> int:
    return Complaint.objects.filter(mediator_id=mediator_id, status__in=LIVE_STATUSES).count()


def mediator_roster(user: Any, now: dt.datetime | None = None) -> list[MediatorLoad]:
    """The market's mediators (active first) with open cases, overdue ones and those closed this month."""
    now = now or timezone.now()
    start = timezone.localtime(now, LOCAL).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    mediators = (
        Mediator.objects.filter(market_id=user.market_id)
        .select_related("user", "station", "centre")
        .annotate(
            n_open=Count("complaints", filter=Q(complaints__status__in=LIVE_STATUSES)),
            n_overdue=Count(
                "complaints", filter=Q(complaints__status__in=OPEN_STATUSES, complaints__due_at__lt=now)
            ),
            n_closed=Count(
                "complaints",
                filter=Q(complaints__status=ComplaintStatus.CLOSED, complaints__closed_at__gte=start),
            ),
        )
        .order_by("-active", "display_name", "pk")
    )
    return [MediatorLoad(m, m.n_open, m.n_overdue, m.n_closed) for m in mediators]


def assignable_mediators(complaint: Complaint) -> list[Mediator]:
    return list(
        Mediator.objects.filter(market_id=complaint.market_id, active=True)
        .select_related("station", "centre")
        .order_by("display_name", "pk")
    )


# --- The monthly report -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportMonth:
    year: int
    month: int

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def start(self) -> dt.datetime:
        return dt.datetime(self.year, self.month, 1, tzinfo=LOCAL)

    @property
    def end(self) -> dt.datetime:
        if self.month == 12:
            return dt.datetime(self.year + 1, 1, 1, tzinfo=LOCAL)
        return dt.datetime(self.year, self.month + 1, 1, tzinfo=LOCAL)


def parse_month(value: str | None) -> ReportMonth:
    """``YYYY-MM`` (empty: the current month); anything else is a 422 with a Chinese message."""
    if not value:
        today = timezone.localdate()
        return ReportMonth(today.year, today.month)
    try:
        year_s, month_s = value.split("-")
        year, month = int(year_s), int(month_s)
        if len(year_s) != 4 or not 1 <= month <= 12 or year < 2000:
            raise ValueError
    except ValueError:
        message = _("月份格式应为YYYY-MM，例如2026-05。")
        raise InvalidInput(message, errors={"month": [message]}) from None
    return ReportMonth(year, month)


@dataclass
class ReportRow:
    key: str
    label: str
    count: int


@dataclass
class ComplaintReport:
    month: ReportMonth
    filed: int
    by_kind: list[ReportRow]
    by_district: list[ReportRow]
    first_response_hours_median: float | None
    first_response_hours_avg: float | None
    acknowledged: int
    closed: int
    closed_after_mediation: int
    mediation_succeeded: int
    amount_recovered: Decimal
    referred: int
    referrals_done: int

    @property
    def mediation_success_rate(self) -> float | None:
        if not self.closed_after_mediation:
            return None
        return round(100 * self.mediation_succeeded / self.closed_after_mediation, 1)


def _district_map() -> dict[str, tuple[str, str]]:
    """Division code -> (district code, name): a subdistrict counts in its district."""
    rows = {d.code: d for d in Division.objects.only("code", "name", "level", "parent_id")}
    out = {}
    for code, division in rows.items():
        d = division
        while d.level == DivisionLevel.SUBDISTRICT and d.parent_id in rows:
            d = rows[d.parent_id]
        out[code] = (d.code, d.name)
    return out


def _division_of(complaint: Complaint) -> str | None:
    """The engagement's workplace division, else the filer's home division (worker profile)."""
    if complaint.engagement_id is not None:
        return complaint.engagement.job.division_id  # type: ignore[union-attr]
    profile = getattr(complaint.filed_by, "worker_profile", None)
    return getattr(profile, "home_division_id", None)


def complaint_report(user: Any, month: ReportMonth) -> ComplaintReport:
    """The month's figures over the complaints in the caller's scope: filed in the month (kind, district,
    first response), closed in the month (mediation outcome, amounts), referred (live referrals filed before
    the month's end) and referrals finished in the month."""
    scope = Complaint.objects.filter(complaint_scope_q(user))
    filed = list(
        scope.filter(filed_at__gte=month.start, filed_at__lt=month.end).select_related(
            "engagement__job", "filed_by__worker_profile"
        )
    )
    kinds = {k: ReportRow(k, str(label), 0) for k, label in ComplaintKind.choices}
    for c in filed:
        kinds[c.kind].count += 1
    districts: dict[str, ReportRow] = {}
    names = _district_map()
    for c in filed:
        code, name = names.get(_division_of(c) or "", ("", str(_("未注明"))))
        districts.setdefault(code, ReportRow(code, name, 0)).count += 1
    hours = [
        (c.acknowledged_at - c.filed_at).total_seconds() / 3600
        for c in filed
        if c.acknowledged_at is not None
    ]
    closed = list(
        scope.filter(status=ComplaintStatus.CLOSED, closed_at__gte=month.start, closed_at__lt=month.end)
    )
    mediated_ids = set(
        AuditEntry.objects.filter(
            object_type="disputes.complaint",
            object_id__in=[str(c.pk) for c in closed],
            action="complaint.mediating",
        ).values_list("object_id", flat=True)
    )
    after_mediation = [
        c
        for c in closed
        if (c.mediator_id is not None or str(c.pk) in mediated_ids) and c.close_reason != CloseReason.MERGED
    ]
    return ComplaintReport(
        month=month,
        filed=len(filed),
        by_kind=[r for r in kinds.values() if r.count] or [],
        by_district=sorted(districts.values(), key=lambda r: (-r.count, r.key)),
        first_response_hours_median=round(statistics.median(hours), 1) if hours else None,
        first_response_hours_avg=round(sum(hours) / len(hours), 1) if hours else None,
        acknowledged=len(hours),
        closed=len(closed),
        closed_after_mediation=len(after_mediation),
        mediation_succeeded=sum(1 for c in after_mediation if c.close_reason in SUCCESS_REASONS),
        amount_recovered=sum((c.amount_recovered for c in closed), Decimal("0.00")),
        referred=scope.filter(status=ComplaintStatus.REFERRED, filed_at__lt=month.end).count(),
        referrals_done=sum(1 for c in closed if c.close_reason == CloseReason.REFERRED_DONE),
    )
