"""Form helpers for the administrative divisions every address form offers."""

from __future__ import annotations

from lingong.core.memo import TimedCache
from lingong.org.models import Division
from lingong.org.selectors import districts

# Every job list page offers the city's districts (issue 15); they change when the divisions are loaded.
_districts: TimedCache[tuple[tuple[str, str], ...]] = TimedCache(maxsize=64, seconds=60)
_districts.clear_on_save(Division)


def district_choices(city_code: str | None = None) -> list[tuple[str, str]]:
    """Districts and counties; of one city (its 6-digit code, e.g. a market's ``city_code``) if given."""
    pairs = _districts.get_or_make(city_code, lambda: tuple((d.code, d.name) for d in districts(city_code)))
    return list(pairs)


def division_choices() -> list[tuple[str, str]]:
    result = []
    for d in Division.objects.exclude(level="city").order_by("code"):
        prefix = "　" if d.level == "subdistrict" else ""
        result.append((d.code, f"{prefix}{d.name}"))
    return result
