"""Frozen query and result types: what an adapter hands in and gets back."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lingong.matching.config import PayUnit


@dataclass(frozen=True)
class JobQuery:
    """Looking for workers: a job's place, occupation and conditions.

    Days are integers on one calendar (e.g. days since 1970-01-01); a certificate must not expire before
    `end_day`. `slots` is a weekly bitmask (config.slot_mask), 0 meaning "any time".

    `seen_ids` are the workers this job has already shown its employer: the exposure each of them got from
    that showing is not held against them in this job's own ranking (it still counts for other jobs), so
    looking at the same list again does not reorder it.
    """

    x_km: float
    y_km: float
    occupation: int
    radius_km: float = 10.0
    allow_related: bool = True
    required_certs: tuple[int, ...] = ()
    start_day: int = 0
    end_day: int = 0
    slots: int = 0
    pay: float = 0.0
    pay_unit: int = PayUnit.DAY
    exclude_ids: tuple[int, ...] = ()
    seen_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class WorkerQuery:
    """Looking for jobs: a worker's place, skills, valid certificates (type, expiry day) and wishes."""

    x_km: float
    y_km: float
    occupations: tuple[int, ...]
    travel_radius_km: float = 10.0
    radius_km: float | None = None  # search radius; defaults to the travel radius
    certs: tuple[tuple[int, int], ...] = ()
    slots: int = 0
    pay: float = 0.0
    pay_unit: int = PayUnit.DAY
    exclude_ids: tuple[int, ...] = ()


@dataclass(frozen=True, eq=False)
class Ranking:
    """Top-k result, best first: parallel arrays (ids of workers or jobs) plus scan statistics."""

    ids: np.ndarray
    scores: np.ndarray
    distance_km: np.ndarray
    fit: np.ndarray  # scoring.EXACT or scoring.RELATED
    occupation: np.ndarray  # the occupation that matched (the related one for RELATED)
    pay_fit: np.ndarray
    scanned: int = 0  # posting entries read
    in_radius: int = 0  # rows that passed the radius filter

    def __len__(self) -> int:
        return int(self.ids.size)

    @classmethod
    def empty(cls) -> Ranking:
        z = np.zeros(0)
        return cls(z.astype(np.int64), z, z, z.astype(np.int8), z.astype(np.int16), z)


@dataclass(frozen=True)
class Reason:
    """Why one candidate was ranked where it was; `sentence` is what the user reads."""

    id: int
    score: float
    occupation: str
    occupation_name: str
    exact: bool
    certified: bool
    distance_km: float
    rating: float | None
    rating_count: int
    expected_pay: float
    offer: float
    pay_unit: int
    pay_fit: float
    groups: tuple[str, ...] = field(default=())
    sentence: str = ""
