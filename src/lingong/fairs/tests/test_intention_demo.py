"""The demo step: intentions, 4 offers and 1 acceptance at the market's fair running today; nothing
without such a fair."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from lingong import testing as t
from lingong.demo.cast import JIANG_PHONE
from lingong.demo.fair_intentions import build_fair_intentions, delete_fair_intentions
from lingong.fairs.models import FairStatus, Intention, IntentionStatus
from lingong.fairs.report import fair_report
from lingong.fairs.tests import intention_world as fw

pytestmark = pytest.mark.django_db


def _ctx() -> Any:
    progress = SimpleNamespace(set_description=lambda text: None)
    return SimpleNamespace(
        today=timezone.localdate(),
        now=timezone.now(),
        opts=SimpleNamespace(seed=2026),
        progress=progress,
        counts={},
    )


def test_demo_intentions(cast: Any) -> None:
    w = fw.build(cast, headcount=5)
    jiang = t.make_worker(cast.market, name="江小军", phone=JIANG_PHONE)
    for n in range(12):
        fw.register(w.fair, t.make_worker(cast.market, name=f"求职者{n}"))
    made = build_fair_intentions(_ctx())
    assert 12 <= made <= 20
    report = fair_report(w.fair)
    assert report["intentions"]["total"] == made
    assert 1 <= report["offers"] <= 4 and report["accepted"] == 1
    assert Intention.objects.get(worker=jiang, exhibitor=w.exhibitor).status == IntentionStatus.OFFERED
    delete_fair_intentions(cast.market.pk)
    assert not Intention.objects.exists()


def test_no_fair_today_does_nothing(cast: Any) -> None:
    w = fw.build(cast)
    w.fair.__class__.objects.filter(pk=w.fair.pk).update(status=FairStatus.DRAFT)
    assert build_fair_intentions(_ctx()) == 0
    assert not Intention.objects.exists()
