"""Form helpers for the occupation catalogue."""

from __future__ import annotations

from lingong.taxonomy.models import Occupation


def occupation_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Occupations grouped by industry, for a select with optgroups."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for occ in Occupation.objects.select_related("industry").order_by("industry__order", "order"):
        groups.setdefault(occ.industry.name, []).append((occ.code, occ.name))
    return list(groups.items())
