"""What every step of the demo build shares: the options, the progress bar, weighted draws, pay and
shift times, and the names file."""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any, Protocol

from django.utils import timezone

NAMES_FILE = Path(__file__).resolve().parent.parent / "data" / "demo" / "names.json"
SHIFT_GRID = 30  # minutes: the demo's shifts start and end on the hour or the half hour

FULL_SHIFTS = (
    (dt.time(8, 0), dt.time(17, 0), Decimal("8")),
    (dt.time(7, 30), dt.time(17, 30), Decimal("9")),
    (dt.time(8, 30), dt.time(17, 30), Decimal("8")),
    (dt.time(9, 0), dt.time(18, 0), Decimal("8")),
    (dt.time(7, 0), dt.time(15, 0), Decimal("8")),
)
PART_SHIFTS = (
    (dt.time(8, 30), dt.time(12, 0), Decimal("3.5")),
    (dt.time(13, 30), dt.time(17, 30), Decimal("4")),
    (dt.time(18, 0), dt.time(22, 0), Decimal("4")),
    (dt.time(10, 0), dt.time(14, 0), Decimal("4")),
    (dt.time(16, 0), dt.time(20, 0), Decimal("4")),
)


@dataclass(frozen=True)
class SeedOptions:
    seed: int = 2026
    stations: int = 133
    enterprises: int = 1100
    workers: int = 5200
    jobs: int = 3200


class Progress(Protocol):
    def update(self, n: int = 1) -> Any: ...

    def set_description(self, desc: str | None = None, refresh: bool = True) -> Any: ...


class NoProgress:
    def update(self, n: int = 1) -> None:
        return None

    def set_description(self, desc: str | None = None, refresh: bool = True) -> None:
        return None


class Picker:
    """Weighted choice with precomputed cumulative weights (random.choices recomputes them every call)."""

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        self.items: list[Any] = list(items)
        self.cum = list(accumulate(weights))

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect_left(self.cum, rng.random() * self.cum[-1])]


def picker(shares: dict[Any, float]) -> Picker:
    return Picker(list(shares), list(shares.values()))


def zipf_weights(n: int, s: float = 0.9) -> list[float]:
    """Occupations are listed most common first; a Zipf-like tail gives the rarer trades fewer people."""
    return [1 / (rank + 1) ** s for rank in range(n)]


def pay_in_range(rng: random.Random, low: int, high: int) -> Decimal:
    """A whole amount within [low, high] rounded the way people quote pay: to 5, 10 or 100 yuan."""
    low, high = min(low, high), max(low, high)
    step = 100 if high >= 2000 else 10 if high >= 100 else 5
    first, last = math.ceil(low / step), high // step
    if first <= last:
        return Decimal(rng.randint(first, last) * step)
    return Decimal(rng.randint(low, high))  # a range narrower than one step: whole yuan


def local_dt(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


Window = tuple[dt.time, dt.time]


def _clock(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


def live_window(now: dt.datetime) -> Window:
    """An eight-hour shift starting one to one and a half hours after ``now`` (23:30 at the latest): its
    check-in, open from two hours before the start, is live at once, and no-show marking is over an hour
    away. Late in the evening it is a night shift that ends the next morning."""
    local = timezone.localtime(now)
    start = min(-(-(local.hour * 60 + local.minute + 60) // SHIFT_GRID) * SHIFT_GRID, 23 * 60 + 30)
    return _clock(start), _clock((start + 8 * 60) % (24 * 60))


def worked_windows(now: dt.datetime) -> tuple[Window | None, Window]:
    """Two stretches of today that are over by ``now``, (earlier, later): up to four hours each, half an
    hour apart, the later one ending at the last full or half hour. Shifts cannot start before today, so a
    seed run in the small hours gets shorter stretches; before 01:30 there is room for one only (None for
    the earlier), and before 00:30 it ends after ``now`` (its check-out is then ``now``)."""
    local = timezone.localtime(now)
    end = (local.hour * 60 + local.minute) // SHIFT_GRID * SHIFT_GRID
    length = min(240, (end - SHIFT_GRID) // 2 // SHIFT_GRID * SHIFT_GRID)
    if length < SHIFT_GRID:
        return None, (_clock(0), _clock(max(end, SHIFT_GRID)))
    earlier_end = end - length - SHIFT_GRID
    return (_clock(earlier_end - length), _clock(earlier_end)), (_clock(end - length), _clock(end))


@lru_cache(maxsize=1)
def load_names() -> dict[str, Any]:
    with NAMES_FILE.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data
