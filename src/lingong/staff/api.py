"""Market-wide figures for staff. They count workers, enterprises and jobs, so they live above those apps;
lingong/api.py mounts this router at /org, where the figures have always been."""

from __future__ import annotations

from ninja import Router, Schema

from lingong.accounts.auth import AUTH, ApiRequest
from lingong.core.schemas import ERRORS
from lingong.staff import selectors

router = Router(tags=["组织与区划"])


class TotalsOut(Schema):
    workers: int
    enterprises: int
    enterprises_pending: int
    jobs_open: int
    jobs_pending_review: int
    jobs_total: int
    places_open: int
    applications: int
    accepted: int
    stations: int


@router.get(
    "/totals",
    auth=AUTH,
    response={200: TotalsOut, **ERRORS},
    summary="市场总体数据（管理员）",
    operation_id="lingong_org_api_totals",  # unchanged by the move, for generated clients
)
def totals(request: ApiRequest) -> dict[str, int]:
    return selectors.market_totals(request.auth)
