"""Star level and reliability figures, and the cache rows kept from real shifts, cancellations and ratings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import timezone

from lingong.employers.models import EmployerReputation
from lingong.engagements import services as engagements
from lingong.engagements.models import AttendanceCase, ShiftStatus
from lingong.org.policy import policy_for, set_policy
from lingong.ratings import reputation
from lingong.ratings.selectors import Reputation
from lingong.ratings.tests.helpers import completed, signed, work_shift
from lingong.workers.models import WorkerReputation
from lingong.workflow import chain
from lingong.workflow.tests.helpers import pay_now

D = Decimal


@pytest.mark.parametrize(
    ("count", "total", "expected"),
    [
        (0, 0, "4.0"),  # a newcomer sits at the prior mean
        (1, 5, "4.2"),  # (4*5 + 5) / 6 = 4.17: one 5-star rating is not a 5-star worker
        (1, 1, "3.5"),  # (20 + 1) / 6
        (2, 10, "4.3"),  # 30 / 7 = 4.29
        (20, 100, "4.8"),  # 120 / 25
        (15, 45, "3.3"),  # 65 / 20 = 3.25 exactly: half-up, not to even
        (100, 100, "1.1"),  # 120 / 105 = 1.14
    ],
)
def test_bayesian_star_level(count: int, total: int, expected: str) -> None:
    assert reputation.star_level(count, total) == D(expected)


def test_star_level_follows_the_markets_policy(cast: Any) -> None:
    set_policy(cast.market.pk, rating_prior_mean=D("3.5"), rating_prior_weight=2)
    assert reputation.star_level(1, 5, cast.market.pk) == D("4.0")  # (7 + 5) / 3
    assert reputation.star_level(0, 0, cast.market.pk) == D("3.5")
    assert reputation.star_level(0, 0) == D("4.0")  # no market: the defaults


def test_star_level_without_a_prior_is_the_plain_mean(cast: Any) -> None:
    set_policy(cast.market.pk, rating_prior_weight=0)
    assert reputation.star_level(0, 0, cast.market.pk) == D("4.0")
    assert reputation.star_level(3, 13, cast.market.pk) == D("4.3")


@pytest.mark.parametrize(
    ("shows", "no_shows", "late", "expected"),
    [
        (0, 0, 0, "0.900"),  # neutral newcomer: neither 1.0 nor suspect
        (1, 0, 0, "0.909"),  # 10 / 11
        (10, 0, 0, "0.950"),  # 19 / 20
        (0, 1, 0, "0.750"),  # 9 / 12: a no-show weighs two
        (0, 0, 1, "0.818"),  # 9 / 11
        (20, 1, 1, "0.879"),  # 29 / 33
        (0, 10, 0, "0.300"),  # 9 / 30
    ],
)
def test_worker_reliability(shows: int, no_shows: int, late: int, expected: str) -> None:
    assert reputation.worker_reliability(shows, no_shows, late) == D(expected)


@pytest.mark.parametrize(
    ("paid", "late", "overdue", "disputes", "expected"),
    [
        (0, 0, 0, 0, "0.900"),
        (1, 0, 0, 0, "0.909"),
        (1, 1, 0, 0, "0.750"),  # paid, but late: 9 / 12
        (0, 0, 1, 0, "0.750"),  # not paid and overdue: the same
        (0, 0, 0, 2, "0.818"),  # two disputes: 9 / 11
        (10, 0, 0, 4, "0.864"),  # 19 / 22
    ],
)
def test_employer_reliability(paid: int, late: int, overdue: int, disputes: int, expected: str) -> None:
    assert reputation.employer_reliability(paid, late, overdue, disputes) == D(expected)


def test_new_worker_row(cast: Any) -> None:
    row = reputation.refresh_worker(cast.worker)
    assert (row.rating_count, row.star_level, row.reliability) == (0, D("4.0"), D("0.900"))
    assert (row.shows, row.no_shows, row.late_cancellations, row.last_worked_at) == (0, 0, 0, None)
    assert row.has_history is False


def test_shows_raise_reliability_and_set_last_worked(cast: Any) -> None:
    e = completed(cast.worker, cast.employer, days=2)
    row = reputation.refresh_worker(cast.worker.pk)
    last_out = e.shifts.order_by("-date").first().check_out_at
    assert (row.shows, row.no_shows, row.reliability) == (2, 0, D("0.917"))  # 11 / 12
    assert row.last_worked_at == last_out


def test_a_no_show_lowers_reliability(cast: Any, settings: Any) -> None:
    e = signed(cast.worker, cast.employer, days=1)
    shift = e.shifts.get()
    later = shift.starts_at + dt.timedelta(minutes=policy_for(cast.market.pk).no_show_minutes + 1)
    assert chain.sweep_no_shows(now=later) == 1
    shift.refresh_from_db()
    assert shift.status == ShiftStatus.NO_SHOW
    row = reputation.refresh_worker(cast.worker)
    # The system cancelled the engagement after the no-show: not also a late cancellation.
    assert (row.shows, row.no_shows, row.late_cancellations) == (0, 1, 0)
    assert row.reliability == D("0.750")


def test_a_late_cancellation_lowers_reliability(cast: Any, settings: Any) -> None:
    set_policy(cast.market.pk, late_cancel_hours=72)  # the job starts tomorrow: inside the window
    e = signed(cast.worker, cast.employer)
    chain.cancel_engagement(actor=cast.worker.user, engagement_id=e.pk, reason="家里有急事")
    row = reputation.refresh_worker(cast.worker)
    assert (row.shows, row.no_shows, row.late_cancellations) == (0, 0, 1)
    assert row.reliability == D("0.818")


def test_an_early_or_employer_cancellation_does_not_count(cast: Any, settings: Any) -> None:
    set_policy(cast.market.pk, late_cancel_hours=0)
    e = signed(cast.worker, cast.employer)
    chain.cancel_engagement(actor=cast.worker.user, engagement_id=e.pk, reason="另有安排")
    set_policy(cast.market.pk, late_cancel_hours=72)
    e2 = signed(cast.worker, cast.employer)
    chain.cancel_engagement(actor=cast.employer, engagement_id=e2.pk, reason="项目推迟")
    assert reputation.refresh_worker(cast.worker).reliability == D("0.900")


def _settle_and_pay(e: Any, employer: Any, key: str) -> Any:
    """Confirm the worked shifts, issue a statement and pay it through the settlement services."""
    from lingong.settlement import services as settlement

    for shift in e.shifts.filter(status=ShiftStatus.CHECKED_OUT, confirmation="pending"):
        engagements.confirm_shift(actor=employer, shift_id=shift.pk)
    statement = settlement.settle(actor=employer, engagement_id=e.pk, idempotency_key=f"settle-key-{key}")
    pay_now(actor=employer, statement_id=statement.pk, idempotency_key=f"pay-key-{key}")
    statement.refresh_from_db()
    assert statement.status == "paid"
    return statement


def test_employer_reliability_from_pay_and_disputes(cast: Any, settings: Any) -> None:
    from lingong.settlement import services as settlement
    from lingong.settlement.models import ArrearsFlag, Statement

    enterprise = cast.employer.membership.enterprise
    grace = dt.timedelta(days=policy_for(cast.market.pk).arrears_grace_days)
    e = completed(cast.worker, cast.employer)  # daily settlement: due the day's end plus grace
    row = reputation.refresh_employer(enterprise)
    assert (row.statements_paid, row.statements_paid_late, row.reliability) == (0, 0, D("0.900"))
    assert row.has_history is False
    _settle_and_pay(e, cast.employer, "1")  # paid today for work dated tomorrow: on time
    row = reputation.refresh_employer(enterprise)
    assert (row.statements_paid, row.statements_paid_late, row.statements_overdue) == (1, 0, 0)
    assert row.reliability == D("0.909")
    # Work left unpaid past its cycle and grace: the arrears flag counts before anyone pays.
    e2 = completed(cast.other_worker, cast.employer)
    shift = e2.shifts.get()
    engagements.confirm_shift(actor=cast.employer, shift_id=shift.pk)
    assert settlement.detect_arrears(today=shift.date + grace + dt.timedelta(days=1)) == 1
    assert ArrearsFlag.objects.filter(engagement=e2, status="open").exists()
    row = reputation.refresh_employer(enterprise.pk)
    assert (row.statements_paid, row.statements_paid_late, row.statements_overdue) == (1, 0, 1)
    assert row.reliability == D("0.769")  # (1 + 9) / (1 + 2 + 10)
    # Paid at last, after the due date: late, and the flag is resolved.
    late = _settle_and_pay(e2, cast.employer, "2")
    Statement.objects.filter(pk=late.pk).update(
        paid_at=timezone.make_aware(
            dt.datetime.combine(shift.date + grace + dt.timedelta(days=1), dt.time(9))
        )
    )
    assert not ArrearsFlag.objects.filter(engagement=e2, status="open").exists()
    row = reputation.refresh_employer(enterprise)
    assert (row.statements_paid, row.statements_paid_late, row.statements_overdue) == (2, 1, 0)
    assert row.reliability == D("0.769")  # paying late weighs as much as owing: (1 + 9) / (1 + 2 + 10)
    # A disputed shift.
    e3 = signed(cast.worker, cast.employer, days=2)
    first = e3.shifts.order_by("date").first()
    work_shift(e3, first)
    engagements.dispute_shift(
        actor=cast.employer, shift_id=first.pk, reason="实际只干了半天", claimed_hours=4
    )
    assert AttendanceCase.objects.count() == 1
    row = reputation.refresh_employer(enterprise)
    assert row.disputes == 1
    assert row.reliability == D("0.741")  # 10 / 13.5
    # Another enterprise's records do not leak in.
    other = reputation.refresh_employer(cast.other_employer.membership.enterprise)
    assert (other.statements_paid, other.disputes, other.reliability) == (0, 0, D("0.900"))


def test_refresh_saves_only_when_a_figure_moved(cast: Any) -> None:
    first = reputation.refresh_worker(cast.worker)
    stamp = first.updated_at
    again = reputation.refresh_worker(cast.worker)
    assert again.updated_at == stamp


def test_refresh_all_matches_single_refreshes(cast: Any) -> None:
    e = completed(cast.worker, cast.employer)
    chain.rate_engagement(actor=cast.employer, engagement_id=e.pk, stars=5, dimensions={}, comment="")
    chain.rate_engagement(actor=cast.worker.user, engagement_id=e.pk, stars=3)
    expected_worker = WorkerReputation.objects.get(worker=cast.worker)
    expected_employer = EmployerReputation.objects.get(enterprise=e.enterprise)
    WorkerReputation.objects.all().delete()
    EmployerReputation.objects.all().delete()
    out = StringIO()
    call_command("refresh_reputation", stdout=out)
    assert out.getvalue().startswith("workers=1 employers=1 ")  # only rows with some history are created
    w = WorkerReputation.objects.get(worker=cast.worker)
    m = EmployerReputation.objects.get(enterprise=e.enterprise)
    fields = ("rating_count", "rating_sum", "star_level", "shows", "reliability", "last_worked_at")
    assert [getattr(w, f) for f in fields] == [getattr(expected_worker, f) for f in fields]
    assert (m.rating_count, m.star_level, m.reliability) == (1, D("3.8"), expected_employer.reliability)
    assert not WorkerReputation.objects.filter(worker=cast.other_worker).exists()
    # Nothing changed: a second run writes nothing; a changed figure is written.
    assert reputation.refresh_all() == (0, 0)
    WorkerReputation.objects.filter(worker=cast.worker).update(shows=0)
    assert reputation.refresh_all() == (1, 0)
    assert WorkerReputation.objects.get(worker=cast.worker).shows == 1


def test_reputation_include() -> None:
    html = render_to_string(
        "ratings/_reputation.html",
        {"reputation": Reputation(D("4.6"), 12, D("0.957"), True)},
    )
    assert "★ 4.6" in html and "12 条评价" in html and "守约率 96%" in html
    assert "暂无评价" in render_to_string("ratings/_reputation.html", {"reputation": None})
    fresh = render_to_string(
        "ratings/_reputation.html", {"reputation": Reputation(D("4.0"), 0, D("0.9"), False)}
    )
    assert "暂无评价" in fresh and "新人" in fresh and "守约率" not in fresh


def test_include_on_a_profile_without_a_row(cast: Any) -> None:
    """``worker.reputation`` of a worker without a row renders as a newcomer, not an error."""
    from django.template import Context, Template

    template = Template('{% include "ratings/_reputation.html" with reputation=worker.reputation %}')
    assert "新人" in template.render(Context({"worker": cast.worker}))
    reputation.refresh_worker(cast.worker)
    WorkerReputation.objects.filter(worker=cast.worker).update(
        rating_count=12, rating_sum=57, star_level=D("4.6"), shows=40, reliability=D("0.957")
    )
    cast.worker.refresh_from_db()
    html = template.render(Context({"worker": WorkerReputation.objects.get(worker=cast.worker).worker}))
    assert "★ 4.6" in html and "12 条评价" in html and "守约率 96%" in html


def test_nightly_task_refreshes_everything(cast: Any) -> None:
    from lingong.ratings.tasks import refresh_reputation_nightly

    completed(cast.worker, cast.employer)
    refresh_reputation_nightly()  # huey runs tasks immediately in tests
    assert WorkerReputation.objects.get(worker=cast.worker).shows == 1
