"""Earnings from confirmed attendance, by pay unit. Pure functions over Decimals; no database.

Rules (shown on every statement line, so a worker can check them by hand):
- hour: hours up to the daily hours at the hourly rate, hours beyond at the overtime rate (the hourly
  rate when the posting set none);
- day: the day rate for a full day, a proportional part for a shorter day, overtime hours beyond the
  daily hours;
- piece: confirmed quantity times the piece rate (no overtime);
- month: the monthly pay times the confirmed working days over the scheduled working days of that
  calendar month, plus overtime hours.
Every line is rounded to the fen (half up) once; the total is the sum of the rounded lines.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
# The statutory average of working days per month (人社部发〔2008〕3号), for a month-paid hourly equivalent.
WORKING_DAYS_PER_MONTH = Decimal("21.75")


def to_fen(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def hourly_equivalent(pay_amount: Decimal, pay_unit: str, daily_hours: Decimal) -> Decimal:
    """The pay for one hour; 0 for piece work, where time is not what is paid."""
    hours = Decimal(daily_hours) if daily_hours else Decimal(8)
    if pay_unit == "hour":
        return Decimal(pay_amount)
    if pay_unit == "day":
        return Decimal(pay_amount) / hours
    if pay_unit == "month":
        return Decimal(pay_amount) / (WORKING_DAYS_PER_MONTH * hours)
    return Decimal(0)


@dataclass(frozen=True)
class Terms:
    pay_amount: Decimal
    pay_unit: str  # hour / day / piece / month
    daily_hours: Decimal
    overtime_rate: Decimal | None = None  # yuan per hour beyond the daily hours; None = the hourly equivalent


@dataclass(frozen=True)
class WorkDay:
    date: dt.date
    hours: Decimal
    quantity: Decimal | None = None


@dataclass(frozen=True)
class EarningLine:
    date: dt.date | None  # None for a monthly line
    description: str
    quantity: Decimal
    unit_label: str
    unit_price: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Earnings:
    lines: tuple[EarningLine, ...]

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))


def _overtime_line(terms: Terms, day: WorkDay) -> EarningLine | None:
    extra = day.hours - terms.daily_hours
    if extra <= 0:
        return None
    rate = terms.overtime_rate
    if rate is None:
        rate = hourly_equivalent(terms.pay_amount, terms.pay_unit, terms.daily_hours)
    return EarningLine(
        date=day.date,
        description="加班",
        quantity=extra,
        unit_label="小时",
        unit_price=to_fen(rate),
        amount=to_fen(extra * rate),
    )


def _hourly_lines(terms: Terms, day: WorkDay) -> list[EarningLine]:
    regular = min(day.hours, terms.daily_hours)
    lines = [
        EarningLine(
            day.date, "计时工资", regular, "小时", terms.pay_amount, to_fen(regular * terms.pay_amount)
        )
    ]
    overtime = _overtime_line(terms, day)
    return [*lines, overtime] if overtime else lines


def _daily_lines(terms: Terms, day: WorkDay) -> list[EarningLine]:
    share = min(day.hours, terms.daily_hours) / terms.daily_hours
    description = "日工资" if share == 1 else f"日工资（按 {day.hours} / {terms.daily_hours} 小时折算）"
    lines = [
        EarningLine(day.date, description, share, "天", terms.pay_amount, to_fen(share * terms.pay_amount))
    ]
    overtime = _overtime_line(terms, day)
    return [*lines, overtime] if overtime else lines


def _piece_lines(terms: Terms, day: WorkDay) -> list[EarningLine]:
    quantity = day.quantity or Decimal(0)
    return [
        EarningLine(
            day.date, "计件工资", quantity, "件", terms.pay_amount, to_fen(quantity * terms.pay_amount)
        )
    ]


def _monthly_lines(
    terms: Terms, days: Sequence[WorkDay], scheduled: dict[tuple[int, int], int]
) -> list[EarningLine]:
    by_month: dict[tuple[int, int], list[WorkDay]] = defaultdict(list)
    for day in days:
        by_month[(day.date.year, day.date.month)].append(day)
    lines: list[EarningLine] = []
    for (year, month), worked in sorted(by_month.items()):
        planned = max(scheduled.get((year, month), len(worked)), len(worked))
        share = Decimal(len(worked)) / Decimal(planned)
        lines.append(
            EarningLine(
                date=None,
                description=f"{year}年{month}月 月薪（出勤 {len(worked)} / 应出勤 {planned} 天）",
                quantity=to_fen(share),
                unit_label="月",
                unit_price=terms.pay_amount,
                amount=to_fen(share * terms.pay_amount),
            )
        )
        lines.extend(line for day in worked if (line := _overtime_line(terms, day)))
    return lines


def compute_earnings(
    terms: Terms, days: Sequence[WorkDay], scheduled_days_per_month: dict[tuple[int, int], int] | None = None
) -> Earnings:
    """Lines for the confirmed work days given. ``scheduled_days_per_month`` is only used for monthly pay."""
    if terms.daily_hours <= 0:
        raise ValueError("daily_hours must be positive")
    ordered = sorted(days, key=lambda d: d.date)
    if terms.pay_unit == "month":
        return Earnings(tuple(_monthly_lines(terms, ordered, scheduled_days_per_month or {})))
    per_day = {"hour": _hourly_lines, "day": _daily_lines, "piece": _piece_lines}.get(terms.pay_unit)
    if per_day is None:
        raise ValueError(f"cannot pay unit {terms.pay_unit!r}")
    return Earnings(tuple(line for day in ordered for line in per_day(terms, day)))
