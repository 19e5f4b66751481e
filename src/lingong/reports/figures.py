"""Every figure of the monthly monitoring report (动态监测月报), read from the source tables.

This is the one module that decides what each figure counts (docs/architecture.md, "The monthly report");
the exports, the API and the page only format what it returns. The report runs on demand: each figure is
one aggregate query filtered on an indexed time column over the month's half-open local range
(``reports.period``), scoped to the unit (``reports.units``). When live counters exist (app ``stats``),
the record sets below are the place to point at them; the definitions stay here.

Which rows belong to a unit (the staff scope of each kind of row):
- postings and applications: the posting's employer's station (``enterprise_scope_q``);
- engagements and what hangs on them (placements, payments, insurance cover, arrears): the engagement's
  station (``engagements.access.staff_scope_q``);
- workers and employers: their own station.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.core.money import to_money
from lingong.employers.models import Enterprise
from lingong.engagements.models import Engagement
from lingong.insurance.models import InsurancePolicy
from lingong.jobs.models import Application, JobPosting
from lingong.org.models import Division, DivisionLevel
from lingong.reports.period import LOCAL, Month
from lingong.reports.units import Unit
from lingong.settlement.models import ArrearsFlag, ArrearsStatus, Payment, PaymentStatus
from lingong.settlement.schedule import overdue_shifts
from lingong.settlement.services.statements import earnings_for
from lingong.workers.models import TargetGroup, WorkerProfile

ZERO = Decimal("0.00")
NO_GROUP = "none"
UNKNOWN = "unknown"
# Age bands of the labour statistics (16-24 youth, then ten-year bands, 60 and over); age on the day work
# started for placements, on the registration day for registered workers.
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("16-24", 16, 24),
    ("25-34", 25, 34),
    ("35-44", 35, 44),
    ("45-54", 45, 54),
    ("55-59", 55, 59),
    ("60+", 60, 200),
)


# --- The record sets: what each figure counts ------------------------------------------------------------


def _in(month: Month, column: str) -> dict[str, dt.datetime]:
    return {f"{column}__gte": month.start, f"{column}__lt": month.end}


def postings_published(unit: Unit, month: Month) -> QuerySet[JobPosting]:
    """Postings whose publication (``published_at``: opened to workers, after review or at once) fell in
    the month. A posting taken down and published again counts in the month of its last publication."""
    return JobPosting.objects.filter(unit.q("enterprise__station"), **_in(month, "published_at"))


def applications_made(unit: Unit, month: Month) -> QuerySet[Application]:
    """Applications (报名) made in the month (``applied_at``), whatever became of them."""
    return Application.objects.filter(
        unit.q("job__enterprise__station", "job__market"), **_in(month, "applied_at")
    )


def placements(unit: Unit, month: Month) -> QuerySet[Engagement]:
    """Placements (实现就业): engagements that started in the month. An engagement starts when the worker
    checks in for the first time (``engagements.services.check_in`` stamps ``started_at`` and moves it to
    in progress); that moment is kept whatever the engagement's later status, so a started engagement
    that staff later cancel (possible only when every check was rejected) still counts."""
    return Engagement.objects.filter(unit.q("station"), **_in(month, "started_at"))


def payments_succeeded(unit: Unit, month: Month) -> QuerySet[Payment]:
    """Wages settled: payments that succeeded, dated by ``paid_at`` (the amount paid out, after tax)."""
    return Payment.objects.filter(
        unit.q("statement__engagement__station", "statement__engagement__market"),
        status=PaymentStatus.SUCCEEDED,
        **_in(month, "paid_at"),
    )


def covers_issued(unit: Unit, month: Month) -> QuerySet[InsurancePolicy]:
    """Accident cover issued in the month (``issued_at``), whatever happened to it later."""
    return InsurancePolicy.objects.filter(
        unit.q("engagement__station", "engagement__market"), **_in(month, "issued_at")
    )


def arrears_flagged(unit: Unit, month: Month) -> QuerySet[ArrearsFlag]:
    """Wage-arrears flags raised in the month (``detected_at``, settlement.services.arrears)."""
    return ArrearsFlag.objects.filter(
        unit.q("engagement__station", "engagement__market"), **_in(month, "detected_at")
    )


def arrears_open_at_end(unit: Unit, month: Month) -> QuerySet[ArrearsFlag]:
    """Flags open at the end of the month: raised before it ended, not resolved or waived by then."""
    return (
        ArrearsFlag.objects.filter(unit.q("engagement__station", "engagement__market"))
        .filter(detected_at__lt=month.end)
        .exclude(resolved_at__lt=month.end)
    )


def workers_registered(unit: Unit, month: Month) -> QuerySet[WorkerProfile]:
    return WorkerProfile.objects.filter(unit.q("station"), **_in(month, "created_at"))


def workers_on_roll(unit: Unit, month: Month) -> QuerySet[WorkerProfile]:
    """Workers registered by the end of the month whose account is not closed (the roster, 名录)."""
    return WorkerProfile.objects.filter(
        unit.q("station"), created_at__lt=month.end, user__erased_at__isnull=True
    )


def employers_registered(unit: Unit, month: Month) -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(unit.q("station"), **_in(month, "created_at"))


def employers_on_roll(unit: Unit, month: Month) -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(unit.q("station"), created_at__lt=month.end)


@dataclass(frozen=True)
class Fill:
    job_id: int
    published_at: dt.datetime
    filled_at: dt.datetime

    @property
    def seconds(self) -> int:
        return int((self.filled_at - self.published_at).total_seconds())


def fills(unit: Unit, month: Month) -> list[Fill]:
    """Postings filled in the month, with when. A posting fills when its last place is taken: the creation
    of its ``headcount``-th engagement (engagements are created when a worker accepts an offer, in
    ``workflow.chain.accept_offer``), counting in creation order every engagement it ever had, a later
    cancelled one included (it held the place when it was taken). Time to fill runs from ``published_at``.
    Read from engagement rows, not from the audit trail, so it is the same on any copy of the tables."""
    scope = unit.q("job__enterprise__station", "job__market")
    touched = Engagement.objects.filter(scope, **_in(month, "created_at")).values("job_id")
    rows = (
        Engagement.objects.filter(job_id__in=touched, created_at__lt=month.end)
        .order_by("job_id", "created_at", "id")
        .values_list("job_id", "created_at", "job__headcount", "job__published_at")
    )
    seen: Counter[int] = Counter()
    out = []
    for job_id, created_at, headcount, published_at in rows:
        seen[job_id] += 1
        if seen[job_id] != headcount or published_at is None:
            continue
        if month.contains(created_at) and created_at >= published_at:
            out.append(Fill(job_id, published_at, created_at))
    return out


# --- The report ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    postings_published: int
    places_offered: int
    applications: int
    placements: int
    postings_filled: int
    time_to_fill_median_s: int | None
    time_to_fill_mean_s: int | None
    wages_settled: Decimal
    payments_succeeded: int
    insured_engagements: int
    premiums: Decimal
    arrears_flagged: int
    arrears_enterprises: int
    arrears_open_at_month_end: int
    workers_registered: int
    workers_on_roll: int
    employers_registered: int


@dataclass(frozen=True)
class ArrearsNow:
    """Flags of this unit still open when the report is made (raised by the month's end), with the pay
    owed on them now: the earnings of the overdue, unpaid, confirmed work (``settlement.schedule``)."""

    engagements: int
    enterprises: int
    amount_owed: Decimal


@dataclass
class Row:
    key: str
    label: str
    postings: int = 0
    places: int = 0
    applications: int = 0
    placements: int = 0
    wages: Decimal = ZERO


@dataclass
class GroupRow:
    key: str
    label: str
    workers_registered: int = 0
    applications: int = 0
    placements: int = 0


@dataclass
class DayRow:
    date: dt.date
    postings: int = 0
    applications: int = 0
    placements: int = 0
    wages: Decimal = ZERO


@dataclass
class MonthlyReport:
    unit: Unit
    month: Month
    generated_at: dt.datetime
    headline: Headline
    previous: Headline
    arrears_now: ArrearsNow
    by_district: list[Row] = field(default_factory=list)
    by_occupation: list[Row] = field(default_factory=list)
    by_target_group: list[GroupRow] = field(default_factory=list)
    by_age_band: list[GroupRow] = field(default_factory=list)
    daily: list[DayRow] = field(default_factory=list)


def _money(value: Any) -> Decimal:
    return to_money(value or ZERO)


def headline(unit: Unit, month: Month) -> Headline:
    posted = postings_published(unit, month).aggregate(n=Count("id"), places=Sum("headcount"))
    paid = payments_succeeded(unit, month).aggregate(n=Count("id"), total=Sum("amount"))
    covers = covers_issued(unit, month).aggregate(
        n=Count("engagement_id", distinct=True), premiums=Sum("premium")
    )
    flagged = arrears_flagged(unit, month).aggregate(
        n=Count("id"), enterprises=Count("enterprise_id", distinct=True)
    )
    filled = [f.seconds for f in fills(unit, month)]
    return Headline(
        postings_published=posted["n"],
        places_offered=posted["places"] or 0,
        applications=applications_made(unit, month).count(),
        placements=placements(unit, month).count(),
        postings_filled=len(filled),
        time_to_fill_median_s=int(statistics.median(filled)) if filled else None,
        time_to_fill_mean_s=round(statistics.fmean(filled)) if filled else None,
        wages_settled=_money(paid["total"]),
        payments_succeeded=paid["n"],
        insured_engagements=covers["n"],
        premiums=_money(covers["premiums"]),
        arrears_flagged=flagged["n"],
        arrears_enterprises=flagged["enterprises"],
        arrears_open_at_month_end=arrears_open_at_end(unit, month).count(),
        workers_registered=workers_registered(unit, month).count(),
        workers_on_roll=workers_on_roll(unit, month).count(),
        employers_registered=employers_registered(unit, month).count(),
    )


def arrears_now(unit: Unit, month: Month, today: dt.date | None = None) -> ArrearsNow:
    today = today or timezone.localdate()
    flags = (
        ArrearsFlag.objects.filter(unit.q("engagement__station", "engagement__market"))
        .filter(status=ArrearsStatus.OPEN, detected_at__lt=month.end)
        .select_related("engagement")
    )
    owed = ZERO
    engagements: set[int] = set()
    enterprises: set[int] = set()
    for flag in flags:
        engagements.add(flag.engagement_id)
        enterprises.add(flag.enterprise_id)
        shifts = [shift for shift, _due in overdue_shifts(flag.engagement, today)]
        if shifts:
            owed += earnings_for(flag.engagement, shifts).total
    return ArrearsNow(len(engagements), len(enterprises), _money(owed))


def monthly_report(unit: Unit, month: Month, *, now: dt.datetime | None = None) -> MonthlyReport:
    now = now or timezone.now()
    return MonthlyReport(
        unit=unit,
        month=month,
        generated_at=now,
        headline=headline(unit, month),
        previous=headline(unit, month.previous()),
        arrears_now=arrears_now(unit, month, timezone.localtime(now, LOCAL).date()),
        by_district=by_district(unit, month),
        by_occupation=by_occupation(unit, month),
        by_target_group=by_target_group(unit, month),
        by_age_band=by_age_band(unit, month),
        daily=daily(unit, month),
    )


# --- Breakdowns ------------------------------------------------------------------------------------------


def _district_map() -> dict[str, tuple[str, str]]:
    """Division code -> (district code, district name): a subdistrict (街道/乡镇) counts in its district."""
    rows = {d.code: d for d in Division.objects.only("code", "name", "level", "parent_id")}
    out = {}
    for code, division in rows.items():
        d = division
        while d.level == DivisionLevel.SUBDISTRICT and d.parent_id in rows:
            d = rows[d.parent_id]
        out[code] = (d.code, d.name)
    return out


def _rows(rows: dict[str, Row], key: str | None, label: str | None) -> Row:
    k = key or UNKNOWN
    if k not in rows:
        rows[k] = Row(k, label or _("未注明"))
    return rows[k]


def _sorted(rows: Iterable[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (-r.placements, -r.postings, -r.applications, r.key))


def by_district(unit: Unit, month: Month) -> list[Row]:
    """By district (区/县) of the workplace: the posting's division, rolled up from 街道/乡镇."""
    districts = _district_map()
    rows: dict[str, Row] = {}

    def row(division_id: str | None) -> Row:
        code, name = districts.get(division_id or "", (UNKNOWN, _("未注明")))
        return _rows(rows, code, name)

    for posted in (
        postings_published(unit, month).values("division_id").annotate(n=Count("id"), places=Sum("headcount"))
    ):
        r = row(posted["division_id"])
        r.postings += posted["n"]
        r.places += posted["places"] or 0
    for applied in applications_made(unit, month).values("job__division_id").annotate(n=Count("id")):
        row(applied["job__division_id"]).applications += applied["n"]
    for started in placements(unit, month).values("job__division_id").annotate(n=Count("id")):
        row(started["job__division_id"]).placements += started["n"]
    for paid in (
        payments_succeeded(unit, month)
        .values("statement__engagement__job__division_id")
        .annotate(total=Sum("amount"))
    ):
        row(paid["statement__engagement__job__division_id"]).wages += _money(paid["total"])
    return _sorted(rows.values())


def by_occupation(unit: Unit, month: Month) -> list[Row]:
    """By occupation: a posting asking for several occupations counts under each (so the postings column
    may add up to more than the total); a placement, and its pay, under the engagement's one occupation."""
    rows: dict[str, Row] = {}
    for posted in (
        postings_published(unit, month)
        .values("occupations__code", "occupations__name")
        .annotate(n=Count("id"), places=Sum("headcount"))
    ):
        r = _rows(rows, posted["occupations__code"], posted["occupations__name"])
        r.postings += posted["n"]
        r.places += posted["places"] or 0
    for applied in (
        applications_made(unit, month)
        .values("job__occupations__code", "job__occupations__name")
        .annotate(n=Count("id"))
    ):
        _rows(
            rows, applied["job__occupations__code"], applied["job__occupations__name"]
        ).applications += applied["n"]
    for started in (
        placements(unit, month).values("occupation__code", "occupation__name").annotate(n=Count("id"))
    ):
        _rows(rows, started["occupation__code"], started["occupation__name"]).placements += started["n"]
    for paid in (
        payments_succeeded(unit, month)
        .values("statement__engagement__occupation__code", "statement__engagement__occupation__name")
        .annotate(total=Sum("amount"))
    ):
        r = _rows(
            rows,
            paid["statement__engagement__occupation__code"],
            paid["statement__engagement__occupation__name"],
        )
        r.wages += _money(paid["total"])
    return _sorted(rows.values())


def _group_rows() -> dict[str, GroupRow]:
    rows = {g.value: GroupRow(g.value, str(g.label)) for g in TargetGroup}
    rows[NO_GROUP] = GroupRow(NO_GROUP, _("未登记重点群体"))
    return rows


def _groups_of(value: Any) -> list[str]:
    groups = [g for g in (value or []) if g in TargetGroup.values]
    return groups or [NO_GROUP]


def by_target_group(unit: Unit, month: Month) -> list[GroupRow]:
    """By the target groups (重点群体) recorded on the worker's profile (``WorkerProfile.target_groups``,
    the choices of ``workers.TargetGroup``). A worker in two groups counts in both; a worker in none in
    "未登记重点群体". The profile records no 就业困难人员 or 脱贫人口 status, so those are not reported."""
    rows = _group_rows()
    for groups in workers_registered(unit, month).values_list("target_groups", flat=True):
        for g in _groups_of(groups):
            rows[g].workers_registered += 1
    for groups in applications_made(unit, month).values_list("worker__target_groups", flat=True):
        for g in _groups_of(groups):
            rows[g].applications += 1
    for groups in placements(unit, month).values_list("worker__target_groups", flat=True):
        for g in _groups_of(groups):
            rows[g].placements += 1
    return list(rows.values())


def age_band(birth: dt.date | None, on: dt.date) -> str:
    if birth is None:
        return UNKNOWN
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    for key, low, high in AGE_BANDS:
        if low <= age <= high:
            return key
    return UNKNOWN


def by_age_band(unit: Unit, month: Month) -> list[GroupRow]:
    """By age band, derived from the birth date on the profile (from the resident ID); no birth date:
    "未知"."""
    rows = {key: GroupRow(key, _("%(band)s岁") % {"band": key}) for key, _low, _high in AGE_BANDS}
    rows[UNKNOWN] = GroupRow(UNKNOWN, _("未知"))
    for birth, created in workers_registered(unit, month).values_list("birth_date", "created_at"):
        rows[age_band(birth, timezone.localtime(created, LOCAL).date())].workers_registered += 1
    for birth, applied in applications_made(unit, month).values_list("worker__birth_date", "applied_at"):
        rows[age_band(birth, timezone.localtime(applied, LOCAL).date())].applications += 1
    for birth, started in placements(unit, month).values_list("worker__birth_date", "started_at"):
        rows[age_band(birth, timezone.localtime(started, LOCAL).date())].placements += 1
    return list(rows.values())


def daily(unit: Unit, month: Month) -> list[DayRow]:
    """Day by day (local calendar): postings published, applications, placements and wages paid."""
    days = {d: DayRow(d) for d in month.days()}

    def per_day(qs: QuerySet[Any], column: str, **aggregate: Any) -> Iterable[dict[str, Any]]:
        return qs.annotate(day=TruncDate(column, tzinfo=LOCAL)).values("day").annotate(**aggregate)

    for item in per_day(postings_published(unit, month), "published_at", n=Count("id")):
        days[item["day"]].postings = item["n"]
    for item in per_day(applications_made(unit, month), "applied_at", n=Count("id")):
        days[item["day"]].applications = item["n"]
    for item in per_day(placements(unit, month), "started_at", n=Count("id")):
        days[item["day"]].placements = item["n"]
    for item in per_day(payments_succeeded(unit, month), "paid_at", total=Sum("amount")):
        days[item["day"]].wages = _money(item["total"])
    return list(days.values())


# --- For the JSON answer and the files -------------------------------------------------------------------


def change(current: int | Decimal, previous: int | Decimal) -> str:
    """The change against the previous month, as shown: "+3", "-1.50", "0"."""
    delta = current - previous
    if isinstance(delta, Decimal):
        delta = to_money(delta)
    return f"+{delta}" if delta > 0 else str(delta)


def hours(seconds: int | None) -> str:
    return "—" if seconds is None else f"{Decimal(seconds) / Decimal(3600):.1f}"


def headline_rows(report: MonthlyReport) -> list[tuple[str, str, str, str]]:
    """(label, this month, previous month, change) for the summary table of the files and the page."""
    h, p = report.headline, report.previous
    rows: list[tuple[str, str, str, str]] = []
    plain = [
        (_("发布岗位数"), h.postings_published, p.postings_published),
        (_("提供岗位（人）"), h.places_offered, p.places_offered),
        (_("报名人次"), h.applications, p.applications),
        (_("实现就业（开工人次）"), h.placements, p.placements),
        (_("招满岗位数"), h.postings_filled, p.postings_filled),
    ]
    for label, cur, prev in plain:
        rows.append((label, str(cur), str(prev), change(cur, prev)))
    rows.append(
        (_("招满用时中位数（小时）"), hours(h.time_to_fill_median_s), hours(p.time_to_fill_median_s), "")
    )
    rows.append((_("招满用时平均数（小时）"), hours(h.time_to_fill_mean_s), hours(p.time_to_fill_mean_s), ""))
    money_rows = [
        (_("结算发放工资（元）"), h.wages_settled, p.wages_settled),
        (_("意外险保费（元）"), h.premiums, p.premiums),
    ]
    more = [
        (_("支付成功笔数"), h.payments_succeeded, p.payments_succeeded),
        (_("参保用工单数"), h.insured_engagements, p.insured_engagements),
        (_("新发欠薪预警"), h.arrears_flagged, p.arrears_flagged),
        (_("涉及欠薪用工单位"), h.arrears_enterprises, p.arrears_enterprises),
        (_("月末未解除欠薪预警"), h.arrears_open_at_month_end, p.arrears_open_at_month_end),
        (_("新登记求职者"), h.workers_registered, p.workers_registered),
        (_("在册求职者（月末）"), h.workers_on_roll, p.workers_on_roll),
        (_("新登记用工单位"), h.employers_registered, p.employers_registered),
    ]
    for label, mcur, mprev in money_rows:
        rows.append((label, f"{mcur:.2f}", f"{mprev:.2f}", change(mcur, mprev)))
    for label, cur, prev in more:
        rows.append((label, str(cur), str(prev), change(cur, prev)))
    return rows
