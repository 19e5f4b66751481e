"""Rating rules: after completion only, one per side, the edit window, validation, hiding, "rated"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from lingong.audit.models import AuditEntry
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError, PermissionDeniedError
from lingong.employers.models import EmployerReputation
from lingong.engagements.models import Engagement
from lingong.notifications.models import Notification
from lingong.ratings import services
from lingong.ratings.models import Direction, Rating
from lingong.ratings.tests.helpers import completed, pay_all, settled, signed
from lingong.workers.models import WorkerReputation
from lingong.workflow import chain


def test_rating_needs_completed_work(cast: Any) -> None:
    e = signed(cast.worker, cast.employer)
    with pytest.raises(ConflictError) as exc:
        chain.rate_engagement(actor=cast.worker.user, engagement_id=e.pk, stars=5)
    assert exc.value.code == "not_completed"
    assert "完工后才能评价" in exc.value.message
    assert not Rating.objects.exists()


def test_each_side_rates_the_other(cast: Any) -> None:
    e = completed(cast.worker, cast.employer)
    by_employer = chain.rate_engagement(
        actor=cast.employer,
        engagement_id=e.pk,
        stars=5,
        dimensions={"quality": 5, "punctuality": 4, "attitude": 5},
        comment="  干活利索，准时到岗  ",
    )
    assert by_employer.direction == Direction.EMPLOYER_TO_WORKER and by_employer.was_created
    assert by_employer.dimensions == {"quality": 5, "punctuality": 4, "attitude": 5}
    assert by_employer.comment == "干活利索，准时到岗"
    by_worker = chain.rate_engagement(
        actor=cast.worker.user, engagement_id=e.pk, stars="4", dimensions={"pay_on_time": 5}
    )
    assert by_worker.direction == Direction.WORKER_TO_EMPLOYER
    assert by_worker.dimensions == {"pay_on_time": 5, "safety": None, "as_described": None}
    # Both reputations were refreshed in the same transaction.
    w = WorkerReputation.objects.get(worker=cast.worker)
    assert (w.rating_count, w.rating_sum, w.star_level) == (1, 5, Decimal("4.2"))
    m = EmployerReputation.objects.get(enterprise=e.enterprise)
    assert (m.rating_count, m.rating_sum, m.star_level) == (1, 4, Decimal("4.0"))
    # The ratee is told; the audit trail names the engagement and keeps only a hash of the comment.
    assert Notification.objects.filter(user=cast.worker.user, kind="rating_received").count() == 1
    assert Notification.objects.filter(user=cast.employer, kind="rating_received").count() == 1
    entry = AuditEntry.objects.get(action="rating.created", object_id=str(by_employer.pk))
    assert entry.data["engagement_id"] == e.pk and entry.data["stars"] == 5
    assert "干活利索" not in str(entry.data) and len(entry.data["comment_sha256"]) == 64
    # Completed, not settled: not "rated" yet.
    e.refresh_from_db()
    assert e.status == "completed"


def test_one_rating_per_side_and_edits_within_the_window(cast: Any) -> None:
    e = completed(cast.worker, cast.employer)
    first = chain.rate_engagement(actor=cast.worker.user, engagement_id=e.pk, stars=2, comment="工资拖了两天")
    six_days = timezone.now() - dt.timedelta(days=6)
    Rating.objects.filter(pk=first.pk).update(created_at=six_days)
    second = chain.rate_engagement(actor=cast.worker.user, engagement_id=e.pk, stars=4, comment="后来补发了")
    assert second.pk == first.pk and not second.was_created
    assert Rating.objects.filter(engagement=e).count() == 1
    assert (second.stars, second.comment) == (4, "后来补发了")
    assert AuditEntry.objects.filter(action="rating.updated", object_id=str(first.pk)).count() == 1
    assert EmployerReputation.objects.get(enterprise=e.enterprise).rating_sum == 4
    # After the edit window (7 days from the first submission, not from the last edit): locked.
    Rating.objects.filter(pk=first.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    with pytest.raises(ConflictError) as exc:
        chain.rate_engagement(actor=cast.worker.user, engagement_id=e.pk, stars=1)
    assert exc.value.code == "rating_locked"
    assert Rating.objects.get(pk=first.pk).stars == 4
    # The database itself refuses a second rating for the same side.
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            engagement=e, direction=Direction.WORKER_TO_EMPLOYER, rater=cast.worker.user, stars=3
        )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"stars": 0}, "stars"),
        ({"stars": 6}, "stars"),
        ({"stars": "x"}, "stars"),
        ({"stars": None}, "stars"),
        ({"stars": 4.5}, "stars"),
        ({"stars": True}, "stars"),
        ({"stars": 5, "dimensions": {"quality": 0}}, "quality"),
        ({"stars": 5, "dimensions": {"attitude": "9"}}, "attitude"),
        ({"stars": 5, "dimensions": {"pay_on_time": 5}}, "dimensions"),  # the worker side's key
        ({"stars": 5, "dimensions": [5, 5, 5]}, "dimensions"),
        ({"stars": 5, "comment": "很" * 301}, "comment"),
    ],
)
def test_invalid_input(cast: Any, kwargs: dict[str, Any], field: str) -> None:
    e = completed(cast.worker, cast.employer)
    with pytest.raises(InvalidInput) as exc:
        chain.rate_engagement(actor=cast.employer, engagement_id=e.pk, **kwargs)
    assert field in exc.value.errors, exc.value.errors
    assert "评价填写有误" in exc.value.message
    assert not Rating.objects.exists()


def test_only_the_two_parties_rate(cast: Any) -> None:
    e = completed(cast.worker, cast.employer)
    for outsider in (cast.other_worker.user, cast.other_employer, cast.other_station_staff):
        with pytest.raises(NotFoundError):
            chain.rate_engagement(actor=outsider, engagement_id=e.pk, stars=5)
    with pytest.raises(PermissionDeniedError):
        chain.rate_engagement(actor=cast.station_staff, engagement_id=e.pk, stars=5)
    with pytest.raises(NotFoundError):
        chain.rate_engagement(actor=cast.worker.user, engagement_id=999999, stars=5)


def test_hide_by_staff_in_scope(cast: Any) -> None:
    e = completed(cast.worker, cast.employer)
    rating = chain.rate_engagement(actor=cast.employer, engagement_id=e.pk, stars=1, comment="这人就是个骗子")
    with pytest.raises(NotFoundError):
        services.hide_comment(actor=cast.other_station_staff, rating_id=rating.pk, reason="人身攻击")
    with pytest.raises(PermissionDeniedError):
        services.hide_comment(actor=cast.worker.user, rating_id=rating.pk, reason="人身攻击")
    with pytest.raises(InvalidInput) as exc:
        services.hide_comment(actor=cast.station_staff, rating_id=rating.pk, reason=" ")
    assert "reason" in exc.value.errors
    with pytest.raises(NotFoundError):
        services.hide_comment(actor=cast.station_staff, rating_id=999999, reason="人身攻击")
    hidden = services.hide_comment(actor=cast.station_staff, rating_id=rating.pk, reason="人身攻击")
    assert hidden.hidden and hidden.hidden_by == cast.station_staff and hidden.hidden_at is not None
    assert hidden.comment == "这人就是个骗子"  # kept for staff; replaced for everyone else when shown
    entry = AuditEntry.objects.get(action="rating.hidden")
    assert entry.data["engagement_id"] == e.pk and entry.data["reason"] == "人身攻击"
    with pytest.raises(ConflictError):
        services.hide_comment(actor=cast.admin, rating_id=rating.pk, reason="人身攻击")
    # The stars still count.
    assert WorkerReputation.objects.get(worker=cast.worker).rating_count == 1
    # New text from the rater is a new comment: shown again until staff look at it.
    chain.rate_engagement(actor=cast.employer, engagement_id=e.pk, stars=2, comment="沟通不太顺畅")
    assert Rating.objects.get(pk=rating.pk).hidden is False


def test_settled_then_both_rate_becomes_rated(cast: Any) -> None:
    e = settled(cast.worker, cast.employer)
    chain.rate_engagement(actor=cast.worker.user, engagement_id=e.pk, stars=5)
    e.refresh_from_db()
    assert e.status == "settled"
    chain.rate_engagement(actor=cast.employer, engagement_id=e.pk, stars=4)
    e.refresh_from_db()
    assert e.status == "rated" and e.rated_at is not None
    assert AuditEntry.objects.filter(action="engagement.rated", data__engagement_id=e.pk).count() == 1
    # Still editable inside the window after "rated".
    chain.rate_engagement(actor=cast.employer, engagement_id=e.pk, stars=5)
    assert Engagement.objects.get(pk=e.pk).status == "rated"


def test_both_rate_then_settlement_marks_rated(cast: Any) -> None:
    e = completed(cast.worker, cast.employer)
    chain.rate_engagement(actor=cast.worker.user, engagement_id=e.pk, stars=5)
    chain.rate_engagement(actor=cast.employer, engagement_id=e.pk, stars=5)
    assert services.rated_by_both(e.pk)
    assert Engagement.objects.get(pk=e.pk).status == "completed"  # rated, but not settled yet
    assert pay_all(e, cast.employer).status == "rated"  # paying in full settles it, then it is rated


def test_settled_then_both_rate_marks_rated(cast: Any) -> None:
    e = settled(cast.worker, cast.employer)
    chain.rate_engagement(actor=cast.worker.user, engagement_id=e.pk, stars=5)
    assert Engagement.objects.get(pk=e.pk).status == "settled"
    chain.rate_engagement(actor=cast.employer, engagement_id=e.pk, stars=4)
    assert Engagement.objects.get(pk=e.pk).status == "rated"
    chain.rate_engagement(actor=cast.employer, engagement_id=e.pk, stars=5)  # an edit moves nothing
    assert Engagement.objects.get(pk=e.pk).status == "rated"


def test_one_side_only_stays_settled(cast: Any) -> None:
    e = settled(cast.worker, cast.employer)
    chain.rate_engagement(actor=cast.employer, engagement_id=e.pk, stars=3)
    assert not services.rated_by_both(e.pk)
    assert Engagement.objects.get(pk=e.pk).status == "settled"
