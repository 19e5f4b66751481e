"""The score's components as vectorised functions (the formula is documented in config.py).

Query-time terms use only IEEE add, multiply, divide and sqrt, so a scalar re-implementation gets the same
bits; terms with exp/log depend only on the worker or job and are precomputed into a per-row `static` score.
"""

from __future__ import annotations

import numpy as np

from lingong.matching.config import MatchConfig, PayUnit

# Arrays or numpy/Python scalars: the same formula serves a vector of candidates and one figure.
Num = np.ndarray | np.floating | np.integer | float | int

EXACT = 2
RELATED = 1


def distance_decay(distance: np.ndarray, travel_radius: Num) -> np.ndarray:
    """1 at the door, 0.5 at the worker's own travel radius, tending to 0 beyond it."""
    q = distance / travel_radius
    out: np.ndarray = 1.0 / (1.0 + q * q)
    return out


def per_day(pay: Num, unit: Num, cfg: MatchConfig) -> np.ndarray:
    """Pay converted to a day's worth; NaN for piece rates, which do not convert."""
    factor = np.array([cfg.hours_per_day, 1.0, 1.0 / cfg.days_per_month, np.nan])
    out: np.ndarray = np.asarray(pay, dtype=np.float64) * factor[np.asarray(unit, dtype=np.int64)]
    return out


def pay_fit(offer_day: Num, expect_day: Num, cfg: MatchConfig) -> np.ndarray:
    """1 when the offer meets the expectation, linear down to 0 at `pay_tolerance` below it.

    Both sides are already in comparable units (per_day, or both raw piece rates). Unknown or incomparable
    figures (<= 0 or NaN on either side) get the neutral `pay_unknown_fit`.
    """
    offer_day, expect_day = np.asarray(offer_day), np.asarray(expect_day)
    with np.errstate(divide="ignore", invalid="ignore"):
        fit = 1.0 - (expect_day - offer_day) / (expect_day * cfg.pay_tolerance)
    fit = np.minimum(np.maximum(fit, 0.0), 1.0)
    known = (expect_day > 0) & (offer_day > 0)
    out: np.ndarray = np.where(known, fit, cfg.pay_unknown_fit)
    return out


def comparable_pay(
    offer: float,
    offer_unit: int,
    pay: np.ndarray,
    pay_unit: np.ndarray,
    pay_day: np.ndarray,
    cfg: MatchConfig,
) -> tuple[float, np.ndarray]:
    """(offer, other side) in one unit: per day, or raw when the offer is a piece rate (then only piece rates
    compare). `pay_day` is per_day(pay, pay_unit), precomputed per row."""
    if offer_unit == PayUnit.PIECE:
        return float(offer), np.where(pay_unit == PayUnit.PIECE, pay, np.nan)
    return float(per_day(np.float64(offer), np.int8(offer_unit), cfg)), pay_day


def smoothed_rating(rating_sum: np.ndarray, rating_count: np.ndarray, cfg: MatchConfig) -> np.ndarray:
    out: np.ndarray = (cfg.rating_prior_mean * cfg.rating_prior_count + rating_sum) / (
        cfg.rating_prior_count + rating_count
    )
    return out


def policy_bonus(groups: np.ndarray, cfg: MatchConfig) -> np.ndarray:
    bits = (groups.astype(np.int64)[:, None] >> np.arange(len(cfg.group_weights))) & 1
    out: np.ndarray = np.minimum(
        (bits * np.asarray(cfg.group_weights, dtype=np.float64)).sum(axis=1), cfg.policy_cap
    )
    return out


def exposure_penalty(exposure: np.ndarray, cfg: MatchConfig) -> np.ndarray:
    out: np.ndarray = np.minimum(1.0, np.log1p(np.maximum(exposure, 0.0)) / np.log1p(cfg.exposure_cap))
    return out


def recency(last_day: np.ndarray, today: int, tau: float) -> np.ndarray:
    idle = np.maximum(today - last_day.astype(np.float64), 0.0)
    out: np.ndarray = np.exp(-idle / tau)
    return out


def worker_static(
    rating_sum: np.ndarray,
    rating_count: np.ndarray,
    reliability: np.ndarray,
    last_active_day: np.ndarray,
    groups: np.ndarray,
    exposure: np.ndarray,
    today: int,
    cfg: MatchConfig,
) -> np.ndarray:
    """The part of a worker's score that does not depend on the job."""
    rating = (smoothed_rating(rating_sum, rating_count, cfg) - 1.0) / 4.0
    rel = np.where(np.isnan(reliability), cfg.reliability_prior, np.clip(reliability, 0.0, 1.0))
    out: np.ndarray = (
        cfg.rating_weight * rating
        + cfg.reliability_weight * rel
        + cfg.recency_weight * recency(last_active_day, today, cfg.recency_tau_days)
        + policy_bonus(groups, cfg)
        - cfg.exposure_weight * exposure_penalty(exposure, cfg)
    )
    return out


def job_static(
    urgent: np.ndarray,
    posted_day: np.ndarray,
    employer_rating_sum: np.ndarray,
    employer_rating_count: np.ndarray,
    today: int,
    cfg: MatchConfig,
) -> np.ndarray:
    """The part of a job's score that does not depend on the worker."""
    rating = (smoothed_rating(employer_rating_sum, employer_rating_count, cfg) - 1.0) / 4.0
    out: np.ndarray = (
        cfg.urgent_weight * urgent.astype(np.float64)
        + cfg.job_recency_weight * recency(posted_day, today, cfg.recency_tau_days)
        + cfg.employer_rating_weight * rating
    )
    return out


def plan_fit(pos: np.ndarray, n_exact: int, cfg: MatchConfig) -> tuple[np.ndarray, np.ndarray]:
    """(fit kind, fit score) for plan positions: the first n_exact positions are exact matches."""
    exact = pos < n_exact
    return np.where(exact, EXACT, RELATED).astype(np.int8), np.where(
        exact, cfg.exact_weight, cfg.related_weight
    )


def top_k_order(scores: np.ndarray, ids: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k best scores, best first, ties broken by ascending id."""
    n = scores.shape[0]
    if n > k:
        kth = np.partition(scores, n - k)[n - k]
        pos = np.flatnonzero(scores >= kth)  # keeps every tie at the boundary for the id tie-break
    else:
        pos = np.arange(n)
    order: np.ndarray = pos[np.lexsort((ids[pos], -scores[pos]))][:k]
    return order
