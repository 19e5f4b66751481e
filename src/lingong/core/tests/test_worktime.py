"""Daily hours against the daily window: the rule the job form, the posting service and new terms share."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from lingong.core.worktime import daily_hours_problem, window_hours, window_minutes

times = st.times().map(lambda t: t.replace(second=0, microsecond=0))
hours = st.decimals(min_value=Decimal("0.5"), max_value=Decimal("16"), places=1)


def test_the_reported_contract_is_refused():
    problem = daily_hours_problem(dt.time(16, 30), dt.time(21, 30), Decimal("8"))
    assert problem is not None
    assert "8 小时" in problem and "16:30–21:30" in problem and "5 小时" in problem


def test_a_window_at_least_as_long_as_the_hours_is_fine():
    assert daily_hours_problem(dt.time(16, 30), dt.time(21, 30), Decimal("5")) is None
    assert daily_hours_problem(dt.time(8, 0), dt.time(18, 0), Decimal("8")) is None  # with breaks


def test_a_night_shift_crosses_midnight():
    assert window_hours(dt.time(22, 0), dt.time(6, 0)) == Decimal(8)
    assert daily_hours_problem(dt.time(22, 0), dt.time(6, 0), Decimal("8")) is None
    problem = daily_hours_problem(dt.time(22, 0), dt.time(4, 0), Decimal("8"))
    assert problem is not None and "跨夜" in problem


def test_equal_times_are_refused_and_missing_times_are_not_checked():
    assert daily_hours_problem(dt.time(8, 0), dt.time(8, 0), Decimal("1")) == "上班和下班时间不能相同"
    assert daily_hours_problem(None, None, Decimal("16")) is None
    assert daily_hours_problem(dt.time(8, 0), None, Decimal("16")) is None


@given(times, times)
def test_the_window_is_between_a_minute_and_a_day(start, end):
    minutes = window_minutes(start, end)
    assert 1 <= minutes <= 24 * 60
    if (start.hour, start.minute) != (end.hour, end.minute):
        assert minutes < 24 * 60
    # Walking the window from the start lands on the end.
    landed = dt.datetime.combine(dt.date(2026, 1, 1), start) + dt.timedelta(minutes=minutes)
    assert (landed.hour, landed.minute) == (end.hour, end.minute)


@given(times, times, hours)
def test_hours_are_refused_exactly_when_they_exceed_the_window(start, end, daily):
    problem = daily_hours_problem(start, end, daily)
    if (start.hour, start.minute) == (end.hour, end.minute):
        assert problem is not None
    else:
        assert (problem is None) == (daily <= window_hours(start, end))
