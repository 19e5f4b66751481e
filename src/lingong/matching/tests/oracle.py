"""Shared helpers for the matching tests: a tiny taxonomy, random markets and a brute-force oracle.

These are plain tests: no database, no Django (the library must not import it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from lingong.matching import scoring
from lingong.matching.config import ALL_SLOTS, MatchConfig
from lingong.matching.geo import tangshan_area
from lingong.matching.jobs import JobArrays
from lingong.matching.query import JobQuery, WorkerQuery
from lingong.matching.taxonomy import Taxonomy
from lingong.matching.workers import WorkerArrays

AREA = tangshan_area()
# 6 occupations; related[o] = occupations a worker may hold to qualify for o. Occupation 4 needs cert 0.
TAXONOMY = Taxonomy.from_lists(
    codes=["a", "b", "c", "d", "e", "f"],
    related=[[1, 2], [0], [0, 3], [], [5], [4, 0]],
    occupation_cert=[-1, -1, -1, -1, 0, -1],
    cert_codes=["c0", "c1", "c2"],
)
CFG = MatchConfig()
TODAY = 100


@dataclass
class W:
    id: int
    x: float
    y: float
    occs: list[int]
    certs: list[tuple[int, int]] = field(default_factory=list)
    radius: float = 10.0
    pay: float = 0.0
    unit: int = 1
    avail: int = ALL_SLOTS
    rating_sum: float = 0.0
    rating_count: float = 0.0
    reliability: float = 0.8
    last_active: int = TODAY
    groups: int = 0
    exposure: float = 0.0


@dataclass
class J:
    id: int
    x: float
    y: float
    occ: int
    allow_related: bool = True
    open: int = 1
    end: int = TODAY
    slots: int = 0
    pay: float = 0.0
    unit: int = 1
    urgent: bool = False
    posted: int = TODAY
    certs: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)  # further occupations the job accepts

    @property
    def occs(self) -> list[int]:
        return list(dict.fromkeys([self.occ, *self.extra]))


def random_worker(rng: np.random.Generator, wid: int) -> W:
    """Coarse values on purpose: equal distances, scores and radius-boundary cases happen often."""
    n_occ = int(rng.integers(1, 4))
    return W(
        id=wid,
        x=float(rng.integers(-20, 21)) * 0.5,
        y=float(rng.integers(-20, 21)) * 0.5,
        occs=sorted({int(v) for v in rng.integers(0, 6, n_occ)}),
        certs=[
            (int(rng.integers(0, 3)), TODAY + int(rng.integers(-5, 6)))
            for _ in range(int(rng.integers(0, 3)))
        ],
        radius=float(rng.choice([0.5, 3.0, 10.0])),
        pay=float(rng.choice([0.0, 200.0, 300.0, 40.0])),
        unit=int(rng.integers(0, 4)),
        avail=int(rng.choice([0, ALL_SLOTS, 0b1111, 0b11110000])),
        rating_sum=float(rng.integers(0, 20)),
        rating_count=float(rng.integers(0, 5)),
        reliability=float(rng.choice([0.5, 0.8, 1.0])),
        last_active=TODAY - int(rng.integers(0, 30)),
        groups=int(rng.integers(0, 4)),
        exposure=float(rng.integers(0, 3)),
    )


def worker_arrays(ws: list[W]) -> WorkerArrays:
    occ_ptr = np.cumsum([0] + [len(w.occs) for w in ws])
    cert_ptr = np.cumsum([0] + [len(w.certs) for w in ws])
    return WorkerArrays(
        ids=np.array([w.id for w in ws], dtype=np.int64),
        x_km=np.array([w.x for w in ws], dtype=np.float64),
        y_km=np.array([w.y for w in ws], dtype=np.float64),
        occ_ptr=occ_ptr,
        occ_idx=np.array([o for w in ws for o in w.occs], dtype=np.int16),
        travel_radius_km=np.array([w.radius for w in ws]),
        pay=np.array([w.pay for w in ws]),
        pay_unit=np.array([w.unit for w in ws]),
        availability=np.array([w.avail for w in ws], dtype=np.uint64),
        rating_sum=np.array([w.rating_sum for w in ws]),
        rating_count=np.array([w.rating_count for w in ws]),
        reliability=np.array([w.reliability for w in ws]),
        last_active_day=np.array([w.last_active for w in ws]),
        groups=np.array([w.groups for w in ws]),
        exposure=np.array([w.exposure for w in ws]),
        cert_ptr=cert_ptr,
        cert_type=np.array([c[0] for w in ws for c in w.certs], dtype=np.int16),
        cert_expiry=np.array([c[1] for w in ws for c in w.certs], dtype=np.int32),
    )


def job_arrays(js: list[J]) -> JobArrays:
    return JobArrays(
        ids=np.array([j.id for j in js], dtype=np.int64),
        x_km=np.array([j.x for j in js]),
        y_km=np.array([j.y for j in js]),
        occupation=np.array([j.occ for j in js]),
        allow_related=np.array([j.allow_related for j in js]),
        open_places=np.array([j.open for j in js]),
        end_day=np.array([j.end for j in js]),
        slots=np.array([j.slots for j in js], dtype=np.uint64),
        pay=np.array([j.pay for j in js]),
        pay_unit=np.array([j.unit for j in js]),
        urgent=np.array([j.urgent for j in js]),
        posted_day=np.array([j.posted for j in js]),
        cert_ptr=np.cumsum([0] + [len(j.certs) for j in js]),
        cert_idx=np.array([c for j in js for c in j.certs], dtype=np.int16),
        extra_occ_ptr=np.cumsum([0] + [len(j.extra) for j in js]),
        extra_occ_idx=np.array([o for j in js for o in j.extra], dtype=np.int16),
    )


def py_pay_fit(offer: float, ou: int, expect: float, eu: int) -> float:
    factor = [CFG.hours_per_day, 1.0, 1.0 / CFG.days_per_month, math.nan]
    if ou == 3 and eu == 3:
        od, ed = offer, expect
    else:
        od, ed = offer * factor[ou], expect * factor[eu]
    if expect <= 0 or offer <= 0 or math.isnan(od) or math.isnan(ed):
        return CFG.pay_unknown_fit
    return min(1.0, max(0.0, 1.0 - (ed - od) / (ed * CFG.pay_tolerance)))


def py_score(fit: int, d: float, radius: float, pf: float, static: float) -> float:
    fw = CFG.exact_weight if fit == scoring.EXACT else CFG.related_weight
    q = d / max(radius, CFG.min_travel_radius_km)
    return (fw + CFG.distance_weight * (1.0 / (1.0 + q * q)) + CFG.pay_weight * pf) + static


def static_of(w: W, *, seen: bool = False) -> float:
    """A worker's static score; ``seen`` (the job showed them before) counts one showing fewer."""
    one = [np.array([v]) for v in (w.rating_sum, w.rating_count, w.reliability, w.last_active)]
    exposure = max(w.exposure - 1.0, 0.0) if seen else w.exposure
    return float(
        scoring.worker_static(*one, np.array([w.groups], np.uint16), np.array([exposure]), TODAY, CFG)[0]
    )


def oracle_workers(ws: dict[int, W], job: JobQuery) -> dict[int, float]:
    """Every eligible worker's score, by brute force over all workers."""
    out = {}
    related = [int(r) for r in TAXONOMY.related(job.occupation)]
    for w in ws.values():
        dx, dy = w.x - job.x_km, w.y - job.y_km
        d2 = dx * dx + dy * dy
        if d2 > job.radius_km * job.radius_km:
            continue
        if job.occupation in w.occs:
            fit = scoring.EXACT
        elif job.allow_related and any(r in w.occs for r in related):
            fit = scoring.RELATED
        else:
            continue
        if job.slots and not (w.avail & job.slots):
            continue
        if not all(any(t == c and e >= job.end_day for t, e in w.certs) for c in job.required_certs):
            continue
        if w.id in job.exclude_ids:
            continue
        pf = py_pay_fit(job.pay, job.pay_unit, w.pay, w.unit)
        static = static_of(w, seen=w.id in job.seen_ids)
        out[w.id] = py_score(fit, math.sqrt(d2), w.radius, pf, static)
    return out


def oracle_jobs(js: dict[int, J], wq: WorkerQuery) -> dict[int, float]:
    out = {}
    radius = wq.radius_km if wq.radius_km is not None else wq.travel_radius_km
    valid = {}
    for t, e in wq.certs:
        valid[t] = max(valid.get(t, -(10**9)), e)
    for j in js.values():
        dx, dy = j.x - wq.x_km, j.y - wq.y_km
        d2 = dx * dx + dy * dy
        if d2 > radius * radius or j.open <= 0:
            continue
        # The best reading over every occupation the job accepts.
        if any(o in wq.occupations for o in j.occs):
            fit = scoring.EXACT
        elif j.allow_related and any(int(r) in wq.occupations for o in j.occs for r in TAXONOMY.related(o)):
            fit = scoring.RELATED
        else:
            continue
        if wq.slots and j.slots and not (j.slots & wq.slots):
            continue
        if not all(valid.get(c, -(10**9)) >= j.end for c in j.certs):
            continue
        if j.id in wq.exclude_ids:
            continue
        static = float(
            scoring.job_static(
                np.array([j.urgent]), np.array([j.posted]), np.zeros(1), np.zeros(1), TODAY, CFG
            )[0]
        )
        pf = py_pay_fit(j.pay, j.unit, wq.pay, wq.pay_unit)
        out[j.id] = py_score(fit, math.sqrt(d2), wq.travel_radius_km, pf, static)
    return out


def assert_matches_oracle(ids: np.ndarray, scores: np.ndarray, oracle: dict[int, float], k: int) -> None:
    """Same top-k as the oracle sorted by (-score, id); near-equal scores (1e-9) may swap."""
    want = sorted(oracle.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
    assert len(ids) == len(want)
    for got_id, got_score, (want_id, want_score) in zip(ids.tolist(), scores.tolist(), want, strict=True):
        assert got_id in oracle, "returned a candidate the oracle filters out"
        assert abs(got_score - oracle[got_id]) <= 1e-9
        assert got_id == want_id or abs(oracle[got_id] - want_score) <= 1e-9
