"""The paid-time rule as interval arithmetic (no database): properties over shift, check-in, check-out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from lingong.engagements.paid_time import hours_between, paid_time

BASE = dt.datetime(2026, 12, 3, 17, 0, tzinfo=dt.UTC)

minutes = st.integers(min_value=-24 * 60, max_value=24 * 60)
lengths = st.integers(min_value=30, max_value=16 * 60)
stays = st.integers(min_value=0, max_value=24 * 60)


def _at(m: int) -> dt.datetime:
    return BASE + dt.timedelta(minutes=m)


@given(lengths, minutes, stays)
def test_unconfirmed_paid_time_is_the_overlap_of_shift_and_attendance(length, arrive, stay):
    start, end, check_in, check_out = _at(0), _at(length), _at(arrive), _at(arrive + stay)
    paid = paid_time(shift_start=start, shift_end=end, check_in=check_in, check_out=check_out)
    overlap = max(dt.timedelta(0), min(end, check_out) - max(start, check_in))
    assert paid.end - paid.start == overlap
    assert start <= paid.start and paid.end <= max(end, paid.start)
    assert Decimal(0) <= paid.hours <= hours_between(start, end)
    assert paid.hours <= hours_between(check_in, check_out)  # never more than was worked


@given(lengths, minutes, stays, st.booleans(), st.booleans())
def test_confirming_extra_time_only_adds_the_time_outside_the_shift(length, arrive, stay, early, late):
    start, end, check_in, check_out = _at(0), _at(length), _at(arrive), _at(arrive + stay)
    plain = paid_time(shift_start=start, shift_end=end, check_in=check_in, check_out=check_out)
    confirmed = paid_time(
        shift_start=start,
        shift_end=end,
        check_in=check_in,
        check_out=check_out,
        early_start_confirmed=early,
        late_finish_confirmed=late,
    )
    assert confirmed.hours >= plain.hours
    assert confirmed.hours <= hours_between(check_in, check_out)
    if early:
        assert confirmed.start == check_in
    if early and late:
        assert confirmed.hours == hours_between(check_in, check_out)  # every minute worked counts


def test_the_reported_case_is_paid_from_the_shift_start():
    # Checked in at 16:09 for a 17:00 shift, out at 21:30: paid 17:00-21:30.
    paid = paid_time(shift_start=_at(0), shift_end=_at(270), check_in=_at(-51), check_out=_at(270))
    assert (paid.start, paid.end, paid.hours) == (_at(0), _at(270), Decimal("4.50"))
    # Checked out a minute after checking in, before the start: zero, not negative.
    assert paid_time(shift_start=_at(0), shift_end=_at(270), check_in=_at(-51), check_out=_at(-50)).hours == 0
