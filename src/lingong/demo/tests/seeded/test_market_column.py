"""Every per-market row that carries its market itself (``org.models.MarketScoped``, the distribution
column of docs/scale.md) carries its parent's market, in every path that writes it: the demo's bulk inserts
(``DemoContext.save`` fills it) and the services the demo runs (offers accepted, contracts signed, shifts
created)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db.models import F

from lingong.org.models import MarketScoped

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_seed")]


def market_scoped_models() -> list[type[MarketScoped]]:
    return [m for m in apps.get_models() if issubclass(m, MarketScoped)]


def test_the_funnel_tables_carry_the_market():
    names = {m._meta.label for m in market_scoped_models()}
    assert {
        "jobs.Application",
        "jobs.Invitation",
        "engagements.Shift",
        "contracts.Contract",
        "contracts.ContractSignature",
    } <= names


# Tables the demo at the tests' scale leaves empty (their own tests create rows through the services).
NOT_IN_THE_SMALL_DEMO = {"settlement.ArrearsFlag", "disputes.Evidence", "arbitration.LimitationWarning"}


@pytest.mark.parametrize("model", market_scoped_models(), ids=lambda m: m._meta.label)
def test_each_row_has_its_parents_market(seeded: str, model: type[MarketScoped]) -> None:
    rows = model._default_manager.all()
    assert rows.exists() != (model._meta.label in NOT_IN_THE_SMALL_DEMO)
    parent_market = f"{model.market_parent}__market_id"
    assert rows.exclude(market_id=F(parent_market)).count() == 0
