"""A report's month: ``YYYY-MM`` on the local (Asia/Shanghai) calendar, as a half-open range of aware times.

Every figure filters ``start <= time < end`` on an indexed column, so a row stamped at 23:30 local time on
the last day of the month counts in that month whatever the database's own time zone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.core.errors import InvalidInput

LOCAL = ZoneInfo("Asia/Shanghai")
MONTH_RE = re.compile(r"(\d{4})-(\d{2})")
FIRST_YEAR = 2000


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return self.next().first_day - dt.timedelta(days=1)

    @property
    def start(self) -> dt.datetime:
        """The first instant of the month, local time."""
        return dt.datetime(self.year, self.month, 1, tzinfo=LOCAL)

    @property
    def end(self) -> dt.datetime:
        """The first instant after the month (exclusive bound)."""
        return self.next().start

    def days(self) -> list[dt.date]:
        first = self.first_day
        return [first + dt.timedelta(days=i) for i in range(self.last_day.day)]

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def contains(self, moment: dt.datetime) -> bool:
        return self.start <= moment < self.end


def current_month(now: dt.datetime | None = None) -> Month:
    today = timezone.localtime(now or timezone.now(), LOCAL).date()
    return Month(today.year, today.month)


def parse_month(value: Any, *, now: dt.datetime | None = None) -> Month:
    """``YYYY-MM`` (blank: this month). Refuses a malformed month and a month that has not begun (422)."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        return current_month(now)
    match = MONTH_RE.fullmatch(text)
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < FIRST_YEAR:
        raise InvalidInput(
            _("月份格式应为 YYYY-MM，如 2026-11。"),
            code="invalid_month",
            errors={"month": [_("月份无效")]},
        )
    month = Month(int(match.group(1)), int(match.group(2)))
    if month.start > current_month(now).start:
        raise InvalidInput(
            _("%(month)s 尚未开始，不能生成报表。") % {"month": month.label},
            code="future_month",
            errors={"month": [_("不能选择未来的月份")]},
        )
    return month
