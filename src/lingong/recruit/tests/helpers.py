"""Builders for the quick-recruit tests: a posting at a known place and workers around it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from lingong import testing as t
from lingong.core.geo import haversine_km
from lingong.org.models import Division
from lingong.recruit import services
from lingong.recruit.models import QuickRecruit
from lingong.workers.models import WorkerProfile


def place() -> dict[str, Any]:
    lunan = Division.objects.get(code=t.LUNAN)
    return {"division": t.LUNAN, "lat": lunan.lat, "lon": lunan.lon}


def offset(lat: float, lon: float, km_north: float) -> tuple[float, float]:
    """A point about km_north kilometres north of (lat, lon)."""
    return lat + km_north / 111.2, lon


def workers_near(cast: Any, n: int, *, km: float = 1.0, skill: str = "loader_driver") -> list[WorkerProfile]:
    p = place()
    lat, lon = offset(p["lat"], p["lon"], km)
    assert abs(haversine_km(p["lat"], p["lon"], lat, lon) - km) < 0.05
    return [
        t.make_worker(
            cast.market, name=f"张{'一二三四五六七八九十'[i % 10]}{i}", skills=[(skill, 5)], lat=lat, lon=lon
        )
        for i in range(n)
    ]


def tomorrow_at(hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def start(
    cast: Any,
    *,
    headcount: int = 2,
    now: dt.datetime | None = None,
    auto_offer: bool = True,
    occupations: list[str] | None = None,
    job_headcount: int | None = None,
    **job: Any,
) -> QuickRecruit:
    job = t.make_job(
        cast.employer,
        admin=cast.admin,
        headcount=job_headcount or headcount,
        occupations=occupations or ["loader_driver"],
        start_date=tomorrow_at(9).date(),
        end_date=tomorrow_at(9).date(),
        **place(),
        **job,
    )
    now = now or timezone.now()
    starts_at = tomorrow_at(9)
    data = services.CampaignInput(
        headcount=headcount,
        starts_at=starts_at,
        fill_deadline=starts_at - dt.timedelta(hours=1),
        auto_offer=auto_offer,
        job_id=job.pk,
    )
    return services.start_campaign(actor=cast.employer, data=data, now=now)
