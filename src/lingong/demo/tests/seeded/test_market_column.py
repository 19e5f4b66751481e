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


# Tables the demo always fills (others depend on the hour it runs at or on its draws, e.g. attendance cases).
ALWAYS_FILLED = {
    "jobs.Application",
    "engagements.Shift",
    "contracts.Contract",
    "contracts.ContractSignature",
    "workers.WorkerSkill",
    "employers.EnterpriseMember",
    "fairs.FairRegistration",
    "training.Enrolment",
    "housekeeping.BookingOffer",
}


def test_the_demo_fills_the_main_tables(seeded: str) -> None:
    by_label = {m._meta.label: m for m in market_scoped_models()}
    assert [label for label in sorted(ALWAYS_FILLED) if not by_label[label]._default_manager.exists()] == []


@pytest.mark.parametrize("model", market_scoped_models(), ids=lambda m: m._meta.label)
def test_each_row_has_its_parents_market(seeded: str, model: type[MarketScoped]) -> None:
    parent_market = f"{model.market_parent}__market_id"
    assert model._default_manager.exclude(market_id=F(parent_market)).count() == 0
