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
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

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
