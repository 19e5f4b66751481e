"""Paid time of a shift from its check-in and check-out. Pure functions; no database.

The rule (shown to the worker before a short check-out and on the engagement page):
- paid time starts at the later of the shift start and the check-in: arriving early is not paid, unless
  the employer confirmed the early start, in which case it starts at the check-in;
- it ends at the earlier of the shift end and the check-out: staying late is not paid, unless the
  employer confirmed it (overtime), in which case it ends at the check-out;
- a check-out before the paid start gives zero hours, never a negative number;
- hours are rounded to the hundredth (half up), as everywhere hours are shown and paid.
The check-in and check-out themselves are stored as they happened.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class PaidTime:
    start: dt.datetime
    end: dt.datetime  # never before start

    @property
    def hours(self) -> Decimal:
        return hours_between(self.start, self.end)


def hours_between(start: dt.datetime, end: dt.datetime) -> Decimal:
    """Hours from ``start`` to ``end`` to the hundredth, zero when ``end`` is not after ``start``."""
    seconds = max(0, int((end - start).total_seconds()))
    return (Decimal(seconds) / Decimal(3600)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def paid_time(
    *,
    shift_start: dt.datetime,
    shift_end: dt.datetime,
    check_in: dt.datetime,
    check_out: dt.datetime,
    early_start_confirmed: bool = False,
    late_finish_confirmed: bool = False,
) -> PaidTime:
    """The paid interval of one shift (see the module's rule)."""
    start = check_in if early_start_confirmed else max(shift_start, check_in)
    end = check_out if late_finish_confirmed else min(shift_end, check_out)
    return PaidTime(start=start, end=max(start, end))
