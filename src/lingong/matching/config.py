"""One documented, versioned configuration for matching: score weights and index settings.

Score of worker w for job j (every component lies in [0, 1] before weighting):

    score = occupation fit          exact_weight when w holds j's occupation, related_weight for a related one
          + distance_weight    * 1 / (1 + (d / r_w)^2)     d: distance in km, r_w: w's own travel radius,
                                                             so 0.5 at the edge of what the worker will travel
          + pay_weight         * pay fit                     1 when the offer meets the expectation, falling
                                                             linearly to 0 at pay_tolerance below it
          + rating_weight      * (smoothed rating - 1) / 4   Bayesian: (prior_mean*prior_count + sum) /
                                                             (prior_count + n): new workers start at the prior
          + reliability_weight * reliability                 completion share in [0, 1] from the platform
          + recency_weight     * exp(-days since active / recency_tau_days)
          + policy bonus                                     sum of group_weights for the worker's target
                                                             groups, capped at policy_cap
          - exposure_weight    * min(1, log1p(exposure) / log1p(exposure_cap))
                                                             so the same few workers are not shown to everyone

The reverse ranking (jobs for a worker) uses the same fit, distance and pay terms plus a job term:
urgent_weight for urgent jobs, recency of posting, and the employer's smoothed rating.

Change any default -> bump VERSION, so stored rankings and audit entries can name the formula they came from.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

VERSION = "2026.1-m1"

# Weekly availability: 7 days x 8 blocks of 3 hours = 56 bits in one uint64 per worker or job.
# Coarser than half-hours on purpose: one AND per candidate, and a gig day is booked in blocks anyway.
BLOCK_HOURS = 3
BLOCKS_PER_DAY = 24 // BLOCK_HOURS
SLOT_BITS = 7 * BLOCKS_PER_DAY
ALL_SLOTS = (1 << SLOT_BITS) - 1


class PayUnit(enum.IntEnum):
    HOUR = 0
    DAY = 1
    MONTH = 2
    PIECE = 3

    @classmethod
    def from_code(cls, code: str) -> PayUnit:
        return cls[code.upper()]


PAY_UNIT_LABELS = {
    PayUnit.HOUR: "时薪",
    PayUnit.DAY: "日薪",
    PayUnit.MONTH: "月薪",
    PayUnit.PIECE: "计件单价",
}

# Target groups of employment policy; bit i of a worker's group mask means TARGET_GROUPS[i].
TARGET_GROUPS = (
    "脱贫人口",
    "退役军人",
    "残疾人",
    "就业困难人员",
    "大龄劳动者",
    "高校毕业生",
    "失业人员",
    "农民工",
)


def slot_mask(days: tuple[int, ...] | range, start_hour: int, end_hour: int) -> int:
    """Bits of the 3-hour blocks overlapping [start_hour, end_hour) on each weekday (0 = Monday)."""
    if not 0 <= start_hour < end_hour <= 24:
        raise ValueError("hours must satisfy 0 <= start < end <= 24")
    first, last = start_hour // BLOCK_HOURS, (end_hour - 1) // BLOCK_HOURS
    mask = 0
    for day in days:
        if not 0 <= day < 7:
            raise ValueError("weekday must be 0..6")
        for block in range(first, last + 1):
            mask |= 1 << (day * BLOCKS_PER_DAY + block)
    return mask


@dataclass(frozen=True)
class MatchConfig:
    version: str = VERSION
    # occupation fit
    exact_weight: float = 1.0
    related_weight: float = 0.5
    # distance and pay
    distance_weight: float = 1.0
    min_travel_radius_km: float = 1.0
    pay_weight: float = 0.6
    pay_tolerance: float = 0.3
    pay_unknown_fit: float = 0.5
    hours_per_day: float = 8.0
    days_per_month: float = 26.0
    # worker quality
    rating_weight: float = 0.5
    rating_prior_mean: float = 4.0
    rating_prior_count: float = 5.0
    reliability_weight: float = 0.4
    reliability_prior: float = 0.8
    recency_weight: float = 0.3
    recency_tau_days: float = 14.0
    # policy and fairness
    group_weights: tuple[float, ...] = field(default=(0.15,) * len(TARGET_GROUPS))
    policy_cap: float = 0.3
    exposure_weight: float = 0.3
    exposure_cap: float = 50.0
    # job side (reverse ranking)
    urgent_weight: float = 0.3
    job_recency_weight: float = 0.2
    employer_rating_weight: float = 0.3
    # query limits
    max_radius_km: float = 100.0
    max_k: int = 1000

    def __post_init__(self) -> None:
        if len(self.group_weights) > 16:
            raise ValueError("at most 16 target groups fit the uint16 group mask")
        if not self.exact_weight >= self.related_weight >= 0:
            raise ValueError("exact fit must weigh at least as much as related fit")


@dataclass(frozen=True)
class IndexConfig:
    """Layout of an index; affects speed and memory, never results."""

    cell_km: float = 2.0
    compact_fraction: float = 0.05
    compact_min_rows: int = 4096
    # Queries whose box holds more posting entries than this visit cells best-bound-first and skip cells that
    # cannot reach the k-th score (two passes); smaller ones scan the box once.
    prune_min_entries: int = 8192
    prune_first_pass_per_k: int = 64
    # Bounds are kept per block of this many posting entries; within a cell, workers are stored by travel
    # radius then static score (both descending), so a block's bound is close to its members' scores.
    bound_block_entries: int = 32
