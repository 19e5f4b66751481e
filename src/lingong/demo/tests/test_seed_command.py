"""The seed and demo_logins commands on an empty database: refused options, --if-empty, logins before a
seed, and a seed run just after midnight (each test seeds its own market, unlike test_seed.py)."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from lingong.demo.cast import JIANG_PHONE, LI_PHONE
from lingong.demo.tests.seeded.test_seed import _added_cooks, engagements_of, seed
from lingong.demo.tests.seeding import WORKERS
from lingong.engagements.models import AttendanceCase, EngagementStatus
from lingong.org.models import Market
from lingong.settlement.models import Statement, StatementStatus
from lingong.workers.models import WorkerProfile


@pytest.mark.parametrize(
    "args",
    [["--workers", "5"], ["--reset", "--if-empty"]],
    ids=["too-small", "reset-and-if-empty"],
)
def test_bad_options_are_refused(db: Any, args: list[str]) -> None:
    with pytest.raises(CommandError):
        seed(*args)
    assert not Market.objects.exists()


def test_if_empty_builds_an_empty_database(db: Any) -> None:
    out = seed("--if-empty")
    assert "演示数据已生成" in out
    assert WorkerProfile.objects.count() == WORKERS + _added_cooks(out)


def test_demo_logins_without_a_base_url_prints_the_path_and_how_to_set_it(db: Any, settings: Any) -> None:
    settings.SITE_URL = ""
    out = StringIO()
    call_command("demo_logins", stdout=out)
    first = out.getvalue().splitlines()[0]
    assert "服务器地址 + /accounts/login/" in first
    assert "SITE_URL" in first
    assert "8000" not in first


def test_demo_logins_before_seeding_points_to_seed(db: Any) -> None:
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "python manage.py seed" in out.getvalue()


def test_a_seed_just_after_midnight_still_pays_li_and_starts_his_formwork_tomorrow(db: Any) -> None:
    """At 00:10 only ten minutes of today are over: the painting ends now, the formwork starts tomorrow."""
    at = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(0, 10)))
    with mock.patch("django.utils.timezone.now", return_value=at):
        out = seed()
        mine = engagements_of(LI_PHONE)
        assert set(mine) == {EngagementStatus.RATED, EngagementStatus.INSURED}
        shift = mine[EngagementStatus.RATED].shifts.get()
        assert (shift.check_in_at, shift.check_out_at) == (at - dt.timedelta(minutes=10), at)
        assert Statement.objects.get(engagement=mine[EngagementStatus.RATED]).status == StatementStatus.PAID
        formwork = mine[EngagementStatus.INSURED].shifts.order_by("date").first()
        assert formwork is not None and formwork.date == at.date() + dt.timedelta(days=1)
        jiang = engagements_of(JIANG_PHONE)[EngagementStatus.INSURED].shifts.order_by("starts_at").first()
        assert jiang is not None and jiang.starts_at - dt.timedelta(hours=2) <= at <= jiang.ends_at
    assert "用工单 4 个" in out
    assert AttendanceCase.objects.count() == 0
