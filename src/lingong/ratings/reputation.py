"""Reputation figures and the functions that keep their cache rows fresh.

Star level (劳务质量星级, and the same for employers): a Bayesian average that starts every newcomer at the
prior and lets ratings move it as they accumulate,

    star_level = (C * m + sum of stars) / (C + n), rounded half-up to 0.1

with m = the market policy's rating_prior_mean (4.0) and C = its rating_prior_weight (5). One 5-star
rating gives (20 + 5) / 6 = 4.2, not 5.0; twenty 5-star ratings give 4.8. Hidden comments do not matter here:
their stars still count.

Reliability (守约率) is a share in [0, 1] with a Beta-like prior written as pseudo-counts: a newcomer has
RELIABILITY_PRIOR_WEIGHT (10) pseudo-events of which a RELIABILITY_PRIOR (0.9) share went well, so they start
at 0.9, neither trusted fully nor suspected, and their own record takes over as it grows.

    worker   = (shows + 9) / (shows + 2 * no_shows + 1 * late_cancellations + 10)
    employer = (paid_on_time + 9) / (paid_on_time + 2 * (paid_late + overdue) + 0.5 * disputes + 10)

- shows: shifts checked out; no_shows: shifts marked no-show (weighted 2: the employer was left short on the
  day); late_cancellations: engagements the worker cancelled inside LINGONG_LATE_CANCEL_HOURS of the start.
  Examples: new 0.900; after 1 show 0.909; after 10 shows 0.950; after 1 no-show 0.750; after 1 late
  cancellation 0.818.
- paid_on_time / paid_late: settlement statements paid by the due date of the work they cover (the end of its
  settlement cycle plus LINGONG_ARREARS_GRACE_DAYS, as the settlement app computes it), or after it.
  overdue: open wage-arrears flags of the settlement app (work unpaid past its cycle plus grace, counted
  before anyone pays). Late and overdue weigh 2 like a no-show: unpaid wages are the worst thing an
  employer can do to a day labourer.
- disputes: attendance cases opened on the enterprise's shifts, weighted 0.5 (some disputes are justified;
  many lower the figure).

The matching engine smooths stars itself from (rating_sum, rating_count) with its own prior (4.0, 5 in
``matching.config``), so it is given the raw sum and count, never the star level.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone

from lingong.employers.models import EmployerReputation, Enterprise
from lingong.engagements.models import AttendanceCase, Engagement, Party, Shift, ShiftStatus
from lingong.org.policy import policy_for
from lingong.ratings.models import Direction, Rating
from lingong.settlement.models import ArrearsFlag, ArrearsStatus, Statement, StatementStatus
from lingong.settlement.schedule import due_date
from lingong.workers.models import WorkerProfile, WorkerReputation

RELIABILITY_PRIOR = Decimal("0.9")
RELIABILITY_PRIOR_WEIGHT = Decimal(10)
NO_SHOW_WEIGHT = Decimal(2)
LATE_CANCEL_WEIGHT = Decimal(1)
LATE_PAY_WEIGHT = Decimal(2)
DISPUTE_WEIGHT = Decimal("0.5")

TENTH = Decimal("0.1")
THOUSANDTH = Decimal("0.001")


# --- Figures (pure) ------------------------------------------------------------------------------------


def star_level(count: int, total: int, market_id: int | None = None) -> Decimal:
    """Bayesian average of ``count`` ratings summing to ``total`` stars, to 0.1 (the market's prior)."""
    rules = policy_for(market_id)
    mean = Decimal(rules.rating_prior_mean)
    weight = Decimal(rules.rating_prior_weight)
    if weight + count == 0:
        return mean.quantize(TENTH, rounding=ROUND_HALF_UP)
    value = (weight * mean + Decimal(total)) / (weight + Decimal(count))
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def _beta_share(good: Decimal, bad: Decimal) -> Decimal:
    prior_good = RELIABILITY_PRIOR * RELIABILITY_PRIOR_WEIGHT
    value = (good + prior_good) / (good + bad + RELIABILITY_PRIOR_WEIGHT)
    return value.quantize(THOUSANDTH, rounding=ROUND_HALF_UP)


def worker_reliability(shows: int, no_shows: int, late_cancellations: int) -> Decimal:
    return _beta_share(Decimal(shows), NO_SHOW_WEIGHT * no_shows + LATE_CANCEL_WEIGHT * late_cancellations)


def employer_reliability(paid: int, paid_late: int, overdue: int, disputes: int) -> Decimal:
    on_time = max(paid - paid_late, 0)
    return _beta_share(Decimal(on_time), LATE_PAY_WEIGHT * (paid_late + overdue) + DISPUTE_WEIGHT * disputes)


NEUTRAL_WORKER_RELIABILITY = worker_reliability(0, 0, 0)
# Matching reads the cache's neutral figure without importing this app: the two must agree.
assert NEUTRAL_WORKER_RELIABILITY == WorkerReputation.NEUTRAL_RELIABILITY


# --- Gathering the counts ------------------------------------------------------------------------------


@dataclass
class WorkerFacts:
    rating_count: int = 0
    rating_sum: int = 0
    shows: int = 0
    no_shows: int = 0
    late_cancellations: int = 0
    last_worked_at: dt.datetime | None = None
    market_id: int | None = None  # whose rating prior applies

    @property
    def is_empty(self) -> bool:
        return not (self.rating_count or self.shows or self.no_shows or self.late_cancellations)

    def values(self) -> dict[str, Any]:
        return {
            "rating_count": self.rating_count,
            "rating_sum": self.rating_sum,
            "star_level": star_level(self.rating_count, self.rating_sum, self.market_id),
            "shows": self.shows,
            "no_shows": self.no_shows,
            "late_cancellations": self.late_cancellations,
            "reliability": worker_reliability(self.shows, self.no_shows, self.late_cancellations),
            "last_worked_at": self.last_worked_at,
        }


@dataclass
class EmployerFacts:
    rating_count: int = 0
    rating_sum: int = 0
    statements_paid: int = 0
    statements_paid_late: int = 0
    statements_overdue: int = 0
    disputes: int = 0
    market_id: int | None = None  # whose rating prior applies

    @property
    def is_empty(self) -> bool:
        return not (self.rating_count or self.statements_paid or self.statements_overdue or self.disputes)

    def values(self) -> dict[str, Any]:
        return {
            "rating_count": self.rating_count,
            "rating_sum": self.rating_sum,
            "star_level": star_level(self.rating_count, self.rating_sum, self.market_id),
            "statements_paid": self.statements_paid,
            "statements_paid_late": self.statements_paid_late,
            "statements_overdue": self.statements_overdue,
            "disputes": self.disputes,
            "reliability": employer_reliability(
                self.statements_paid, self.statements_paid_late, self.statements_overdue, self.disputes
            ),
        }


def _worker_facts(ids: list[int] | None) -> dict[int, WorkerFacts]:
    """Counts per worker id; ``ids=None`` means every worker with any history."""
    facts: dict[int, WorkerFacts] = {}

    def of(worker_id: int) -> WorkerFacts:
        return facts.setdefault(worker_id, WorkerFacts())

    ratings = Rating.objects.filter(direction=Direction.EMPLOYER_TO_WORKER)
    shifts = Shift.objects.filter(status__in=[ShiftStatus.CHECKED_OUT, ShiftStatus.NO_SHOW])
    late = Engagement.objects.filter(late_cancellation=True, cancelled_by=Party.WORKER)
    if ids is not None:
        ratings = ratings.filter(engagement__worker_id__in=ids)
        shifts = shifts.filter(engagement__worker_id__in=ids)
        late = late.filter(worker_id__in=ids)
    for row in ratings.values("engagement__worker_id").annotate(n=Count("id"), s=Sum("stars")).order_by():
        f = of(row["engagement__worker_id"])
        f.rating_count, f.rating_sum = row["n"], row["s"] or 0
    per_status = (
        shifts.values("engagement__worker_id", "status")
        .annotate(n=Count("id"), last=Max("check_out_at"))
        .order_by()
    )
    for shift_row in per_status:
        f = of(shift_row["engagement__worker_id"])
        if shift_row["status"] == ShiftStatus.CHECKED_OUT:
            f.shows, f.last_worked_at = shift_row["n"], shift_row["last"]
        else:
            f.no_shows = shift_row["n"]
    for late_row in late.values("worker_id").annotate(n=Count("id")).order_by():
        of(late_row["worker_id"]).late_cancellations = late_row["n"]
    _with_markets(facts, WorkerProfile, ids, WorkerFacts)
    return facts


def _with_markets(facts: dict[int, Any], model: Any, ids: list[int] | None, factory: Any) -> None:
    """Note each row's market (its rating prior); asked-for ids without history get empty facts."""
    wanted = set(facts) | set(ids or ())
    for pk, market_id in model.objects.filter(pk__in=wanted).values_list("pk", "market_id"):
        facts.setdefault(pk, factory()).market_id = market_id


def _pay_record(ids: list[int] | None) -> dict[int, tuple[int, int, int]]:
    """(statements paid, of which paid late, overdue) per enterprise id, from the settlement app's records.

    A paid statement is late when it was paid (local date) after the settlement app's due date for the last
    day it covers (the end of that settlement cycle plus the market's arrears_grace_days). Overdue work is
    what the wage-arrears guard flagged and is still open (a waived flag counts for nothing; a resolved one
    counts through its late statement).
    """
    paid_qs = Statement.objects.filter(status=StatementStatus.PAID).select_related("engagement")
    flags = ArrearsFlag.objects.filter(status=ArrearsStatus.OPEN)
    if ids is not None:
        paid_qs = paid_qs.filter(enterprise_id__in=ids)
        flags = flags.filter(enterprise_id__in=ids)
    out: dict[int, tuple[int, int, int]] = {}
    for statement in paid_qs.only(
        "enterprise_id", "period_end", "paid_at", "engagement__settlement_cycle", "engagement__completed_at"
    ).iterator(chunk_size=2000):
        paid, late, overdue = out.get(statement.enterprise_id, (0, 0, 0))
        due = due_date(statement.engagement, statement.period_end)
        is_late = (
            statement.paid_at is not None and due is not None and timezone.localdate(statement.paid_at) > due
        )
        out[statement.enterprise_id] = (paid + 1, late + int(is_late), overdue)
    for flag_row in flags.values("enterprise_id").annotate(n=Count("id")).order_by():
        paid, late, _overdue = out.get(flag_row["enterprise_id"], (0, 0, 0))
        out[flag_row["enterprise_id"]] = (paid, late, flag_row["n"])
    return out


def _employer_facts(ids: list[int] | None) -> dict[int, EmployerFacts]:
    facts: dict[int, EmployerFacts] = {}

    def of(enterprise_id: int) -> EmployerFacts:
        return facts.setdefault(enterprise_id, EmployerFacts())

    ratings = Rating.objects.filter(direction=Direction.WORKER_TO_EMPLOYER)
    cases = AttendanceCase.objects.all()
    if ids is not None:
        ratings = ratings.filter(engagement__enterprise_id__in=ids)
        cases = cases.filter(shift__engagement__enterprise_id__in=ids)
    for row in ratings.values("engagement__enterprise_id").annotate(n=Count("id"), s=Sum("stars")).order_by():
        f = of(row["engagement__enterprise_id"])
        f.rating_count, f.rating_sum = row["n"], row["s"] or 0
    for case_row in cases.values("shift__engagement__enterprise_id").annotate(n=Count("id")).order_by():
        of(case_row["shift__engagement__enterprise_id"]).disputes = case_row["n"]
    for enterprise_id, (paid, late, overdue) in _pay_record(ids).items():
        f = of(enterprise_id)
        f.statements_paid, f.statements_paid_late, f.statements_overdue = paid, late, overdue
    _with_markets(facts, Enterprise, ids, EmployerFacts)
    return facts


# --- Writing the cache --------------------------------------------------------------------------------


def _pk(value: Any) -> int:
    return int(getattr(value, "pk", value))


def _changed(row: Any, values: dict[str, Any]) -> bool:
    return any(getattr(row, name) != value for name, value in values.items())


def _refresh_one(model: Any, key: str, obj_id: int, compute: Any, factory: Any) -> Any:
    """Lock the row (creating it with the newcomer's figures when missing), then count, then save if a figure
    moved. Counting after the lock means two concurrent refreshes cannot write a stale count over a newer
    one: the second waits for the first to commit and then sees its rows."""
    row, _created = model.objects.get_or_create(**{key: obj_id}, defaults=factory().values())
    row = model.objects.select_for_update().get(pk=row.pk)
    values = compute().get(obj_id, factory()).values()
    if _changed(row, values):
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
    return row


@transaction.atomic
def refresh_worker(worker: WorkerProfile | int) -> WorkerReputation:
    """Recompute one worker's reputation row (created when missing). Saves only when a figure moved, so the
    matching index is told (post_save) exactly when the worker's rating, reliability or recency changed."""
    worker_id = _pk(worker)
    row: WorkerReputation = _refresh_one(
        WorkerReputation, "worker_id", worker_id, lambda: _worker_facts([worker_id]), WorkerFacts
    )
    return row


@transaction.atomic
def refresh_employer(enterprise: Enterprise | int) -> EmployerReputation:
    """Recompute one enterprise's reputation row (created when missing). The settlement app calls this
    after a statement is paid or an arrears flag opens or closes; engagements after a dispute is opened."""
    enterprise_id = _pk(enterprise)
    row: EmployerReputation = _refresh_one(
        EmployerReputation,
        "enterprise_id",
        enterprise_id,
        lambda: _employer_facts([enterprise_id]),
        EmployerFacts,
    )
    return row


def _bulk_refresh(model: Any, key: str, facts: dict[int, Any], factory: Any, ids: Iterable[int]) -> int:
    """Write every changed row; rows are created only for ids with some history. Rows with the same new
    figures go out in one UPDATE (most rows share the newcomer's). Sets updated_at explicitly (queryset
    updates skip auto_now) so the matching index's poll picks the changes up."""
    now = timezone.now()
    existing = {getattr(r, key): r for r in model.objects.all()}
    to_create = []
    to_update: dict[tuple[tuple[str, Any], ...], list[int]] = {}
    for obj_id in ids:
        found, row = facts.get(obj_id), existing.get(obj_id)
        if found is None and row is None:
            continue
        f = found or factory()
        values = f.values()
        if row is None:
            if not f.is_empty:
                to_create.append(model(**{key: obj_id}, **values))
        elif _changed(row, values):
            to_update.setdefault(tuple(values.items()), []).append(row.pk)
    model.objects.bulk_create(to_create, batch_size=1000)
    for values_key, pks in to_update.items():
        for start in range(0, len(pks), 500):
            model.objects.filter(pk__in=pks[start : start + 500]).update(**dict(values_key), updated_at=now)
    return len(to_create) + sum(len(pks) for pks in to_update.values())


def refresh_all() -> tuple[int, int]:
    """Recompute every reputation row (nightly, and ``manage.py refresh_reputation``).

    A handful of grouped queries over ratings, shifts, engagements, statements and cases, then one UPDATE per
    distinct set of new figures: well under a second for the demo's 5,200 workers when little changed.
    Workers and employers are written in separate transactions, so the nightly run never holds locks on
    both tables at once (a request refreshing one of each cannot deadlock with it). Returns (workers
    written, employers written).
    """
    with transaction.atomic():
        workers = _bulk_refresh(
            WorkerReputation,
            "worker_id",
            _worker_facts(None),
            WorkerFacts,
            WorkerProfile.objects.values_list("pk", flat=True).iterator(),
        )
    with transaction.atomic():
        employers = _bulk_refresh(
            EmployerReputation,
            "enterprise_id",
            _employer_facts(None),
            EmployerFacts,
            Enterprise.objects.values_list("pk", flat=True).iterator(),
        )
    return workers, employers
