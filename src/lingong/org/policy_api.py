"""``GET/PATCH /api/v1/markets/{id}/policy``: a market's business rules (read by its staff, changed by its
market admins; each change is a new version with its before/after in the market's audit chain).
``GET/PUT /api/v1/markets/{id}/area``: its served area, the same way (``lingong.org.area.update_area``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ninja import Field, Router, Schema

from lingong.accounts.auth import AUTH, ApiRequest
from lingong.core.schemas import ERRORS
from lingong.org import area as areas
from lingong.org import policy as policies

router = Router(tags=["市场规则"])


class MarketPolicyOut(Schema):
    market_id: int
    version: int
    no_show_minutes: int
    geofence_meters: int
    late_cancel_hours: int
    min_shift_hours: Decimal
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
    quick_recruit_start_radius_km: int
    quick_recruit_offer_minutes: int
    review_sla_urgent_hours: int
    review_sla_hours: int
    verification_sla_hours: int
    auto_publish_enabled: bool
    auto_publish_history_days: int
    screening_hold_score: int
    screening_flag_score: int
    rights_request_sla_days: int
    invitations_per_employer_per_day: int
    complaint_ack_working_days: int
    mediation_days: int
    complaint_escalation_hours: int
    agreement_payment_grace_days: int
    limitation_warning_days: int
    consultation_reminder_hours: int
    skill_gap_radius_km: int
    training_hire_window_days: int
    housekeeping_offer_minutes: int
    housekeeping_radius_km: int
    housekeeping_free_cancel_hours: int
    housekeeping_cancel_fee_percent: Decimal
    housekeeping_recurring_horizon_days: int


class MarketPolicyPatch(Schema):
    """Only the rules to change. Numbers may be sent as numbers or strings; the server checks the ranges."""

    no_show_minutes: int | str | None = None
    geofence_meters: int | str | None = None
    late_cancel_hours: int | str | None = None
    min_shift_hours: Decimal | str | None = None
    arrears_grace_days: int | str | None = None
    vat_threshold_per_day: Decimal | str | None = None
    max_pay: Decimal | str | None = None
    insurance_premium_per_day: Decimal | str | None = None
    insurance_death_disability_sum: Decimal | str | None = None
    insurance_medical_sum: Decimal | str | None = None
    insurer_name: str | None = Field(None, max_length=100)
    rating_edit_days: int | str | None = None
    rating_prior_mean: Decimal | str | None = None
    rating_prior_weight: int | str | None = None
    over_invite_factor: Decimal | str | None = None
    wave_interval_minutes: int | str | None = None
    radius_cap_km: int | str | None = None
    quick_recruit_start_radius_km: int | str | None = None
    quick_recruit_offer_minutes: int | str | None = None
    review_sla_urgent_hours: int | str | None = None
    review_sla_hours: int | str | None = None
    verification_sla_hours: int | str | None = None
    auto_publish_enabled: bool | str | None = None
    auto_publish_history_days: int | str | None = None
    screening_hold_score: int | str | None = None
    screening_flag_score: int | str | None = None
    rights_request_sla_days: int | str | None = None
    invitations_per_employer_per_day: int | str | None = None
    complaint_ack_working_days: int | str | None = None
    mediation_days: int | str | None = None
    complaint_escalation_hours: int | str | None = None
    agreement_payment_grace_days: int | str | None = None
    limitation_warning_days: int | str | None = None
    consultation_reminder_hours: int | str | None = None
    skill_gap_radius_km: int | str | None = None
    training_hire_window_days: int | str | None = None
    housekeeping_offer_minutes: int | str | None = None
    housekeeping_radius_km: int | str | None = None
    housekeeping_free_cancel_hours: int | str | None = None
    housekeeping_cancel_fee_percent: Decimal | str | None = None
    housekeeping_recurring_horizon_days: int | str | None = None


def _out(market_id: int, policy: policies.Policy) -> dict[str, Any]:
    return {"market_id": market_id, **policies.as_dict(policy)}


@router.get(
    "/{market_id}/policy",
    auth=AUTH,
    response={200: MarketPolicyOut, **ERRORS},
    summary="市场规则（本市场工作人员）",
)
def get_policy(request: ApiRequest, market_id: int) -> dict[str, Any]:
    market, policy = policies.readable_policy(actor=request.auth, market_id=market_id)
    return _out(market.pk, policy)


@router.patch(
    "/{market_id}/policy",
    auth=AUTH,
    response={200: MarketPolicyOut, **ERRORS},
    summary="修改市场规则（本市场管理员）",
)
def patch_policy(request: ApiRequest, market_id: int, payload: MarketPolicyPatch) -> dict[str, Any]:
    changes = payload.dict(exclude_unset=True)
    policy = policies.update_policy(actor=request.auth, market_id=market_id, changes=changes)
    return _out(market_id, policy)


# --- The served area ------------------------------------------------------------------------------------

_ORDER = "Points are GeoJSON-ordered [lon, lat] (longitude first), as stored and as GeoJSON files give them."


class AreaBox(Schema):
    min_lat: Any = Field(..., description="Southern edge, degrees (3 to 54).")
    max_lat: Any = Field(..., description="Northern edge, degrees (3 to 54); above min_lat.")
    min_lon: Any = Field(..., description="Western edge, degrees (73 to 136).")
    max_lon: Any = Field(..., description="Eastern edge, degrees (73 to 136); above min_lon.")


class AreaOut(Schema):
    market_id: int
    version: int = Field(..., description="Grows by one with each change (Market.area_version).")
    source: str = Field(..., description="market: its own area; city_default: its city's default area.")
    kind: str = Field(..., description="polygon or box.")
    datum: str = Field(..., description="wgs84 or gcj02: the datum the points are in.")
    polygon: list[list[list[float]]] | None = Field(
        None, description=f"Rings, the outline first and holes after, each closed. {_ORDER}"
    )
    box: dict[str, float] | None = Field(None, description="{min_lat, max_lat, min_lon, max_lon}.")
    bbox: list[float] | None = Field(None, description="[west, south, east, north] bounding the area.")
    rings: int | None = None
    points: int | None = None
    sha256: str | None = Field(None, description="SHA-256 of the canonical JSON of the area and datum.")


class AreaPut(Schema):
    """Exactly one of polygon and box. Checked by the server (closed rings of at least 4 points, inside
    China's rough bounds, no zero-area ring, at most 20 rings and 5,000 points; min below max for a box)."""

    datum: Any = Field(..., description="wgs84 or gcj02: the datum the points are in.")
    polygon: Any = Field(
        None,
        description=f"Rings [[[lon, lat], ...], ...]: the outline first, holes after, each closed. {_ORDER}",
    )
    box: Any = Field(None, description="{min_lat, max_lat, min_lon, max_lon} in degrees.")


@router.get(
    "/{market_id}/area",
    auth=AUTH,
    response={200: AreaOut, **ERRORS},
    summary="服务范围（本市场工作人员）",
)
def get_area(request: ApiRequest, market_id: int) -> dict[str, Any]:
    return areas.describe(areas.readable_area(actor=request.auth, market_id=market_id))


@router.put(
    "/{market_id}/area",
    auth=AUTH,
    response={200: AreaOut, **ERRORS},
    summary="修改服务范围（本市场管理员）",
    description=(
        "Replaces the served area. 422 for a bad area; 409 area_excludes_existing when the new area "
        "leaves out the market's centres, stations or open jobs. " + _ORDER
    ),
)
def put_area(request: ApiRequest, market_id: int, payload: AreaPut) -> dict[str, Any]:
    market = areas.update_area(
        actor=request.auth,
        market_id=market_id,
        area={"polygon": payload.polygon, "box": payload.box},
        datum=payload.datum,
    )
    return areas.describe(market)
