"""Review clocks: waited, deadline, overdue, and the way they read."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lingong.core.sla import clock, format_duration

START = dt.datetime(2026, 12, 3, 1, 0, tzinfo=dt.UTC)  # 09:00 in Shanghai


def test_durations_read_in_the_two_largest_units() -> None:
    assert format_duration(dt.timedelta(minutes=0)) == "0分钟"
    assert format_duration(dt.timedelta(minutes=12, seconds=59)) == "12分钟"
    assert format_duration(dt.timedelta(hours=3)) == "3小时"
    assert format_duration(dt.timedelta(hours=3, minutes=12)) == "3小时12分"
    assert format_duration(dt.timedelta(days=2)) == "2天"
    assert format_duration(dt.timedelta(days=2, hours=5, minutes=40)) == "2天5小时"


def test_a_clock_within_its_time() -> None:
    c = clock(START, dt.timedelta(hours=2), START + dt.timedelta(minutes=45))
    assert not c.overdue
    assert (c.waited_display, c.remaining_display, c.overdue_display) == ("45分钟", "1小时15分", "0分钟")
    assert c.deadline_display == "11:00"  # today in Shanghai: the time alone


def test_an_overdue_clock() -> None:
    c = clock(START, dt.timedelta(hours=24), START + dt.timedelta(hours=30))
    assert c.overdue and c.overdue_display == "6小时" and c.remaining == dt.timedelta(0)
    assert c.deadline_display == "09:00"  # the deadline was this morning
    tomorrow = clock(START, dt.timedelta(hours=24), START + dt.timedelta(hours=10))
    assert tomorrow.deadline_display == "12-04 09:00"  # another day: with the date


def test_the_clock_defaults_to_now() -> None:
    c = clock(timezone.now() - dt.timedelta(minutes=5), dt.timedelta(hours=1))
    assert c.waited_display in {"4分钟", "5分钟"}
