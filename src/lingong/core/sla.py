"""Service-level clocks for work queues: how long an item has waited, its deadline, whether it is overdue.

The allowed time comes from the caller (the market's policy for reviews); this module only does the
arithmetic and the Chinese wording, so pages and the API say the same thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class SlaClock:
    started: dt.datetime
    allowed: dt.timedelta
    now: dt.datetime

    @property
    def deadline(self) -> dt.datetime:
        return self.started + self.allowed

    @property
    def waited(self) -> dt.timedelta:
        return max(self.now - self.started, dt.timedelta(0))

    @property
    def waited_minutes(self) -> int:
        return int(self.waited.total_seconds() // 60)

    @property
    def overdue(self) -> bool:
        return self.now > self.deadline

    @property
    def overdue_by(self) -> dt.timedelta:
        return max(self.now - self.deadline, dt.timedelta(0))

    @property
    def remaining(self) -> dt.timedelta:
        return max(self.deadline - self.now, dt.timedelta(0))

    @property
    def waited_display(self) -> str:
        return format_duration(self.waited)

    @property
    def remaining_display(self) -> str:
        return format_duration(self.remaining)

    @property
    def overdue_display(self) -> str:
        return format_duration(self.overdue_by)

    @property
    def deadline_display(self) -> str:
        """The deadline in local time: the time alone when it is today, else with the date."""
        local = timezone.localtime(self.deadline)
        if local.date() == timezone.localtime(self.now).date():
            return local.strftime("%H:%M")
        return local.strftime("%m-%d %H:%M")


def clock(started: dt.datetime, allowed: dt.timedelta, now: dt.datetime | None = None) -> SlaClock:
    return SlaClock(started=started, allowed=allowed, now=now or timezone.now())


def format_duration(value: dt.timedelta) -> str:
    """ "2天3小时", "3小时12分", "12分钟": the two largest units a person reads at a glance."""
    minutes = int(value.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days and hours:
        return _("%(d)d天%(h)d小时") % {"d": days, "h": hours}
    if days:
        return _("%(d)d天") % {"d": days}
    if hours and minutes:
        return _("%(h)d小时%(m)d分") % {"h": hours, "m": minutes}
    if hours:
        return _("%(h)d小时") % {"h": hours}
    return _("%(m)d分钟") % {"m": minutes}
