"""Form helpers for the occupation catalogue."""

from __future__ import annotations

from lingong.core.memo import TimedCache
from lingong.taxonomy.models import Industry, Occupation

# Every job list page offers the whole catalogue (issue 15): it changes when a taxonomy version is loaded,
# so a process reads it at most once a minute, and at once after its own change.
_groups: TimedCache[tuple[tuple[str, tuple[tuple[str, str], ...]], ...]] = TimedCache(maxsize=1, seconds=60)
_groups.clear_on_save(Occupation, Industry)


def occupation_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Occupations grouped by industry, for a select with optgroups (a new list each time: callers may
    change it)."""
    return [(industry, list(pairs)) for industry, pairs in _groups.get_or_make("all", _read_groups)]


def _read_groups() -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    groups: dict[str, list[tuple[str, str]]] = {}
    # Three columns, not model instances (hundreds of rows).
    rows = Occupation.objects.order_by("industry__order", "order").values_list(
        "industry__name", "code", "name"
    )
    for industry, code, name in rows:
        groups.setdefault(industry, []).append((code, name))
    return tuple((industry, tuple(pairs)) for industry, pairs in groups.items())
