"""Counters fed by the audit trail: what each counted action adds, the fold, and the sums a screen reads.

Every state change writes one ``audit.AuditEntry`` in its own transaction; ``signals.py`` hands each new
entry to ``deltas_for``, which turns the actions below into ``CounterDelta`` rows (inserted in the same
transaction: a rolled-back change counts nothing). ``fold`` moves the deltas into ``HourlyCounter`` in a
short transaction of its own, after commit and off the request (``live.after_change``, the minute sweep).
``sums`` reads both tables, so it is exact at any moment.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from lingong.audit.models import AuditEntry
from lingong.employers.models import Enterprise
from lingong.engagements.models import Engagement, Shift
from lingong.insurance.models import InsurancePolicy
from lingong.jobs.models import Application, JobPosting
from lingong.org.models import Division, Station
from lingong.settlement.models import Payment
from lingong.stats.models import CounterDelta, HourlyCounter, Metric
from lingong.workers.models import WorkerProfile

# Audit actions counted, and the metric each adds to. A posting opens either by "job.published" (staff or
# publish-then-review) or by "job.approved" (reviewed first); each opening writes exactly one of them.
COUNTED_ACTIONS: dict[str, str] = {
    "worker.registered": Metric.WORKER_REGISTERED,
    "enterprise.registered": Metric.ENTERPRISE_REGISTERED,
    "job.published": Metric.JOB_PUBLISHED,
    "job.approved": Metric.JOB_PUBLISHED,
    "application.applied": Metric.APPLICATION,
    # Offers the system made that created the application (a quick-recruit answer, an automatic
    # replacement): counted as applications only when ``data["created"]`` (see ``fact_for``).
    "application.offered_on_behalf": Metric.APPLICATION,
    "application.replacement_offered": Metric.APPLICATION,
    "application.accepted": Metric.MATCH,
    "shift.checked_in": Metric.CHECK_IN,
    "payment.recorded": Metric.PAYMENT,
    "insurance.issued": Metric.INSURED,
}
CREATED_BY_OFFER = frozenset({"application.offered_on_behalf", "application.replacement_offered"})


@dataclass
class Fact:
    """What one counted event is about: enough for the counter's dimensions and the feed line."""

    metric: str
    market_id: int
    at: dt.datetime
    district: str = ""
    occupation: str = ""  # the occupation's code
    occupation_name: str = ""
    centre_id: int = 0
    station_id: int = 0
    amount: Decimal = Decimal("0")
    worker_name: str = ""  # never shown as is: live.feed_line masks it
    enterprise_name: str = ""
    district_name: str = ""
    headcount: int = 0


def local_hour(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment).replace(minute=0, second=0, microsecond=0)


def _district(division: Any) -> tuple[str, str]:
    """The county-level division (区县) of a division row: the first six digits of its code (GB/T 2260)."""
    if division is None:
        return "", ""
    code = str(division.code)[:6]
    if division.code == code:
        return code, division.name
    return code, Division.objects.filter(code=code).values_list("name", flat=True).first() or ""


def _station_ids(*stations: Any) -> tuple[int, int]:
    """(centre, station) of the first station given that is set."""
    for station in stations:
        if station is not None:
            return int(station.centre_id or 0), int(station.pk)
    return 0, 0


def _first_occupation(job: JobPosting) -> Any:
    return job.occupations.order_by("pk").first()


def _person(worker: WorkerProfile) -> str:
    return worker.real_name or worker.user.display_name


def _about_engagement(fact: Fact, engagement: Engagement) -> Fact:
    fact.district, fact.district_name = _district(engagement.job.division)
    fact.occupation = engagement.occupation_id or ""
    fact.occupation_name = engagement.occupation.name if engagement.occupation_id else ""
    fact.centre_id, fact.station_id = _station_ids(engagement.worker.station, engagement.station)
    fact.worker_name = _person(engagement.worker)
    fact.enterprise_name = engagement.enterprise.name
    return fact


def fact_for(entry: AuditEntry) -> Fact | None:
    """The counted event an audit entry records, or None (not counted, or its object is gone)."""
    metric = COUNTED_ACTIONS.get(entry.action)
    if metric is None or not entry.chain or entry.result != "ok":
        return None
    if entry.action in CREATED_BY_OFFER and not (entry.data or {}).get("created"):
        return None  # an offer on an application that was already counted
    fact = Fact(metric=metric, market_id=int(entry.chain), at=entry.created_at)
    pk = entry.object_id
    if metric == Metric.WORKER_REGISTERED:
        worker = (
            WorkerProfile.objects.select_related("user", "station", "home_division").filter(pk=pk).first()
        )
        if worker is None:
            return None
        fact.district, fact.district_name = _district(worker.home_division)
        fact.centre_id, fact.station_id = _station_ids(worker.station)
        fact.worker_name = _person(worker)
        fact.at = worker.created_at
    elif metric == Metric.ENTERPRISE_REGISTERED:
        enterprise = Enterprise.objects.select_related("station", "division").filter(pk=pk).first()
        if enterprise is None:
            return None
        fact.district, fact.district_name = _district(enterprise.division)
        fact.centre_id, fact.station_id = _station_ids(enterprise.station)
        fact.enterprise_name = enterprise.name
        fact.at = enterprise.created_at
    elif metric == Metric.JOB_PUBLISHED:
        job = (
            JobPosting.objects.select_related("enterprise__station", "division", "station")
            .filter(pk=pk)
            .first()
        )
        if job is None:
            return None
        occupation = _first_occupation(job)
        fact.district, fact.district_name = _district(job.division)
        fact.occupation, fact.occupation_name = (occupation.pk, occupation.name) if occupation else ("", "")
        fact.centre_id, fact.station_id = _station_ids(job.enterprise.station, job.station)
        fact.enterprise_name = job.enterprise.name
        fact.headcount = job.headcount
        fact.at = job.published_at or fact.at
    elif metric in (Metric.APPLICATION, Metric.MATCH):
        application = (
            Application.objects.select_related(
                "job__division", "job__enterprise__station", "worker__user", "worker__station"
            )
            .filter(pk=pk)
            .first()
        )
        if application is None:
            return None
        job = application.job
        occupation = _first_occupation(job)
        fact.district, fact.district_name = _district(job.division)
        fact.occupation, fact.occupation_name = (occupation.pk, occupation.name) if occupation else ("", "")
        # Placements are credited to the worker's station (the one that brought them), else the employer's.
        fact.centre_id, fact.station_id = _station_ids(application.worker.station, job.enterprise.station)
        fact.worker_name = _person(application.worker)
        fact.enterprise_name = job.enterprise.name
        if metric == Metric.APPLICATION:
            fact.at = application.applied_at
    else:
        engagement = _engagement_of(metric, pk)
        if engagement is None:
            return None
        _about_engagement(fact, engagement)
        fact.at = _business_time(metric, pk) or fact.at
        if metric == Metric.PAYMENT:
            payment = Payment.objects.filter(pk=pk).first()
            fact.amount = payment.amount if payment is not None else Decimal("0")
    return fact


def _business_time(metric: str, pk: str) -> dt.datetime | None:
    """When it happened by the row's own record (what ``rebuild`` reads), not when it was written down."""
    if metric == Metric.CHECK_IN:
        return Shift.objects.filter(pk=pk).values_list("check_in_at", flat=True).first()
    if metric == Metric.PAYMENT:
        return Payment.objects.filter(pk=pk).values_list("paid_at", flat=True).first()
    if metric == Metric.INSURED:
        return InsurancePolicy.objects.filter(pk=pk).values_list("issued_at", flat=True).first()
    return None


def _engagement_of(metric: str, pk: str) -> Engagement | None:
    related = ("job__division", "worker__user", "worker__station", "station", "occupation", "enterprise")
    engagements = Engagement.objects.select_related(*related)
    if metric == Metric.CHECK_IN:
        shift = Shift.objects.filter(pk=pk).values_list("engagement_id", flat=True).first()
        return engagements.filter(pk=shift).first() if shift else None
    if metric == Metric.PAYMENT:
        engagement_id = (
            Payment.objects.filter(pk=pk).values_list("statement__engagement_id", flat=True).first()
        )
        return engagements.filter(pk=engagement_id).first() if engagement_id else None
    if metric == Metric.INSURED:
        engagement_id = InsurancePolicy.objects.filter(pk=pk).values_list("engagement_id", flat=True).first()
        return engagements.filter(pk=engagement_id).first() if engagement_id else None
    return None


def record_fact(fact: Fact) -> None:
    """Append the fact's delta (inside the caller's transaction)."""
    CounterDelta.objects.create(
        market_id=fact.market_id,
        hour=local_hour(fact.at),
        metric=fact.metric,
        district=fact.district,
        occupation=fact.occupation,
        centre_id=fact.centre_id,
        station_id=fact.station_id,
        count=1,
        amount=fact.amount,
    )


KEY_FIELDS = ("market_id", "hour", "metric", "district", "occupation", "centre_id", "station_id")


def fold(limit: int = 5000) -> int:
    """Move up to ``limit`` deltas into the hourly counters; return how many were folded.

    One short transaction: the deltas are locked (PostgreSQL skips rows another fold holds, so two folds
    never count a delta twice), summed per key, added to their counter rows and deleted.
    """
    with transaction.atomic():
        deltas = CounterDelta.objects.order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            deltas = deltas.select_for_update(skip_locked=True)
        rows = list(deltas.values(*KEY_FIELDS, "pk", "count", "amount")[:limit])
        if not rows:
            return 0
        sums: dict[tuple[Any, ...], list[Any]] = defaultdict(lambda: [0, Decimal("0")])
        for row in rows:
            total = sums[tuple(row[f] for f in KEY_FIELDS)]
            total[0] += row["count"]
            total[1] += row["amount"]
        for key, (count, amount) in sums.items():
            where = dict(zip(KEY_FIELDS, key, strict=True))
            updated = HourlyCounter.objects.filter(**where).update(
                count=F("count") + count, amount=F("amount") + amount
            )
            if not updated:
                HourlyCounter.objects.create(**where, count=count, amount=amount)
        CounterDelta.objects.filter(pk__in=[row["pk"] for row in rows]).delete()
        return len(rows)


def _scoped(
    model: Any, market_id: int, centre_id: int | None, since: dt.datetime, metrics: Iterable[str]
) -> Any:
    qs = model.objects.filter(market_id=market_id, hour__gte=since, metric__in=list(metrics))
    if centre_id is not None:
        qs = qs.filter(centre_id=centre_id)
    return qs


def sums(
    market_id: int, centre_id: int | None, since: dt.datetime, metrics: Iterable[str], *by: str
) -> dict[tuple[Any, ...], tuple[int, Decimal]]:
    """(count, amount) per value of ``by`` (always starting with the metric) since ``since``, folded and
    pending deltas together."""
    metric_list = list(metrics)
    keys = ("metric", *by)
    out: dict[tuple[Any, ...], list[Any]] = defaultdict(lambda: [0, Decimal("0")])
    for model in (HourlyCounter, CounterDelta):
        rows = (
            _scoped(model, market_id, centre_id, since, metric_list)
            .values(*keys)
            .annotate(n=Sum("count"), a=Sum("amount"))
            .order_by()
        )
        for row in rows:
            total = out[tuple(row[k] for k in keys)]
            total[0] += int(row["n"] or 0)
            total[1] += Decimal(row["a"] or 0)
    return {k: (v[0], v[1]) for k, v in out.items()}


def unfolded_markets() -> set[int]:
    return set(CounterDelta.objects.values_list("market_id", flat=True).distinct())


def rebuild(market_id: int) -> int:
    """Recount a market's counters from its source rows (the deltas and folded rows are replaced).

    For data written without the services (the demo's bulk rows, an import) and as the reconcile check:
    the attribution is the listener's (``fact_for``). Returns the number of counter rows written.
    """
    centre_of = dict(Station.objects.filter(market_id=market_id).values_list("pk", "centre_id"))
    first_occupation: dict[int, str] = {}
    through = JobPosting.occupations.through.objects.filter(jobposting__market_id=market_id).order_by(
        "jobposting_id", "occupation_id"
    )
    for job_id, occupation in through.values_list("jobposting_id", "occupation_id"):
        first_occupation.setdefault(job_id, occupation)
    sums: dict[tuple[Any, ...], list[Any]] = defaultdict(lambda: [0, Decimal("0")])

    def add(metric: str, at: Any, division: Any, occupation: Any, *stations: Any, amount: Any = 0) -> None:
        station = next((s for s in stations if s), 0)
        key = (
            market_id,
            local_hour(at),
            metric,
            str(division or "")[:6],
            occupation or "",
            int(centre_of.get(station, 0) or 0),
            int(station or 0),
        )
        sums[key][0] += 1
        sums[key][1] += Decimal(amount or 0)

    for at, division, station in WorkerProfile.objects.filter(market_id=market_id).values_list(
        "created_at", "home_division_id", "station_id"
    ):
        add(Metric.WORKER_REGISTERED, at, division, "", station)
    for at, division, station in Enterprise.objects.filter(market_id=market_id).values_list(
        "created_at", "division_id", "station_id"
    ):
        add(Metric.ENTERPRISE_REGISTERED, at, division, "", station)
    jobs = JobPosting.objects.filter(market_id=market_id, published_at__isnull=False)
    for job_id, published, division, station, job_station in jobs.values_list(
        "pk", "published_at", "division_id", "enterprise__station_id", "station_id"
    ):
        add(Metric.JOB_PUBLISHED, published, division, first_occupation.get(job_id), station, job_station)
    applications = Application.objects.filter(job__market_id=market_id)
    rows = applications.values_list(
        "job_id", "applied_at", "job__division_id", "worker__station_id", "job__enterprise__station_id"
    )
    for job_id, at, division, station, employer_station in rows:
        add(Metric.APPLICATION, at, division, first_occupation.get(job_id), station, employer_station)
    # A match is an accepted offer: its engagement's creation, or the decision where no engagement was made
    # (rows written without the services); one that was cancelled later still happened.
    matched = applications.filter(Q(engagement__isnull=False) | Q(status="accepted")).values_list(
        "job_id",
        "engagement__created_at",
        "decided_at",
        "job__division_id",
        "worker__station_id",
        "job__enterprise__station_id",
    )
    for job_id, created, decided, division, station, employer_station in matched:
        when = created or decided
        if when is not None:
            add(Metric.MATCH, when, division, first_occupation.get(job_id), station, employer_station)
    engaged = (
        "engagement__job__division_id",
        "engagement__occupation_id",
        "engagement__worker__station_id",
        "engagement__station_id",
    )
    for at, division, occupation, station, own in Shift.objects.filter(
        engagement__market_id=market_id, check_in_at__isnull=False
    ).values_list("check_in_at", *engaged):
        add(Metric.CHECK_IN, at, division, occupation, station, own)
    paid = Payment.objects.filter(statement__engagement__market_id=market_id, status="succeeded")
    for at, amount, division, occupation, station, own in paid.values_list(
        "paid_at", "amount", *(f"statement__{f}" for f in engaged)
    ):
        add(Metric.PAYMENT, at, division, occupation, station, own, amount=amount)
    for at, division, occupation, station, own in InsurancePolicy.objects.filter(
        engagement__market_id=market_id, issued_at__isnull=False
    ).values_list("issued_at", *engaged):
        add(Metric.INSURED, at, division, occupation, station, own)
    with transaction.atomic():
        CounterDelta.objects.filter(market_id=market_id).delete()
        HourlyCounter.objects.filter(market_id=market_id).delete()
        HourlyCounter.objects.bulk_create(
            [
                HourlyCounter(**dict(zip(KEY_FIELDS, key, strict=True)), count=count, amount=amount)
                for key, (count, amount) in sums.items()
            ],
            batch_size=1000,
        )
    return len(sums)
