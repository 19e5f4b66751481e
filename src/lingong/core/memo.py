"""A small per-process cache for derived reads, keyed by a version of what they were derived from.

The job lists, a job's detail and a worker's recommendations are read far more often than the jobs change
(issue 15: a city's workers refreshing their home page). Their keys carry the matching index's version of
the market's jobs (``jobs.matching_index.jobs_version``), which changes at once in this process and, by the
index's poll, within about a second in another; an entry under an old version is never read again and ages
out of the bounded LRU order.

Per process, not in Redis: the index's version numbers are this process's own (another process counts its
changes differently), the values are Python objects (model instances with their prefetched rows) that need
no pickling, and a hit costs a dict lookup rather than a network round trip. Hand-written rather than
``cachetools``: an ``OrderedDict`` under a lock is the whole of it, and the project carries no dependency for
twenty lines of the standard library.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from django.db import transaction
from django.db.models.signals import post_delete, post_save

V = TypeVar("V")

_every: weakref.WeakSet[ProcessCache[object]] = weakref.WeakSet()


def clear_all() -> None:
    """Empty every process cache (tests: rolled-back rows' ids are reused, and a job's market with them)."""
    for cache in list(_every):
        cache.clear()


class ProcessCache(Generic[V]):
    """A bounded, thread-safe least-recently-used map of values that are never None; ``get_or_make``
    computes a missing value outside the lock (two threads may both compute it once; the later one is
    kept)."""

    def __init__(self, maxsize: int) -> None:
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self.maxsize = maxsize
        self._data: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        _every.add(self)  # type: ignore[arg-type]

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        value = self.get(key)
        if value is None:
            value = make()
            self.put(key, value)
        return value

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            if key not in self._data:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return self._data[key]

    def put(self, key: Hashable, value: V) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)


class Kept(Generic[V]):
    """A value and the monotonic time after which it is no longer served."""

    __slots__ = ("until", "value")

    def __init__(self, value: V, until: float) -> None:
        self.value = value
        self.until = until


class TimedCache(Generic[V]):
    """Reads that have no version to key them by (a market's banners, the catalogue's choices), kept per
    process for at most ``seconds`` and dropped at once when this process saves one of their models
    (``clear_on_save``). Another process's save is seen within ``seconds``: for what is read on every page
    and changes a few times a day, that is the price of not asking the database each time. Values may be
    None (no banner today)."""

    def __init__(self, maxsize: int, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        if seconds <= 0:
            raise ValueError("seconds must be positive")
        self.seconds = seconds
        self._clock = clock
        self._kept: ProcessCache[Kept[V]] = ProcessCache(maxsize)

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        now = self._clock()
        kept = self._kept.get(key)
        if kept is None or kept.until <= now:
            kept = Kept(make(), now + self.seconds)
            self._kept.put(key, kept)
        return kept.value

    def clear(self) -> None:
        """Drop every value."""
        self._kept.clear()

    def clear_on_save(self, *models: type) -> None:
        """Drop the values whenever one of ``models`` is saved or deleted in this process: at the save, and
        again when its transaction commits (another request may have read the old row in between)."""
        for model in models:
            uid = f"memo-{id(self)}-{model.__module__}.{model.__qualname__}"
            post_save.connect(self._saved, sender=model, weak=False, dispatch_uid=uid + "-save")
            post_delete.connect(self._saved, sender=model, weak=False, dispatch_uid=uid + "-delete")

    def _saved(self, *args: Any, **kwargs: Any) -> None:
        self.clear()
        transaction.on_commit(self.clear)

    def __len__(self) -> int:
        return len(self._kept)
