"""The context every builder shares: one ``random.Random(seed)``, the run's reference moment, the
reference data and identity registries, the counts, and small helpers for bulk writes and draws."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone

from lingong.demo.catalogue import Catalogue
from lingong.demo.common import NoProgress, Progress, SeedOptions, load_names
from lingong.demo.geography import OTHER_DISTRICT_ROADS, Geography, Place
from lingong.demo.identities import Identities
from lingong.org.models import Division

BATCH = 2000


@dataclass
class DemoContext:
    """Every draw goes through ``rng`` in a fixed order, so the same seed gives the same market."""

    opts: SeedOptions
    rng: random.Random
    progress: Progress
    now: dt.datetime
    names: dict[str, Any]
    geo: Geography
    cat: Catalogue
    ids: Identities
    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def start(cls, options: SeedOptions, progress: Progress | None = None) -> DemoContext:
        names = load_names()
        return cls(
            opts=options,
            rng=random.Random(options.seed),
            progress=progress or NoProgress(),
            now=timezone.now(),
            names=names,
            geo=Geography(list(Division.objects.order_by("code"))),
            cat=Catalogue(),
            ids=Identities(names),
        )

    @property
    def today(self) -> dt.date:
        return timezone.localdate(self.now)

    def save(self, model: type[models.Model], rows: Sequence[Any], label: str = "") -> None:
        """Bulk-insert ``rows`` in batches; ``label`` names the count they add to."""
        for start in range(0, len(rows), BATCH):
            model._default_manager.bulk_create(rows[start : start + BATCH])
        if label:
            self.counts[label] = self.counts.get(label, 0) + len(rows)

    def past(self, max_days: float, min_days: float = 0.0) -> dt.datetime:
        return self.now - dt.timedelta(days=self.rng.uniform(min_days, max_days))

    def near(self, lat: float, lon: float, spread_km: float) -> tuple[float, float]:
        return self.geo.near(self.rng, Place("", "", lat, lon), spread_km)

    def address(self, place: Place) -> str:
        if place.in_lunan:
            street = self.rng.choice(self.names["lunan_streets"])
            return f"唐山市路南区{street}{self.rng.randint(1, 400)}号"
        return f"唐山市{place.name}{self.rng.choice(OTHER_DISTRICT_ROADS)}{self.rng.randint(1, 400)}号"
