"""The drill replays the bank's story on the test demo: it ends filled, and rolls back by default."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

from lingong.jobs.models import JobPosting
from lingong.recruit.models import QuickRecruit

# On the package's demo market (seeding.SMALL has enough workers for 16 certified cooks, one in eight: eleven
# places filled though some decline), each test inside its own savepoint.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_seed")]


def test_the_drill_fills_eleven_places_and_leaves_the_demo_unchanged(seeded: str) -> None:
    """A drill is a draw of who opens, answers and declines: with the demo's supply it fills in all but an
    unlucky draw (which seeds are unlucky moves with anything that changes the demo's workers, such as the
    taxonomy's size), so four of five seeds must fill, each run rolled back."""
    before = (QuickRecruit.objects.count(), JobPosting.objects.count())
    filled_runs = []
    for seed in range(1, 6):
        out = StringIO()
        call_command("quick_recruit_drill", "--seed", str(seed), stdout=out)
        text = out.getvalue()
        assert re.search(r"T\+00:00 第1轮：半径 3 公里内邀请 \d+ 人", text), text
        assert "接单 -> 录用" in text and "接受录用" in text
        assert "已回滚" in text
        assert (QuickRecruit.objects.count(), JobPosting.objects.count()) == before
        filled = re.search(r"T\+(\d+):(\d\d) 招满：11/11，用时 (\d+) 分 (\d+) 秒", text)
        if filled:
            assert int(filled.group(1)) * 60 + int(filled.group(2)) == int(filled.group(3)) * 60 + int(
                filled.group(4)
            )
            filled_runs.append(seed)
        else:
            assert re.search(r"T\+120:00 未招满：\d+/11，状态 已截止", text), text
    assert len(filled_runs) >= 4, filled_runs


def test_keep_leaves_the_filled_campaign(seeded: str) -> None:
    call_command("quick_recruit_drill", "--seed", "7", "--headcount", "3", "--keep", stdout=StringIO())
    kept = QuickRecruit.objects.exclude(job__title__startswith="即时快招").get()
    assert kept.status == "filled" and kept.headcount == 3 and kept.time_to_fill_s is not None
