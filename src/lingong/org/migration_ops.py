"""Operations shared by migrations. Everything here reads historical models from ``apps`` only, so a
migration that uses it means the same thing whenever it runs."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill_market_from_parent(*tables: tuple[str, str]) -> migrations.RunPython:
    """Fill the new ``market`` column of each table (``("app.Model", "parent relation")``, parents first)
    from its parent's market: one UPDATE with a correlated subquery per table, on any database."""

    def fill(apps: Any, schema_editor: Any) -> None:
        for label, parent in tables:
            rows = apps.get_model(label)
            parents = rows._meta.get_field(parent).related_model
            market = parents.objects.filter(pk=OuterRef(f"{parent}_id")).values("market_id")[:1]
            rows.objects.filter(market__isnull=True).update(market_id=Subquery(market))

    return migrations.RunPython(fill, migrations.RunPython.noop)
