"""Form helpers for the administrative divisions every address form offers."""

from __future__ import annotations

from lingong.org.models import Division
from lingong.org.selectors import districts


def district_choices(city_code: str | None = None) -> list[tuple[str, str]]:
    """Districts and counties; of one city (its 6-digit code, e.g. a market's ``city_code``) if given."""
    return [(d.code, d.name) for d in districts(city_code)]


def division_choices() -> list[tuple[str, str]]:
    result = []
    for d in Division.objects.exclude(level="city").order_by("code"):
        prefix = "　" if d.level == "subdistrict" else ""
        result.append((d.code, f"{prefix}{d.name}"))
    return result
