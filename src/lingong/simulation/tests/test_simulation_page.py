"""The simulation page: who may run it, bad input, a run from the form to its table and charts, the trail."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lingong.audit.models import AuditEntry
from lingong.audit.trail import verify_chain
from lingong.core.errors import InvalidInput, PermissionDeniedError
from lingong.org.policy import set_policy
from lingong.pagetools import get_page, login, text_of
from lingong.sim import simulate
from lingong.sim.report import policy_label
from lingong.simulation import services
from lingong.simulation.models import RunStatus, SimulationRun

pytestmark = pytest.mark.django_db

SMALL = {"seed": "7", "days": "3", "scale": "0.05", "policies": ["board", "waves"]}


def test_operators_reach_it_from_their_home_and_others_are_refused(client: Client, cast: Any) -> None:
    for user in (cast.admin, cast.centre_staff):
        client.logout()
        login(client, user)
        home = get_page(client, reverse("staff:dashboard"))
        assert reverse("simulation:page") in home
        assert "市场仿真" in text_of(get_page(client, reverse("simulation:page")))
    for user in (cast.station_staff, cast.worker.user, cast.employer):
        client.logout()
        login(client, user)
        assert client.get(reverse("simulation:page")).status_code in (403, 404)
        assert client.post(reverse("simulation:page"), SMALL).status_code in (403, 404)
    assert not SimulationRun.objects.exists()
    with pytest.raises(PermissionDeniedError):
        services.start_run(actor=cast.station_staff, data=SMALL)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"seed": "abc"}, "seed"),
        ({"days": "0"}, "days"),
        ({"days": "400"}, "days"),
        ({"scale": "nan"}, "scale"),
        ({"scale": "9"}, "scale"),
        ({"policies": []}, "policies"),
        ({"policies": ["waves"]}, "policies"),  # the board is the yardstick
        ({"policies": ["board", "lottery"]}, "policies"),
        ({"exposure_weight": "-1"}, "exposure_weight"),
        ({"batch_minutes": "1.5"}, "batch_minutes"),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_nothing_saved(
    client: Client, cast: Any, changes: dict[str, Any], field: str
) -> None:
    data = {**SMALL, **changes}
    with pytest.raises(InvalidInput) as exc:
        services.start_run(actor=cast.admin, data=data)
    assert field in exc.value.errors
    login(client, cast.admin)
    response = client.post(reverse("simulation:page"), data)
    assert response.status_code == 422
    assert "仿真参数有误" in text_of(response.content.decode())
    assert not SimulationRun.objects.exists()


def test_a_run_from_the_form_shows_the_table_and_charts(
    client: Client, cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    login(client, cast.admin)
    with django_capture_on_commit_callbacks(execute=True):  # the task runs after commit (immediate here)
        response = client.post(reverse("simulation:page"), {**SMALL, "exposure_weight": "1.5"})
    assert response.status_code == 302
    run = SimulationRun.objects.get()
    assert response["Location"].endswith(f"?run={run.pk}")
    assert run.status == RunStatus.DONE and run.market_id == cast.market.pk
    assert run.params == {
        "seed": 7,
        "days": 3,
        "scale": 0.05,
        "policies": ["board", "waves"],
        "knobs": {"exposure_weight": 1.5},
    }
    # The same figures as the library gives for the same parameters (the run stores no timings).
    expected = simulate(
        seed=7, days=3, scale=0.05, policies=["board", "waves"], knobs=services.knobs_of(run.params)
    )
    expected.pop("wall_s")
    rules = run.result.pop("market_rules")
    assert run.result == expected
    assert rules["quick_recruit_start_radius_km"] == "3" and rules["radius_cap_km"] == "30"
    html = get_page(client, response["Location"])
    text = text_of(html)
    assert 'data-testid="sim-table"' in html and 'id="sim-chart-data"' in html
    assert policy_label("board") in text and policy_label("waves") in text
    assert html.count('data-testid="sim-row"') == 2
    assert 'data-label="招满中位(时)"' in html  # each cell names its column (cards on a phone)
    charts = json.loads(re.search(r'id="sim-chart-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert charts["labels"] == [policy_label("board"), policy_label("waves")]
    fill = next(c for c in charts["charts"] if c["key"] == "fill_rate")
    assert fill["values"] == [
        round(expected["policies"][p]["fill_rate"] * 100, 2) for p in ("board", "waves")
    ]
    actions = list(
        AuditEntry.objects.filter(object_id=str(run.pk), action__startswith="simulation.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["simulation.started", "simulation.running", "simulation.done"]
    assert verify_chain() is None


def test_a_run_is_executed_once_and_a_failure_is_recorded(cast: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services.transaction, "on_commit", lambda fn, using=None: None)  # queue nothing
    run = services.start_run(actor=cast.admin, data=SMALL)
    assert run.status == RunStatus.QUEUED
    assert services.execute(run.pk) is not None
    assert services.execute(run.pk) is None  # DONE: a second delivery of the task does nothing
    failing = services.start_run(actor=cast.admin, data=SMALL)

    def boom(**kwargs: Any) -> dict[str, Any]:
        raise RuntimeError("out of memory")

    monkeypatch.setattr(services.sim, "simulate", boom)
    done = services.execute(failing.pk)
    assert done is not None and done.status == RunStatus.FAILED and "out of memory" in done.error


def test_pending_run_polls_and_other_markets_runs_are_not_found(
    client: Client, cast: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services.transaction, "on_commit", lambda fn, using=None: None)
    run = services.start_run(actor=cast.admin, data=SMALL)
    login(client, cast.admin)
    html = get_page(client, f"{reverse('simulation:page')}?run={run.pk}")
    assert 'hx-trigger="every 2s"' in html and 'data-status="queued"' in html
    partial = client.get(reverse("simulation:run_status", args=[run.pk]))
    assert partial.status_code == 200 and 'data-status="queued"' in partial.content.decode()
    services.execute(run.pk)
    finished = client.get(reverse("simulation:run_status", args=[run.pk]))
    assert finished.status_code == 204 and finished["HX-Redirect"].endswith(f"?run={run.pk}")
    assert client.get(f"{reverse('simulation:page')}?run=999999").status_code == 404
    assert client.get(f"{reverse('simulation:page')}?run=abc").status_code == 404


def test_a_run_uses_its_markets_own_quick_recruit_policy(cast: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services.transaction, "on_commit", lambda fn, using=None: None)
    data = {**SMALL, "days": "5", "scale": "0.1"}
    default = services.execute(services.start_run(actor=cast.admin, data=data).pk)
    set_policy(
        cast.market.pk, quick_recruit_start_radius_km=30, radius_cap_km=30, over_invite_factor=Decimal("5")
    )
    own = services.execute(services.start_run(actor=cast.admin, data=data).pk)
    assert default is not None and own is not None and default.result and own.result
    assert own.result["market_rules"]["quick_recruit_start_radius_km"] == "30"
    assert Decimal(own.result["market_rules"]["over_invite_factor"]) == 5
    # The board never reads the quick-recruit rules; the waves do.
    assert own.result["policies"]["board"] == default.result["policies"]["board"]
    assert own.result["policies"]["waves"] != default.result["policies"]["waves"]
