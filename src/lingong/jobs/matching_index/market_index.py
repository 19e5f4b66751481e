"""One market's index (a WorkerIndex and a JobIndex under one lock), and its compaction off the request
path."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lingong.matching import JobIndex, WorkerIndex

logger = logging.getLogger("lingong.matching")
_serials = itertools.count(1)


@dataclass
class MarketIndex:
    market_id: int
    workers: WorkerIndex
    jobs: JobIndex
    build_seconds: float
    watermark: dt.datetime
    last_poll: float = field(default_factory=time.monotonic)
    lock: threading.RLock = field(default_factory=threading.RLock)
    # While a side ("workers" or "jobs") is being compacted on a copy, every change made to the live index is
    # also journalled here, to be replayed on the copy before it replaces the live one.
    journals: dict[str, list[Callable[[Any], None]]] = field(default_factory=dict)
    compactions: int = 0
    area_version: int = 1  # Market.area_version this index was built from
    stale: bool = False  # the poll saw a newer area version: rebuild on the next query
    # Job id -> the workers whose exposure was counted for showing them to that job's employer. It lives and
    # dies with the exposure it describes (this index); the job's own queries pass it as ``seen_ids``.
    shown: dict[int, set[int]] = field(default_factory=dict)
    # (serial, jobs_changes) names the state of this index's jobs: the serial is unique to this build in
    # this process, and every change applied to the jobs side counts one. Readers that keep something
    # derived from the market's open jobs (the skills panel's snapshot) key it by this pair.
    serial: int = field(default_factory=lambda: next(_serials))
    jobs_changes: int = 0
    # Worker id -> how many times that worker's rows were re-read into this index: with (serial,
    # jobs_changes) it names the state a worker's recommendations are derived from (``worker_version``).
    worker_changes: dict[int, int] = field(default_factory=dict)

    def nbytes(self) -> int:
        return self.workers.nbytes() + self.jobs.nbytes()

    def apply(self, side: str, change: Callable[[Any], None]) -> None:
        """Apply a change to the live index (caller holds ``lock``) and journal it during a compaction."""
        change(getattr(self, side))
        if side == "jobs":
            self.jobs_changes += 1
        journal = self.journals.get(side)
        if journal is not None:
            journal.append(change)


# Tests turn this off to compact inline, deterministically.
BACKGROUND_COMPACTION = True


def start_compaction(entry: MarketIndex, side: str) -> threading.Thread | None:
    """Fold an index's deltas in without stopping queries (caller holds ``entry.lock``).

    Compaction is O(N log N): about a second at a million workers. Queries keep using the live index while a
    copy is compacted in a thread; changes made meanwhile are journalled and replayed on the copy, which then
    replaces the live index in one assignment under the lock. Memory peaks at two copies of that index.
    """
    if side in entry.journals:
        return None  # one compaction per index at a time; the next update after it will check again
    if not BACKGROUND_COMPACTION:
        getattr(entry, side).compact()
        entry.compactions += 1
        return None
    live = getattr(entry, side)
    # Share the read-only taxonomy and served area; copy the arrays.
    snapshot = copy.deepcopy(live, memo={id(live.taxonomy): live.taxonomy, id(live.area): live.area})
    entry.journals[side] = []
    thread = threading.Thread(
        target=_compact_and_swap,
        args=(entry, side, snapshot),
        name=f"compact-{side}-{entry.market_id}",
        daemon=True,
    )
    thread.start()
    return thread


def _compact_and_swap(entry: MarketIndex, side: str, snapshot: Any) -> None:
    try:
        snapshot.compact()
        with entry.lock:
            for change in entry.journals.get(side, []):
                change(snapshot)
            setattr(entry, side, snapshot)
            entry.compactions += 1
    except Exception:  # the live index is still correct, only slower; the next update retries
        logger.exception("Background compaction of %s for market %s failed", side, entry.market_id)
    finally:
        with entry.lock:
            entry.journals.pop(side, None)
