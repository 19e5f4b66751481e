"""The outputs per policy. Times are seconds; a posting never filled counts as never (infinite), so a median
or p90 that falls on such postings is reported as None rather than hidden."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from lingong.matching import MatchConfig, WorkerArrays, WorkerIndex
from lingong.sim.engine import Engine, Outcome
from lingong.sim.policies import job_query_for
from lingong.sim.scenario import DAY_S, World

SUPPLY_RADIUS_KM = 10.0  # the issue: fill rate "where qualified supply exists within 10 km"
SUPPLY_K = 1000  # the library's largest k: enough to count a posting's headcount and collect the qualified


@dataclass(frozen=True, eq=False)
class Supply:
    """Per posting, whether enough qualified workers were registered within 10 km when it was posted; and
    every worker qualified for some posting (the population the exposure Gini is taken over)."""

    has_supply: np.ndarray
    qualified: np.ndarray  # worker ids


def supply_of(world: World) -> Supply:
    """Qualified = the library's hard filters (occupation or a related one, certificates, days)."""
    w = world
    ids = np.arange(w.n_workers)
    arrays = WorkerArrays(
        ids=ids,
        x_km=w.w_x,
        y_km=w.w_y,
        occ_ptr=w.w_occ_ptr,
        occ_idx=w.w_occ_idx,
        availability=w.w_avail,
        cert_ptr=np.concatenate([[0], np.cumsum([len(w.worker_certs(i)) for i in range(w.n_workers)])]),
        cert_type=np.array([c for i in range(w.n_workers) for c, _ in w.worker_certs(i)], dtype=np.int16),
        cert_expiry=np.array([e for i in range(w.n_workers) for _, e in w.worker_certs(i)], dtype=np.int32),
    )
    index = WorkerIndex.build(arrays, w.taxonomy, w.area, MatchConfig())
    has = np.zeros(w.n_jobs, dtype=np.bool_)
    qualified: set[int] = set()
    for j in range(w.n_jobs):
        found = index.top_workers(job_query_for(w, j, SUPPLY_RADIUS_KM), k=SUPPLY_K).ids
        t = w.j_posted_s[j]
        found = found[(w.w_arrive_s[found] <= t) & (w.w_leave_s[found] > t)]
        has[j] = found.size >= w.j_headcount[j]
        qualified.update(found.tolist())
    return Supply(has, np.array(sorted(qualified), dtype=np.int64))


def gini(values: np.ndarray) -> float:
    """0: everyone the same; 1: one has everything. Over the values given, zeros included."""
    v = np.sort(np.asarray(values, dtype=np.float64))
    n = v.size
    if n == 0 or v.sum() == 0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float((2 * (ranks * v).sum()) / (n * v.sum()) - (n + 1) / n)


def even_gini_floor(total: int, n: int) -> float:
    """The lowest Gini any policy could reach handing out `total` unit exposures among n workers: everyone
    gets total // n and the remainder one more. With fewer exposures than workers most must get none, so
    the floor is 1 - total / n however fair the ranking is."""
    if n == 0 or total <= 0:
        return 0.0
    q, r = divmod(total, n)
    return gini(np.concatenate([np.full(n - r, q), np.full(r, q + 1)]).astype(np.float64))


def quantile(values: np.ndarray, q: float) -> float | None:
    """The q-quantile without interpolation (an infinite one means "never"); None when undefined."""
    if values.size == 0:
        return None
    x = float(np.quantile(values, q, method="inverted_cdf"))
    return x if math.isfinite(x) else None


def _round(x: float | None, digits: int = 1) -> float | None:
    return None if x is None else round(x, digits)


def summarise(world: World, outcome: Outcome, supply: Supply, engine: Engine | None = None) -> dict[str, Any]:
    w = world
    live = ~outcome.cancelled
    fill_s = outcome.fill_done_s[live]
    onsite_s = outcome.onsite_done_s[live]
    sup = live & supply.has_supply
    places = int(w.j_headcount[sup].sum())
    filled = int(np.minimum(outcome.filled_at_close[sup], w.j_headcount[sup]).sum())
    all_places = int(w.j_headcount[live].sum())
    all_filled = int(np.minimum(outcome.filled_at_close[live], w.j_headcount[live]).sum())
    km = np.array([p[3] for p in outcome.placements])
    placed_workers = np.array([p[0] for p in outcome.placements], dtype=np.int64)
    target = float((w.w_groups[placed_workers] != 0).mean()) if placed_workers.size else None
    new = np.flatnonzero(w.w_arrive_s > 0)
    first_days = (outcome.first_job_s[new] - w.w_arrive_s[new]) / DAY_S
    got = np.isfinite(first_days)
    return {
        "median_fill_s": _round(quantile(fill_s, 0.5)),
        "p90_fill_s": _round(quantile(fill_s, 0.9)),
        "median_onsite_s": _round(quantile(onsite_s, 0.5)),
        "p90_onsite_s": _round(quantile(onsite_s, 0.9)),
        # Urgent postings want people within hours (source: 平均到岗时间4小时); the others start 1-3 days on.
        "median_onsite_urgent_s": _round(quantile(outcome.onsite_done_s[live & w.j_urgent], 0.5)),
        "fill_rate": round(filled / places, 4) if places else None,
        "fill_rate_all": round(all_filled / all_places, 4) if all_places else None,
        "mean_travel_km": round(float(km.mean()), 2) if km.size else None,
        "exposure_gini": round(gini(outcome.exposure[supply.qualified]), 4),
        "exposure_gini_floor": round(
            even_gini_floor(int(outcome.exposure[supply.qualified].sum()), supply.qualified.size), 4
        ),
        "qualified_workers": int(supply.qualified.size),
        "target_group_share": _round(target, 4),
        "new_worker_first_job_days": _round(quantile(first_days[got], 0.5), 2),
        "new_worker_job_share": round(float(got.mean()), 4) if new.size else None,
        "median_replacement_s": _round(quantile(np.array(outcome.replacement_s), 0.5)),
        "no_shows": outcome.no_shows,
        "replaced": len(outcome.replacement_s),
        "postings": int(live.sum()),
        "postings_with_supply": int(sup.sum()),
        "places": all_places,
        "placements": len(outcome.placements),
        "events": outcome.events,
    }
