"""Load the Tangshan administrative divisions from data/divisions.json (idempotent upsert)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from lingong.core.geo import gcj02_to_wgs84

DIVISIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "divisions.json"


@lru_cache(maxsize=1)
def load_divisions_file() -> dict[str, Any]:
    with DIVISIONS_FILE.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def sync_divisions(division_model: Any = None) -> int:
    # Imported when called: migrations call these with historical models (the concrete ones are a default).
    from lingong.org.models import Division

    model = division_model or Division
    data = load_divisions_file()
    datum = data.get("datum", "gcj02")
    rows = sorted(data["divisions"], key=lambda d: len(d["code"]))  # parents first
    for row in rows:
        lon, lat = (row["lon"], row["lat"])
        if datum == "gcj02":
            lon, lat = gcj02_to_wgs84(lon, lat)
        model.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "short_name": row.get("short_name") or row["name"],
                "level": row["level"],
                "parent_id": row.get("parent"),
                "lat": round(lat, 6),
                "lon": round(lon, 6),
                "source_datum": datum,
                "approximate": bool(row.get("approximate", True)),
            },
        )
    return len(rows)


def sync_divisions_after_migrate(sender: Any, **kwargs: Any) -> None:
    # Imported when called: migrations call these with historical models (the concrete ones are a default).
    from lingong.org.models import Division

    if Division.objects.using(kwargs.get("using", "default")).count() != len(
        load_divisions_file()["divisions"]
    ):
        sync_divisions()
