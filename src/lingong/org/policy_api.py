"""``GET/PATCH /api/v1/markets/{id}/policy``: a market's business rules (read by its staff, changed by its
market admins; each change is a new version with its before/after in the market's audit chain)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ninja import Router, Schema

from lingong.accounts.auth import AUTH, ApiRequest
from lingong.core.schemas import ERRORS
from lingong.org import policy as policies

router = Router(tags=["市场规则"])


class PolicyOut(Schema):
    market_id: int
    version: int
    no_show_minutes: int
    geofence_meters: int
    late_cancel_hours: int
    arrears_grace_days: int
    vat_threshold_per_day: Decimal
    max_pay: Decimal
    insurance_premium_per_day: Decimal
    insurance_death_disability_sum: Decimal
    insurance_medical_sum: Decimal
    insurer_name: str
    rating_edit_days: int
    rating_prior_mean: Decimal
    rating_prior_weight: int
    over_invite_factor: Decimal
    wave_interval_minutes: int
    radius_cap_km: int


class PolicyPatch(Schema):
    """Only the rules to change. Numbers may be sent as numbers or strings; the server checks the ranges."""

    no_show_minutes: int | str | None = None
    geofence_meters: int | str | None = None
    late_cancel_hours: int | str | None = None
    arrears_grace_days: int | str | None = None
    vat_threshold_per_day: Decimal | str | None = None
    max_pay: Decimal | str | None = None
    insurance_premium_per_day: Decimal | str | None = None
    insurance_death_disability_sum: Decimal | str | None = None
    insurance_medical_sum: Decimal | str | None = None
    insurer_name: str | None = None
    rating_edit_days: int | str | None = None
    rating_prior_mean: Decimal | str | None = None
    rating_prior_weight: int | str | None = None
    over_invite_factor: Decimal | str | None = None
    wave_interval_minutes: int | str | None = None
    radius_cap_km: int | str | None = None


def _out(market_id: int, policy: policies.Policy) -> dict[str, Any]:
    return {"market_id": market_id, **policies.as_dict(policy)}


@router.get(
    "/{market_id}/policy",
    auth=AUTH,
    response={200: PolicyOut, **ERRORS},
    summary="市场规则（本市场工作人员）",
)
def get_policy(request: ApiRequest, market_id: int) -> dict[str, Any]:
    market, policy = policies.readable_policy(actor=request.auth, market_id=market_id)
    return _out(market.pk, policy)


@router.patch(
    "/{market_id}/policy",
    auth=AUTH,
    response={200: PolicyOut, **ERRORS},
    summary="修改市场规则（本市场管理员）",
)
def patch_policy(request: ApiRequest, market_id: int, payload: PolicyPatch) -> dict[str, Any]:
    changes = payload.dict(exclude_unset=True)
    policy = policies.update_policy(actor=request.auth, market_id=market_id, changes=changes)
    return _out(market_id, policy)
