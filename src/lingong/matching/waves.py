"""The quick-recruit wave schedule (即时快招), as plain arithmetic shared by the platform and the simulator.

A campaign's first wave reaches out to the market's start radius; each later wave doubles the radius up to the
cap and follows the last after the market's wave interval; once a wave has reached the cap no more follow. A
wave invites ``ceil(open places x over-invite factor)`` of the best-ranked workers not invited before and not
busy. ``recruit.services.run_wave`` and ``sim.policies.Waves`` both call this, so the simulator measures the
policy the platform runs, not a copy of it.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class WaveStep:
    radius_km: float
    size: int  # how many to invite in this wave
    more_follow: bool  # another wave after the interval (the radius is still below the cap)


def next_wave(
    *,
    last_radius_km: float | None,
    open_places: int,
    start_radius_km: float,
    cap_km: float,
    over_invite_factor: float,
) -> WaveStep:
    """The next wave of a campaign whose last wave reached ``last_radius_km`` (None: no wave yet)."""
    radius = float(start_radius_km) if last_radius_km is None else float(last_radius_km) * 2
    radius = min(radius, float(cap_km))
    size = math.ceil(max(int(open_places), 0) * float(over_invite_factor))
    return WaveStep(radius_km=radius, size=size, more_follow=radius < float(cap_km))


def ranking_depth(size: int, already_invited: int) -> int:
    """How many ranked candidates to ask the engine for, so that ``size`` new ones remain after skipping
    those invited before (and some busy ones)."""
    return min(size + already_invited + 50, 1000)


def choose_invitees(
    ranked_ids: Iterable[int], invited: Collection[int], busy: Collection[int], size: int
) -> list[int]:
    """The first ``size`` ranked workers neither invited before nor busy, best first."""
    chosen: list[int] = []
    for worker_id in ranked_ids:
        if len(chosen) >= size:
            break
        if worker_id not in invited and worker_id not in busy:
            chosen.append(worker_id)
    return chosen
