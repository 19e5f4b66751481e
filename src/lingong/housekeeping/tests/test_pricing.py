"""Quotes: each price rule, the minimum and maximum, rounding to the fen, and the visit's end."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from lingong.core.errors import InvalidInput
from lingong.engagements.earnings import Terms, WorkDay, compute_earnings
from lingong.housekeeping import orchestrator, pricing
from lingong.housekeeping.models import Booking, HousekeepingService, PriceRule
from lingong.taxonomy.models import PayUnit

START = timezone.make_aware(dt.datetime(2026, 12, 8, 9, 0))


def service(code: str, **overrides: Any) -> HousekeepingService:
    entry = dict(next(e for e in pricing.default_catalogue() if e["code"] == code))
    entry.pop("certificates")
    entry["occupation_id"] = entry.pop("occupation")
    entry.update(overrides)
    return HousekeepingService(**entry)


def test_default_catalogue_has_the_seven_services_with_health_certificate() -> None:
    entries = pricing.default_catalogue()
    assert [e["name"] for e in entries] == [
        "日常保洁",
        "深度保洁",
        "家电清洗",
        "护工",
        "育儿嫂",
        "月嫂",
        "保姆",
    ]
    assert all("health_certificate" in e["certificates"] for e in entries)
    by_code = {e["code"]: e for e in entries}
    assert "maternity_care_skill" in by_code["maternity_care"]["certificates"]
    assert "infant_care_skill" in by_code["childcare"]["certificates"]
    assert "elderly_care_skill" in by_code["elder_care"]["certificates"]
    assert (
        by_code["maternity_care"]["price_rule"] == PriceRule.TERM
        and by_code["maternity_care"]["term_days"] == 26
    )
    assert by_code["live_in_nanny"]["live_in"] and by_code["live_in_nanny"]["price_rule"] == PriceRule.MONTHLY
    assert by_code["hourly_cleaning"]["min_quantity"] == 2
    for e in entries:
        assert e["min_quantity"] <= e["max_quantity"] and e["service_start"] < e["service_end"]


def test_hourly_is_hours_times_price_and_ends_after_the_hours() -> None:
    q = pricing.quote(service("hourly_cleaning"), "3", START)
    assert q.total == Decimal("150.00") and isinstance(q.total, Decimal)
    assert q.ends_at == START + dt.timedelta(hours=3)
    assert q.lines_json() == [{"label": "日常保洁 3 小时 × 50.00 元", "amount": "150.00"}]


def test_hourly_half_hours() -> None:
    q = pricing.quote(service("hourly_cleaning"), Decimal("2.5"), START)
    assert q.total == Decimal("125.00") and q.ends_at == START + dt.timedelta(minutes=150)


@pytest.mark.parametrize("quantity", ["1", "1.5", "0", "-2"])
def test_hourly_below_the_minimum_is_refused(quantity: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        pricing.quote(service("hourly_cleaning"), quantity, START)
    assert exc.value.status == 422
    assert "quantity" in exc.value.errors
    if Decimal(quantity) > 0:
        assert exc.value.message == "最少预约2小时" and exc.value.code == "below_minimum"


def test_above_the_maximum_is_refused() -> None:
    with pytest.raises(InvalidInput) as exc:
        pricing.quote(service("hourly_cleaning"), "8.5", START)
    assert exc.value.code == "above_maximum" and exc.value.message == "最多预约8小时"


@pytest.mark.parametrize("raw", ["", "abc", "NaN", "Infinity", None])
def test_a_quantity_that_is_not_a_number_is_refused(raw: Any) -> None:
    with pytest.raises(InvalidInput) as exc:
        pricing.quote(service("hourly_cleaning"), raw, START)
    assert exc.value.errors["quantity"]


def test_area_is_square_metres_times_price_with_its_minimum_and_length() -> None:
    q = pricing.quote(service("deep_cleaning"), 90, START)
    assert q.total == Decimal("720.00")
    assert q.ends_at == START + dt.timedelta(minutes=270)
    with pytest.raises(InvalidInput) as exc:
        pricing.quote(service("deep_cleaning"), 39, START)
    assert exc.value.message == "最少预约40平方米"


def test_unit_is_appliances_times_price_and_must_be_whole() -> None:
    q = pricing.quote(service("appliance_cleaning"), 2, START)
    assert q.total == Decimal("240.00") and q.ends_at == START + dt.timedelta(minutes=180)
    with pytest.raises(InvalidInput):
        pricing.quote(service("appliance_cleaning"), "1.5", START)
    with pytest.raises(InvalidInput):
        pricing.quote(service("appliance_cleaning"), 7, START)


def test_term_is_its_days_at_the_day_rate() -> None:
    q = pricing.quote(service("maternity_care"), 2, START)
    assert pricing.day_rate(service("maternity_care")) == Decimal("492.31")  # 12800 / 26 = 492.307...
    assert q.total == Decimal("492.31") * 52 == Decimal("25600.12")
    assert q.ends_at == START + dt.timedelta(days=52)
    label = q.lines[0].label
    assert "12800.00 元/26天" in label and "492.31 元 × 52 天" in label


def test_monthly_is_its_days_at_the_day_rate() -> None:
    q = pricing.quote(service("live_in_nanny"), 3, START)
    assert q.total == Decimal("183.33") * 90 == Decimal("16499.70")
    assert q.ends_at == START + dt.timedelta(days=90)


@settings(max_examples=200, deadline=None)
@given(
    rule=st.sampled_from([PriceRule.TERM, PriceRule.MONTHLY]),
    cents=st.integers(min_value=100, max_value=5_000_000),
    period=st.integers(min_value=1, max_value=60),
    quantity=st.integers(min_value=1, max_value=3),
    hour=st.integers(min_value=0, max_value=23),
)
def test_a_term_booking_pays_exactly_its_quote_day_by_day(
    rule: str, cents: int, period: int, quantity: int, hour: int
) -> None:
    """Whatever the price and period, the worker's daily pay over the whole term is the quote to the fen."""
    svc = service(
        "maternity_care",
        price_rule=rule,
        unit_price=Decimal(cents) / 100,
        term_days=period,
        max_quantity=Decimal(3),
    )
    starts_at = START.replace(hour=hour)
    q = pricing.quote(svc, quantity, starts_at)
    booking = Booking(service=svc, starts_at=q.starts_at, ends_at=q.ends_at, quoted_price=q.total)
    rate, unit, days = orchestrator._pay(booking)
    assert days == period * quantity
    assert rate * days == q.total
    if days > 1:
        assert unit == PayUnit.DAY
        worked = [WorkDay(starts_at.date() + dt.timedelta(days=i), Decimal(24)) for i in range(days)]
        assert compute_earnings(Terms(rate, unit, Decimal(24)), worked).total == q.total
    else:
        assert unit == PayUnit.PIECE


def test_rounding_is_half_up_to_the_fen() -> None:
    svc = service("deep_cleaning", unit_price=Decimal("8.335"), min_quantity=Decimal("1"))
    assert pricing.quote(svc, 1, START).total == Decimal("8.34")  # half up, not to even
    svc = service("hourly_cleaning", unit_price=Decimal("33.33"))
    assert pricing.quote(svc, "2.5", START).total == Decimal("83.33")  # 83.325 -> 83.33
    svc = service("hourly_cleaning", unit_price=Decimal("0.01"))
    assert pricing.quote(svc, "2.5", START).total == Decimal("0.03")  # 0.025 -> 0.03


def test_price_display() -> None:
    assert pricing.price_display(service("hourly_cleaning")) == "50.00 元/小时"
    assert pricing.price_display(service("maternity_care")) == "12800.00 元/周期（26天）"
