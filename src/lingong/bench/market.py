"""A deterministic Tangshan-like market for benchmarks: clustered density plus a uniform background,
Zipf-distributed occupations (1-5 per worker), certificates, availability, pay, ratings and policy groups."""

from __future__ import annotations

import numpy as np

from lingong.matching.config import ALL_SLOTS, PayUnit, slot_mask
from lingong.matching.geo import ServedArea
from lingong.matching.jobs import JobArrays
from lingong.matching.query import JobQuery
from lingong.matching.taxonomy import Taxonomy
from lingong.matching.workers import WorkerArrays

# (lon, lat, share of the clustered population, spread in km): district seats, main urban area densest.
CLUSTERS = [
    (118.2108, 39.6152, 0.16, 4.0),  # 路南
    (118.1747, 39.6285, 0.16, 4.0),  # 路北
    (118.1108, 39.5630, 0.08, 5.0),  # 丰南
    (118.2644, 39.6762, 0.07, 4.0),  # 开平
    (118.4543, 39.7157, 0.05, 4.0),  # 古冶
    (118.1558, 39.8314, 0.07, 5.0),  # 丰润
    (118.4466, 39.2783, 0.06, 6.0),  # 曹妃甸
    (118.688, 39.519, 0.05, 5.0),  # 滦南
    (118.916, 39.426, 0.04, 5.0),  # 乐亭
    (118.32, 40.148, 0.04, 5.0),  # 迁西
    (117.745, 39.902, 0.05, 5.0),  # 玉田
    (117.972, 40.193, 0.05, 5.0),  # 遵化
    (118.707, 40.001, 0.06, 5.0),  # 迁安
    (118.709, 39.745, 0.06, 5.0),  # 滦州
]
BACKGROUND = 0.15
ZIPF_S = 1.1
TODAY = 20_000
PATTERNS = [
    ALL_SLOTS,
    slot_mask(range(5), 6, 18),
    slot_mask(range(7), 6, 21),
    slot_mask((5, 6), 6, 21),
    slot_mask(range(7), 18, 24),
]


def occupation_ranks(taxonomy: Taxonomy, seed: int) -> np.ndarray:
    """A fixed random order of occupations: position 0 is the most common."""
    return np.random.default_rng(seed + 1).permutation(taxonomy.n_occupations)


def _points(rng: np.random.Generator, n: int, area: ServedArea) -> tuple[np.ndarray, np.ndarray]:
    x0, x1, y0, y1 = area.bounds_km()
    share = np.array([c[2] for c in CLUSTERS])
    which = rng.choice(len(CLUSTERS) + 1, n, p=np.append(share / share.sum() * (1 - BACKGROUND), BACKGROUND))
    cx, cy = area.to_km(np.array([c[0] for c in CLUSTERS]), np.array([c[1] for c in CLUSTERS]))
    spread = np.array([c[3] for c in CLUSTERS])
    bg = which == len(CLUSTERS)
    c = np.where(bg, 0, which)
    x = np.where(bg, rng.uniform(x0, x1, n), cx[c] + rng.normal(0, 1, n) * spread[c])
    y = np.where(bg, rng.uniform(y0, y1, n), cy[c] + rng.normal(0, 1, n) * spread[c])
    margin = 1e-6
    return np.clip(x, x0 + margin, x1 - margin), np.clip(y, y0 + margin, y1 - margin)


def _zipf(rng: np.random.Generator, size: int, n_occ: int) -> np.ndarray:
    p = 1.0 / np.arange(1, n_occ + 1) ** ZIPF_S
    return rng.choice(n_occ, size, p=p / p.sum())


def workers(n: int, taxonomy: Taxonomy, area: ServedArea, seed: int = 7, id_offset: int = 0) -> WorkerArrays:
    rng = np.random.default_rng(seed)
    ranks = occupation_ranks(taxonomy, seed)
    x, y = _points(rng, n, area)
    per = rng.integers(1, 6, n)
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(per, out=ptr[1:])
    occ = ranks[_zipf(rng, int(ptr[-1]), taxonomy.n_occupations)].astype(np.int16)
    first = occ[ptr[:-1]]
    # Certificates: for each held occupation that needs one, 80 % hold it, some already expired.
    need = taxonomy.occupation_cert[occ]
    owner = np.repeat(np.arange(n), per)
    has = (need >= 0) & (rng.random(occ.size) < 0.8)
    c_owner, c_type = owner[has], need[has]
    order = np.argsort(c_owner, kind="stable")
    c_owner, c_type = c_owner[order], c_type[order]
    cptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(c_owner, minlength=n), out=cptr[1:])
    c_exp = (TODAY + rng.integers(-200, 2000, c_type.size)).astype(np.int32)
    typical = taxonomy.typical_pay[first]
    count = rng.geometric(0.15, n) - 1
    groups = np.where(rng.random(n) < 0.1, 1 << rng.integers(0, 8, n), 0)
    return WorkerArrays(
        ids=np.arange(n, dtype=np.int64) + id_offset,
        x_km=x,
        y_km=y,
        occ_ptr=ptr,
        occ_idx=occ,
        travel_radius_km=rng.choice([3.0, 5.0, 10.0, 20.0, 30.0], n),
        pay=np.round(rng.uniform(typical[:, 0], np.maximum(typical[:, 1], typical[:, 0] + 1))),
        pay_unit=taxonomy.pay_unit[first],
        availability=np.array(PATTERNS, dtype=np.uint64)[rng.integers(0, len(PATTERNS), n)],
        rating_sum=count * rng.uniform(3.5, 5.0, n),
        rating_count=count,
        reliability=rng.uniform(0.6, 1.0, n),
        last_active_day=TODAY - rng.exponential(10, n).astype(np.int32),
        groups=groups,
        exposure=rng.poisson(2, n).astype(np.float64),
        cert_ptr=cptr,
        cert_type=c_type,
        cert_expiry=c_exp,
    )


def job_queries(
    count: int, occupations: np.ndarray, radius_km: float, taxonomy: Taxonomy, area: ServedArea, seed: int
) -> list[JobQuery]:
    """Jobs placed like the population, with the taxonomy's certificates and typical pay."""
    rng = np.random.default_rng(seed)
    x, y = _points(rng, count, area)
    occ = rng.choice(occupations, count)
    out = []
    for i in range(count):
        o = int(occ[i])
        out.append(
            JobQuery(
                x_km=float(x[i]),
                y_km=float(y[i]),
                occupation=o,
                radius_km=radius_km,
                required_certs=taxonomy.required_certs(o),
                start_day=TODAY + 1,
                end_day=TODAY + 1 + int(rng.integers(1, 60)),
                slots=slot_mask(range(5), 8, 17),
                pay=float(taxonomy.typical_pay[o].mean()),
                pay_unit=int(taxonomy.pay_unit[o]),
            )
        )
    return out


def jobs(n: int, taxonomy: Taxonomy, area: ServedArea, seed: int = 11) -> JobArrays:
    rng = np.random.default_rng(seed)
    ranks = occupation_ranks(taxonomy, 7)
    x, y = _points(rng, n, area)
    occ = ranks[_zipf(rng, n, taxonomy.n_occupations)]
    certs = taxonomy.occupation_cert[occ]
    has = certs >= 0
    cptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(has, out=cptr[1:])
    return JobArrays(
        ids=np.arange(n, dtype=np.int64),
        x_km=x,
        y_km=y,
        occupation=occ,
        open_places=rng.integers(1, 6, n),
        end_day=TODAY + rng.integers(1, 90, n),
        slots=np.array(PATTERNS, dtype=np.uint64)[rng.integers(0, len(PATTERNS), n)],
        pay=taxonomy.typical_pay[occ].mean(axis=1),
        pay_unit=taxonomy.pay_unit[occ],
        urgent=rng.random(n) < 0.1,
        posted_day=TODAY - rng.integers(0, 30, n),
        cert_ptr=cptr,
        cert_idx=certs[has],
    )


__all__ = ["TODAY", "PayUnit", "job_queries", "jobs", "occupation_ranks", "workers"]
