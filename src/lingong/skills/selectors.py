"""Skill gaps (技能缺口, issue 13 §1): what to train, read from open places and the workers near them.

The signatures here are the contract with the apps above (training recommends courses from
``unlocks_for_worker``); the skills helper fills in the bodies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from lingong.workers.models import WorkerProfile


@dataclass(frozen=True)
class CertificateUnlock:
    """A certificate the worker lacks and the open places near them that it alone stands between."""

    certificate_code: str
    certificate_name: str
    places: int  # open places (headcount not yet taken) the certificate would unlock
    jobs: int
    pay_min: Decimal | None
    pay_max: Decimal | None
    pay_unit: str  # the most common unit among those jobs (taxonomy PayUnit value)
    job_ids: tuple[int, ...] = field(default=())


def unlocks_for_worker(
    worker: WorkerProfile, *, radius_km: float | None = None, limit: int = 5
) -> list[CertificateUnlock]:
    """The certificates that would unlock the most open places within ``radius_km`` (default: the market
    policy's ``skill_gap_radius_km``) of the worker's home, most places first."""
    raise NotImplementedError  # issue 13: written by the skills part
