"""GET /api/v1/reports/monthly: the monthly monitoring report's figures as JSON (staff, in their scope)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Query, Router, Schema

from lingong.accounts.auth import AUTH, ApiRequest
from lingong.core.schemas import ERRORS
from lingong.reports.figures import MonthlyReport, monthly_report
from lingong.reports.period import parse_month
from lingong.reports.units import resolve_unit

router = Router(tags=["统计报表"])


class ReportUnitOut(Schema):
    kind: str
    id: int
    name: str
    market_id: int
    market_name: str


class ReportHeadlineOut(Schema):
    month: str
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


class ReportArrearsNowOut(Schema):
    engagements: int
    enterprises: int
    amount_owed: Decimal


class ReportRowOut(Schema):
    key: str
    label: str
    postings: int
    places: int
    applications: int
    placements: int
    wages: Decimal


class ReportGroupRowOut(Schema):
    key: str
    label: str
    workers_registered: int
    applications: int
    placements: int


class ReportDayOut(Schema):
    date: dt.date
    postings: int
    applications: int
    placements: int
    wages: Decimal


class MonthlyReportOut(Schema):
    month: str
    month_label: str
    unit: ReportUnitOut
    generated_at: dt.datetime
    figures: ReportHeadlineOut
    previous: ReportHeadlineOut
    arrears_now: ReportArrearsNowOut
    by_district: list[ReportRowOut]
    by_occupation: list[ReportRowOut]
    by_target_group: list[ReportGroupRowOut]
    by_age_band: list[ReportGroupRowOut]
    daily: list[ReportDayOut]


def report_out(report: MonthlyReport) -> MonthlyReportOut:
    unit = report.unit
    return MonthlyReportOut(
        month=report.month.key,
        month_label=report.month.label,
        unit=ReportUnitOut(
            kind=unit.kind, id=unit.id, name=unit.name, market_id=unit.market_id, market_name=unit.market_name
        ),
        generated_at=report.generated_at,
        figures=ReportHeadlineOut(month=report.month.key, **vars(report.headline)),
        previous=ReportHeadlineOut(month=report.month.previous().key, **vars(report.previous)),
        arrears_now=ReportArrearsNowOut(**vars(report.arrears_now)),
        by_district=[ReportRowOut(**vars(r)) for r in report.by_district],
        by_occupation=[ReportRowOut(**vars(r)) for r in report.by_occupation],
        by_target_group=[ReportGroupRowOut(**vars(r)) for r in report.by_target_group],
        by_age_band=[ReportGroupRowOut(**vars(r)) for r in report.by_age_band],
        daily=[ReportDayOut(**vars(r)) for r in report.daily],
    )


@router.get(
    "/monthly",
    auth=AUTH,
    response={200: MonthlyReportOut, **ERRORS},
    summary="零工市场动态监测月报（全市场、服务中心或驿站；工作人员限本人范围）",
)
def monthly(
    request: ApiRequest,
    month: str = Query("", max_length=7, description="YYYY-MM（本地日历，默认本月）"),
    unit: str = Query("", max_length=8, description="market | centre | station（默认本人范围）"),
    unit_id: int | None = Query(None, ge=1, le=2**31 - 1),
) -> MonthlyReportOut:
    chosen = resolve_unit(request.auth, unit or None, unit_id)
    return report_out(monthly_report(chosen, parse_month(month)))
