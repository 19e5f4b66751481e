"""The demo's skill gaps (issue 13 §1): the seeded market has open places needing certificates, workers
near them, and the staff page, the API and a worker's card show them."""

from __future__ import annotations

import pytest
from django.test import Client

from lingong.accounts.models import User
from lingong.demo.cast import ADMIN_PHONE, MARKET_CODE
from lingong.org.models import Market
from lingong.pagetools import get_page
from lingong.skills.selectors import CERTIFICATE, SKILL, gap_rows, unlocks_for_worker
from lingong.workers.models import WorkerProfile

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_seed")]


def test_the_demo_market_has_skill_gaps_and_unlocks(seeded: str) -> None:
    market = Market.objects.get(code=MARKET_CODE)
    rows = gap_rows(market.pk)
    kinds = {r.kind for r in rows}
    assert {CERTIFICATE, SKILL} <= kinds, kinds
    assert sum(r.unmet for r in rows) > 0
    assert any(r.kind == CERTIFICATE and r.available > 0 for r in rows)
    workers = WorkerProfile.objects.filter(market=market, home_lat__isnull=False)
    assert any(unlocks_for_worker(w) for w in workers), "no demo worker is one certificate away from a job"
    client = Client()
    client.force_login(User.objects.get(phone=ADMIN_PHONE))
    html = get_page(client, "/staff/skills/")
    assert html.count('data-testid="skills-row"') == min(50, len(rows))
    assert 'id="skills-gap-data"' in html
