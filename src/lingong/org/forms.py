"""Form helpers for the administrative divisions every address form offers."""

from __future__ import annotations

from lingong.org.models import Division


def district_choices() -> list[tuple[str, str]]:
    return [
        (d.code, d.name) for d in Division.objects.filter(level__in=["district", "county"]).order_by("code")
    ]


def division_choices() -> list[tuple[str, str]]:
    result = []
    for d in Division.objects.exclude(level="city").order_by("code"):
        prefix = "　" if d.level == "subdistrict" else ""
        result.append((d.code, f"{prefix}{d.name}"))
    return result
