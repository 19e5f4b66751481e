"""Deterministic demo data for the Lunan gig market (路南区零工市场), written with bulk inserts.

Why bulk: the services write one row per call plus audit entries and notifications, which for ~100k rows
takes minutes. The builders make unsaved model instances in Python and write them with ``bulk_create``
inside one transaction, while keeping every invariant the services enforce: valid resident IDs and
credit codes, unique blind indexes and phones, coordinates in the served area, hard-gate certificates
on jobs and on applicants, and never more accepted applications than places. Only the demo cast's
engagements (chain.py) go through the services, one step at a time.

Determinism: every draw comes from one ``random.Random(seed)`` (context.DemoContext) in a fixed order
and no draw depends on database ids or on the date, so the same seed gives the same people, employers
and titles. Dates that must be live (jobs, applications, certificate validity, registration times) are
placed relative to the run's reference moment; birth dates, and so the ID numbers, are fixed relative
to ``identities.IDENTITY_EPOCH``.

The modules, in build order: org (market, centres, stations, staff), employers, workers, jobs and
story_jobs (postings) with applications, chain (engagements through the services); cleanup deletes
the market again and logins prints the demo accounts.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lingong.demo.build import build_demo_market, ensure_reference_data, market_is_loaded
    from lingong.demo.cleanup import delete_demo_data
    from lingong.demo.logins import demo_logins_table

__all__ = [
    "build_demo_market",
    "delete_demo_data",
    "demo_logins_table",
    "ensure_reference_data",
    "market_is_loaded",
]

# Loaded on first use: Django imports this package (an installed app) before the models are ready, and
# every module behind these names imports models.
_HOME = {
    "build_demo_market": "lingong.demo.build",
    "ensure_reference_data": "lingong.demo.build",
    "market_is_loaded": "lingong.demo.build",
    "delete_demo_data": "lingong.demo.cleanup",
    "demo_logins_table": "lingong.demo.logins",
}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(import_module(_HOME[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
