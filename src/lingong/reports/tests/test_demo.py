"""The demo market gives a report with figures for this month and the previous one, whatever the day of the
month the demo is built on."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from lingong.accounts.models import User
from lingong.demo.cast import ADMIN_PHONE
from lingong.reports.figures import monthly_report
from lingong.reports.period import LOCAL, current_month
from lingong.reports.units import default_unit

# Large enough to have a few postings that ended last month (one in ten postings ends).
SCALE = ["--stations", "6", "--enterprises", "40", "--workers", "150", "--jobs", "200", "--quiet"]


def _at(which: str) -> dt.datetime:
    month = current_month()
    if which == "first":
        return dt.datetime(month.year, month.month, 1, 0, 10, tzinfo=LOCAL)
    if which == "last":
        day = month.last_day
        return dt.datetime(day.year, day.month, day.day, 23, 50, tzinfo=LOCAL)
    return timezone.now()


@pytest.mark.parametrize("which", ["now", "first", "last"])
def test_the_demo_report_is_not_empty_this_month_or_last(db: Any, which: str) -> None:
    with mock.patch("django.utils.timezone.now", return_value=_at(which)):
        call_command("seed", *SCALE, stdout=StringIO())
        unit = default_unit(User.objects.get(phone=ADMIN_PHONE))
        this = monthly_report(unit, current_month())
        last = monthly_report(unit, current_month().previous())
    for report in (this, last):
        h = report.headline
        assert h.postings_published > 0 and h.places_offered > 0 and h.applications > 0, report.month
        assert any(r.postings for r in report.by_district) and any(r.postings for r in report.by_occupation)
        assert sum(g.applications for g in report.by_target_group) >= h.applications
    # The demo's engagement chain runs today: its placement, pay and cover are this month's.
    assert this.headline.placements >= 1
    assert this.headline.wages_settled > 0
    assert this.headline.insured_engagements >= 1
