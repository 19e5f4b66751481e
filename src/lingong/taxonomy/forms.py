"""Form helpers for the occupation catalogue."""

from __future__ import annotations

from lingong.taxonomy.models import Occupation


def occupation_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Occupations grouped by industry, for a select with optgroups."""
    groups: dict[str, list[tuple[str, str]]] = {}
    # Three columns, not model instances: this runs on every job list and form (hundreds of rows).
    rows = Occupation.objects.order_by("industry__order", "order").values_list(
        "industry__name", "code", "name"
    )
    for industry, code, name in rows:
        groups.setdefault(industry, []).append((code, name))
    return list(groups.items())
