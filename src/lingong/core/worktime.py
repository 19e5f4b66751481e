"""Daily working times: the window between the start and end times and whether the daily hours fit in it.

Pure functions over ``datetime.time`` and ``Decimal``; the job form, the posting service and a change of
an engagement's terms all check the same rule with them. A window whose end is not after its start is a
night shift that ends the next morning (the engagement's shifts are built the same way), except equal
times, which are refused: they would be a 24-hour day.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _


def window_minutes(start: dt.time, end: dt.time) -> int:
    """Minutes from ``start`` to ``end``, across midnight when ``end`` is not after ``start``."""
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return minutes if minutes > 0 else minutes + 24 * 60


def window_hours(start: dt.time, end: dt.time) -> Decimal:
    return Decimal(window_minutes(start, end)) / Decimal(60)


def daily_hours_problem(start: dt.time | None, end: dt.time | None, hours: Decimal | None) -> str | None:
    """Why ``hours`` a day cannot be worked between ``start`` and ``end`` (Chinese), or None when they can.

    Without both times there is no window to check (the shifts then run ``hours`` from 08:00)."""
    if start is None or end is None or hours is None:
        return None
    if (start.hour, start.minute) == (end.hour, end.minute):
        return _("上班和下班时间不能相同")
    window = window_hours(start, end)
    if Decimal(hours) > window:
        overnight = _("（跨夜）") if end <= start else ""
        return _(
            "每日工时 %(hours)s 小时超过了上下班时间 %(start)s–%(end)s%(overnight)s 的 %(window)s 小时，"
            "请缩短工时或调整上下班时间"
        ) % {
            "hours": _plain(Decimal(hours)),
            "start": start.strftime("%H:%M"),
            "end": end.strftime("%H:%M"),
            "overnight": overnight,
            "window": _plain(window),
        }
    return None


def _plain(value: Decimal) -> str:
    """8 rather than 8.0 or 8.00; 4.5 stays 4.5; a window of 5h20m reads 5.33."""
    return f"{value.quantize(Decimal('0.01')).normalize():f}"


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """``start`` (local time) moved on by ``days`` working days, Monday to Friday.

    The public-holiday calendar (and its make-up working weekends) is not known to the platform yet, so a
    deadline that falls in a holiday week comes early rather than late."""
    value = timezone.localtime(start)
    while days > 0:
        value += dt.timedelta(days=1)
        if value.weekday() < 5:
            days -= 1
    return value
