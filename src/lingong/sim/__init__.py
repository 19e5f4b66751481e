"""A discrete-event simulation of a city's gig market, comparing recruiting policies on the same seeded
demand and supply, with the real matching library and market policy. Pure: no Django.

    result = simulate(seed=7, days=30, scale=1.0, policies=("board", "recommend", "waves", "batch"))
    result["policies"]["board"]["median_fill_s"]

`python -m lingong.sim --help` runs it from the command line (table, JSON, SVG charts).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from lingong.org.policy_defaults import DEFAULT_POLICY
from lingong.org.policy_defaults import Policy as MarketRules
from lingong.sim.engine import Engine, Knobs, Outcome
from lingong.sim.metrics import Supply, summarise, supply_of
from lingong.sim.policies import COMPONENTS, Policy
from lingong.sim.scenario import Settings, World, build_world

DEFAULT_POLICIES = ("board", "recommend", "waves", "batch", "recommend+waves", "recommend+batch")

__all__ = [
    "COMPONENTS",
    "DEFAULT_POLICIES",
    "Knobs",
    "Settings",
    "World",
    "build_world",
    "run_policy",
    "simulate",
    "simulate_world",
]


def run_policy(
    world: World,
    name: str,
    rng_state: Mapping[str, Any],
    settings: Settings,
    knobs: Knobs,
    rules: MarketRules = DEFAULT_POLICY,
) -> Outcome:
    """One policy over the world, with its own Generator copied from the shared state."""
    rng = np.random.default_rng()
    rng.bit_generator.state = rng_state
    return Engine(world, Policy(name, knobs), rng, settings, knobs, rules).run()


def simulate_world(
    world: World,
    rng: np.random.Generator,
    policies: Sequence[str] = DEFAULT_POLICIES,
    settings: Settings | None = None,
    knobs: Knobs | None = None,
    supply: Supply | None = None,
    rules: MarketRules = DEFAULT_POLICY,
) -> dict[str, Any]:
    settings, knobs = settings or Settings(), knobs or Knobs()
    supply = supply if supply is not None else supply_of(world)
    state = rng.bit_generator.state  # every policy starts its own draws from here
    out: dict[str, dict[str, Any]] = {}
    timings: dict[str, float] = {}
    for name in policies:
        started = time.perf_counter()
        outcome = run_policy(world, name, state, settings, knobs, rules)
        timings[name] = round(time.perf_counter() - started, 2)
        out[name] = summarise(world, outcome, supply)
    return {
        "seed": world.seed,
        "days": world.days,
        "workers": world.n_workers,
        "postings": world.n_jobs,
        "policies": out,
        "wall_s": timings,  # not part of the reproducible result; report.to_json leaves it out
    }


def simulate(
    seed: int = 2026,
    days: int = 30,
    scale: float = 1.0,
    policies: Sequence[str] = DEFAULT_POLICIES,
    settings: Settings | None = None,
    knobs: Knobs | None = None,
    rules: MarketRules = DEFAULT_POLICY,
) -> dict[str, Any]:
    """The world from the seed (one Generator), then every policy over it, under the market rules given
    (the platform's defaults unless a market's own policy is passed, as the staff page does)."""
    for name in policies:
        Policy(name, knobs or Knobs())  # fail on a bad name before the world is drawn
    rng = np.random.default_rng(seed)
    world = build_world(seed, days, scale, rng)
    return simulate_world(world, rng, policies, settings, knobs, rules=rules)
