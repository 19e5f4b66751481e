"""The figures of a market (or one centre's area): counters for what happened, small indexed counts for what
is true now. The open postings are counted with the same filter as the open-jobs list (GET /api/v1/jobs),
so the screen and the list always agree (tests/test_overview.py)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from lingong.engagements.models import (
    LIVE_ENGAGEMENT_STATUSES,
    Engagement,
    EngagementStatus,
    Shift,
    ShiftStatus,
)
from lingong.jobs.models import ApplicationStatus, JobPosting, JobStatus
from lingong.org import selectors as org_selectors
from lingong.org.models import Market, ServiceCentre, Station
from lingong.stats import counters
from lingong.stats.models import Metric
from lingong.taxonomy.models import Occupation
from lingong.workers.models import WorkerProfile, WorkerSkill

TOTAL_METRICS = {
    "registered_workers": Metric.WORKER_REGISTERED,
    "new_enterprises": Metric.ENTERPRISE_REGISTERED,
    "postings_published": Metric.JOB_PUBLISHED,
    "applications": Metric.APPLICATION,
    "matches": Metric.MATCH,
    "check_ins": Metric.CHECK_IN,
    "payments": Metric.PAYMENT,
    "insured": Metric.INSURED,
}
TREND_METRICS = {"applications": Metric.APPLICATION, "matches": Metric.MATCH, "check_ins": Metric.CHECK_IN}
TOP_OCCUPATIONS = 10
TOP_STATIONS = 10


def day_start(now: dt.datetime | None = None) -> dt.datetime:
    return timezone.localtime(now or timezone.now()).replace(hour=0, minute=0, second=0, microsecond=0)


def month_start(now: dt.datetime | None = None) -> dt.datetime:
    return day_start(now).replace(day=1)


def open_jobs(market_id: int, centre_id: int | None = None) -> QuerySet[JobPosting]:
    """The postings the open-jobs list shows (``jobs.selectors.browse_open_jobs`` with no filter)."""
    qs = JobPosting.objects.filter(market_id=market_id, status=JobStatus.OPEN)
    if centre_id is not None:
        qs = qs.filter(enterprise__station__centre_id=centre_id)
    return qs


def available_workers(market_id: int, centre_id: int | None = None) -> QuerySet[WorkerProfile]:
    """Workers of the market with an active account and no engagement holding them (a live one)."""
    engaged = Engagement.objects.filter(market_id=market_id, status__in=LIVE_ENGAGEMENT_STATUSES).values(
        "worker_id"
    )
    qs = WorkerProfile.objects.filter(
        market_id=market_id, user__is_active=True, user__erased_at__isnull=True
    ).exclude(pk__in=engaged)
    if centre_id is not None:
        qs = qs.filter(station__centre_id=centre_id)
    return qs


def _totals(market_id: int, centre_id: int | None, since: dt.datetime) -> dict[str, Any]:
    found = counters.sums(market_id, centre_id, since, TOTAL_METRICS.values())
    out: dict[str, Any] = {}
    for name, metric in TOTAL_METRICS.items():
        out[name] = found.get((metric,), (0, Decimal("0")))[0]
    out["pay_settled"] = str(found.get((Metric.PAYMENT,), (0, Decimal("0.00")))[1].quantize(Decimal("0.01")))
    return out


def _hourly(market_id: int, centre_id: int | None, now: dt.datetime) -> dict[str, list[int]]:
    start = day_start(now)
    found = counters.sums(market_id, centre_id, start, TREND_METRICS.values(), "hour")
    series: dict[str, list[int]] = {name: [0] * 24 for name in TREND_METRICS}
    names = {metric: name for name, metric in TREND_METRICS.items()}
    for (metric, hour), (count, _amount) in found.items():
        series[names[metric]][timezone.localtime(hour).hour] += count
    return {"hours": list(range(24)), **series}


def _open_places(jobs: QuerySet[JobPosting]) -> list[tuple[int, int, str]]:
    """(job id, places still open, division code) of each open posting."""
    rows = jobs.annotate(
        accepted=Count("applications", filter=Q(applications__status=ApplicationStatus.ACCEPTED))
    ).values_list("pk", "headcount", "accepted", "division_id")
    return [(pk, max(0, headcount - accepted), division) for pk, headcount, accepted, division in rows]


def _occupations(
    jobs_places: list[tuple[int, int, str]], workers: QuerySet[WorkerProfile]
) -> list[dict[str, Any]]:
    places: dict[str, int] = defaultdict(int)
    left = {pk: n for pk, n, _ in jobs_places}
    through = JobPosting.occupations.through.objects.filter(jobposting_id__in=list(left))
    for job_id, occupation in through.values_list("jobposting_id", "occupation_id"):
        places[occupation] += left[job_id]
    supply = dict(
        WorkerSkill.objects.filter(worker__in=workers, occupation_id__in=list(places))
        .values("occupation_id")
        .annotate(n=Count("worker_id", distinct=True))
        .values_list("occupation_id", "n")
    )
    top = sorted(places, key=lambda code: (-places[code], code))[:TOP_OCCUPATIONS]
    names = dict(Occupation.objects.filter(code__in=top).values_list("code", "name"))
    out = []
    for code in top:
        demand, available = places[code], int(supply.get(code, 0))
        ratio = round(available / demand, 2) if demand else None
        out.append(
            {
                "code": code,
                "name": names.get(code, code),
                "open_places": demand,
                "available_workers": available,
                "ratio": ratio,
            }
        )
    return out


def _districts(
    market: Market, jobs_places: list[tuple[int, int, str]], workers: QuerySet[WorkerProfile]
) -> list[dict[str, Any]]:
    rows = org_selectors.districts(market.city_code).values_list("code", "name")
    out = {
        code: {"code": code, "name": name, "open_places": 0, "available_workers": 0} for code, name in rows
    }
    for _pk, places, division in jobs_places:
        if division[:6] in out:
            out[division[:6]]["open_places"] += places  # type: ignore[operator]
    by_home = workers.values("home_division_id").annotate(n=Count("id")).values_list("home_division_id", "n")
    for division, n in by_home:
        if division and division[:6] in out:
            out[division[:6]]["available_workers"] += n  # type: ignore[operator]
    return sorted(out.values(), key=lambda d: str(d["code"]))


def _stations(market_id: int, centre_id: int | None, now: dt.datetime) -> list[dict[str, Any]]:
    found = counters.sums(market_id, centre_id, month_start(now), [Metric.MATCH], "station_id")
    placed = {station: count for (_m, station), (count, _a) in found.items() if station}
    top = sorted(placed, key=lambda s: (-placed[s], s))[:TOP_STATIONS]
    names = dict(Station.objects.filter(pk__in=top).values_list("pk", "name"))
    return [{"id": s, "name": names.get(s, ""), "placements": placed[s]} for s in top if s in names]


def overview(
    market: Market, centre: ServiceCentre | None = None, *, now: dt.datetime | None = None
) -> dict[str, Any]:
    """Every figure of the screen and of GET /api/v1/stats/overview. Nothing personal: counts and names of
    places, occupations and stations only."""
    now = now or timezone.now()
    centre_id = centre.pk if centre is not None else None
    jobs = open_jobs(market.pk, centre_id)
    jobs_places = _open_places(jobs)
    workers = available_workers(market.pk, centre_id)
    registered = WorkerProfile.objects.filter(market_id=market.pk)
    in_progress = Engagement.objects.filter(market_id=market.pk, status=EngagementStatus.IN_PROGRESS)
    at_work = Shift.objects.filter(engagement__market_id=market.pk, status=ShiftStatus.CHECKED_IN)
    if centre_id is not None:
        registered = registered.filter(station__centre_id=centre_id)
        in_progress = in_progress.filter(station__centre_id=centre_id)
        at_work = at_work.filter(engagement__station__centre_id=centre_id)
    return {
        "market_id": market.pk,
        "market_name": market.name,
        "centre_id": centre_id,
        "centre_name": centre.name if centre is not None else "",
        "generated_at": now.isoformat(),
        "today": _totals(market.pk, centre_id, day_start(now)),
        "month": _totals(market.pk, centre_id, month_start(now)),
        "now": {
            "open_postings": jobs.count(),
            "open_places": sum(places for _pk, places, _d in jobs_places),
            "active_employers": jobs.values("enterprise_id").distinct().count(),
            "engagements_in_progress": in_progress.count(),
            "people_at_work": at_work.count(),
            "available_workers": workers.count(),
            "registered_workers": registered.count(),
        },
        "hourly": _hourly(market.pk, centre_id, now),
        "occupations": _occupations(jobs_places, workers),
        "districts": _districts(market, jobs_places, workers),
        "stations": _stations(market.pk, centre_id, now),
    }


def station_points(market_id: int, centre_id: int | None = None) -> list[dict[str, Any]]:
    """Stations for the map: public places (name and position), as the public station list shows them."""
    qs = Station.objects.filter(market_id=market_id, is_active=True)
    if centre_id is not None:
        qs = qs.filter(centre_id=centre_id)
    return [{"id": s.pk, "name": s.name, "lat": s.lat, "lon": s.lon} for s in qs.order_by("pk")]
