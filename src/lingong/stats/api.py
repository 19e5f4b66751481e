"""GET /api/v1/stats/overview: the figures of the big-data screen as JSON."""

from __future__ import annotations

from typing import Any

from ninja import Query, Router, Schema
from pydantic import Field

from lingong.accounts.auth import AUTH, ApiRequest
from lingong.core.schemas import ERRORS
from lingong.stats import selectors
from lingong.stats.access import screen_scope

router = Router(tags=["实时数据"])


class StatsOverviewQuery(Schema):
    centre: int | None = Field(None, ge=1, le=2_147_483_647, description="服务中心 id：只看该中心辖区")


class StatsTotalsOut(Schema):
    registered_workers: int
    new_enterprises: int
    postings_published: int
    applications: int
    matches: int
    check_ins: int
    payments: int
    pay_settled: str  # yuan, a decimal string ("1234.50")
    insured: int


class StatsNowOut(Schema):
    open_postings: int
    open_places: int
    active_employers: int
    engagements_in_progress: int
    people_at_work: int
    available_workers: int
    registered_workers: int


class StatsHourlyOut(Schema):
    hours: list[int]
    applications: list[int]
    matches: list[int]
    check_ins: list[int]


class StatsOccupationOut(Schema):
    code: str
    name: str
    open_places: int
    available_workers: int
    ratio: float | None


class StatsDistrictOut(Schema):
    code: str
    name: str
    open_places: int
    available_workers: int


class StatsStationOut(Schema):
    id: int
    name: str
    placements: int


class StatsOverviewOut(Schema):
    market_id: int
    market_name: str
    centre_id: int | None
    centre_name: str
    generated_at: str
    today: StatsTotalsOut
    month: StatsTotalsOut
    now: StatsNowOut
    hourly: StatsHourlyOut
    occupations: list[StatsOccupationOut]
    districts: list[StatsDistrictOut]
    stations: list[StatsStationOut]


@router.get(
    "/overview",
    auth=AUTH,
    response={200: StatsOverviewOut, **ERRORS},
    summary="实时数据总览（市场管理员、服务中心工作人员）",
)
def overview(request: ApiRequest, query: Query[StatsOverviewQuery]) -> dict[str, Any]:
    market, centre = screen_scope(request.auth, query.centre)
    return selectors.overview(market, centre)
