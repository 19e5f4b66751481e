"""The demo's simulator run is remembered by its inputs within a process (a reseed reuses it)."""

from __future__ import annotations

import dataclasses

from lingong import sim
from lingong.demo import simulation as demo_simulation
from lingong.org.policy_defaults import DEFAULT_POLICY

SMALL = {"seed": 7, "days": 1, "scale": 0.01, "policies": ["board"], "knobs": sim.Knobs()}


def test_the_same_inputs_give_the_simulators_own_result_once_and_a_copy_each_time(monkeypatch):
    calls: list[dict] = []
    real = sim.simulate

    def counted(**inputs):
        calls.append(inputs)
        return real(**inputs)

    monkeypatch.setattr(demo_simulation, "_results", {})
    monkeypatch.setattr(sim, "simulate", counted)
    first = demo_simulation._simulate_once(**SMALL, rules=DEFAULT_POLICY)
    first["policies"]["board"]["fill_rate"] = "changed by the caller"
    second = demo_simulation._simulate_once(**SMALL, rules=DEFAULT_POLICY)
    assert len(calls) == 1
    expected = real(**SMALL, rules=DEFAULT_POLICY)
    assert second["policies"] == expected["policies"]  # the simulator's result, untouched by the caller


def test_other_inputs_or_other_market_rules_run_the_simulator_again(monkeypatch):
    calls: list[dict] = []
    monkeypatch.setattr(demo_simulation, "_results", {})
    monkeypatch.setattr(sim, "simulate", lambda **inputs: calls.append(inputs) or {"policies": {}})
    demo_simulation._simulate_once(**SMALL, rules=DEFAULT_POLICY)
    demo_simulation._simulate_once(**{**SMALL, "seed": 8}, rules=DEFAULT_POLICY)
    wider = dataclasses.replace(DEFAULT_POLICY, radius_cap_km=DEFAULT_POLICY.radius_cap_km + 5)
    demo_simulation._simulate_once(**SMALL, rules=wider)
    demo_simulation._simulate_once(**SMALL, rules=DEFAULT_POLICY)
    assert [c["seed"] for c in calls] == [7, 8, 7]
    assert calls[2]["rules"] is wider
