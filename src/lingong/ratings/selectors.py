"""Reads for ratings: one engagement's two ratings for its parties, public reputation, the staff queue."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, QuerySet
from django.utils.translation import gettext as _

from lingong.accounts.access import (
    enterprise_of,
    is_staff,
    require_staff,
    scope_to_staff,
    staff_can_see_station,
)
from lingong.core.errors import NotFoundError
from lingong.core.masking import mask_name
from lingong.employers.models import EmployerReputation, Enterprise
from lingong.engagements.access import access_engagement_for, staff_scope_q
from lingong.engagements.models import Engagement, Party
from lingong.jobs.models import Application, Invitation, JobPosting
from lingong.jobs.recommendations import is_candidate_of
from lingong.ratings.models import DIMENSIONS, Direction, Rating
from lingong.ratings.reputation import EmployerFacts, WorkerFacts
from lingong.ratings.services import RATABLE_STATUSES, direction_of, edit_deadline
from lingong.workers.models import WorkerProfile, WorkerReputation

RECENT_COMMENTS = 5


def hidden_text() -> str:
    return _("该评价内容因违反社区规范已被隐藏")


def mask_enterprise(name: str) -> str:
    """A rater shown publicly: the first two characters of the enterprise, e.g. "唐山****"."""
    name = (name or "").strip()
    return name if len(name) <= 2 else name[:2] + "*" * min(len(name) - 2, 4)


def comment_for(rating: Rating, viewer_is_staff: bool) -> str:
    """The comment as this viewer may see it: hidden text is replaced for everyone but staff."""
    if rating.hidden and not viewer_is_staff:
        return hidden_text()
    return rating.comment


def rating_dict(rating: Rating, *, viewer_is_staff: bool) -> dict[str, Any]:
    return {
        "id": rating.pk,
        "direction": rating.direction,
        "direction_label": str(Direction(rating.direction).label),
        "stars": rating.stars,
        "dimensions": rating.dimensions,
        "comment": comment_for(rating, viewer_is_staff),
        "hidden": rating.hidden,
        "hidden_reason": rating.hidden_reason if viewer_is_staff else "",
        "created_at": rating.created_at,
        "updated_at": rating.updated_at,
        "editable_until": edit_deadline(rating),
    }


@dataclass
class EngagementRatings:
    engagement: Engagement
    party: str
    mine: Rating | None
    theirs: Rating | None
    ratings: list[Rating] = field(default_factory=list)

    @property
    def can_rate(self) -> bool:
        return self.party in (Party.WORKER, Party.EMPLOYER) and self.engagement.status in RATABLE_STATUSES

    @property
    def direction(self) -> str | None:
        return direction_of(self.party)


def ratings_of_engagement(user: Any, engagement_id: int) -> EngagementRatings:
    """Both ratings of an engagement, for its two parties and staff (404 for anyone else)."""
    engagement, party = access_engagement_for(user, engagement_id)
    ratings = list(Rating.objects.filter(engagement=engagement).order_by("direction"))
    mine_direction = direction_of(party)
    mine = next((r for r in ratings if r.direction == mine_direction), None)
    theirs = next((r for r in ratings if mine_direction and r.direction != mine_direction), None)
    return EngagementRatings(engagement, party, mine, theirs, ratings)


# --- Public-ish reputation --------------------------------------------------------------------------------


@dataclass
class Reputation:
    """What a profile shows: star level, number of ratings, reliability, recent visible comments."""

    star_level: Decimal
    rating_count: int
    reliability: Decimal
    has_history: bool
    dimensions: list[tuple[str, str, Decimal | None]] = field(default_factory=list)
    comments: list[dict[str, Any]] = field(default_factory=list)

    @property
    def reliability_percent(self) -> int:
        return int((self.reliability * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _check_market(user: Any, market_id: int) -> None:
    if not getattr(user, "is_authenticated", False) or user.market_id != market_id:
        raise NotFoundError(_("信息不存在"))


def _dimension_averages(ratings: QuerySet[Rating], direction: str) -> list[tuple[str, str, Decimal | None]]:
    avg = ratings.aggregate(a1=Avg("d1"), a2=Avg("d2"), a3=Avg("d3"))
    out = []
    for (key, label), name in zip(DIMENSIONS[direction], ("a1", "a2", "a3"), strict=True):
        value = avg[name]
        out.append(
            (
                key,
                str(label),
                None if value is None else Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_UP),
            )
        )
    return out


def _comments(ratings: QuerySet[Rating], rater_name: Any) -> list[dict[str, Any]]:
    rows = (
        ratings.filter(hidden=False)
        .exclude(comment="")
        .select_related("engagement__worker", "engagement__enterprise", "engagement__occupation")
        .order_by("-created_at", "-id")[:RECENT_COMMENTS]
    )
    return [
        {
            "stars": r.stars,
            "comment": r.comment,
            "rater": rater_name(r.engagement),
            "occupation": r.engagement.occupation.name,
            "created_at": r.created_at,
        }
        for r in rows
    ]


def worker_reputation(viewer: Any, worker_id: int) -> Reputation:
    """A worker's reputation with the employers' comments, for those who have a reason to weigh it (see
    ``may_read_worker_reputation``); to anyone else the worker does not exist (404)."""
    worker = WorkerProfile.objects.select_related("station").filter(pk=worker_id).first()
    if worker is None or not may_read_worker_reputation(viewer, worker):
        raise NotFoundError(_("劳动者不存在"))
    return reputation_of_worker(worker, with_comments=True)


def may_read_worker_reputation(viewer: Any, worker: WorkerProfile) -> bool:
    """The worker themself; staff in scope of the worker's station, or of a job the worker applied to or an
    engagement of theirs; an employer for whom the worker is an applicant, an invited or recommended candidate
    (the candidate list shows reputation, and an employer weighing one needs the detail) or a hired worker.
    """
    if not getattr(viewer, "is_authenticated", False) or viewer.market_id != worker.market_id:
        return False
    if worker.user_id == viewer.pk:
        return True
    if is_staff(viewer):
        return (
            staff_can_see_station(viewer, worker.station)
            or scope_to_staff(JobPosting.objects.filter(applications__worker=worker), viewer).exists()
            or Engagement.objects.filter(staff_scope_q(viewer), worker=worker).exists()
        )
    enterprise = enterprise_of(viewer)
    if enterprise is None:
        return False
    return (
        Application.objects.filter(job__enterprise=enterprise, worker=worker).exists()
        or Invitation.objects.filter(job__enterprise=enterprise, worker=worker).exists()
        or Engagement.objects.filter(enterprise=enterprise, worker=worker).exists()
        or is_candidate_of(enterprise, worker)
    )


def reputation_of_worker(worker: WorkerProfile, *, with_comments: bool = False) -> Reputation:
    row = WorkerReputation.objects.filter(worker=worker).first()
    if row is None:
        facts = WorkerFacts(market_id=worker.market_id).values()
        rep = Reputation(facts["star_level"], 0, facts["reliability"], False)
    else:
        rep = Reputation(row.star_level, row.rating_count, row.reliability, row.has_history)
    if with_comments:
        ratings = Rating.objects.filter(engagement__worker=worker, direction=Direction.EMPLOYER_TO_WORKER)
        rep.dimensions = _dimension_averages(ratings, Direction.EMPLOYER_TO_WORKER)
        rep.comments = _comments(ratings, lambda e: mask_enterprise(e.enterprise.name))
    return rep


def enterprise_reputation(viewer: Any, enterprise_id: int) -> Reputation:
    enterprise = Enterprise.objects.filter(pk=enterprise_id).first()
    if enterprise is None:
        raise NotFoundError(_("用工单位不存在"))
    _check_market(viewer, enterprise.market_id)
    return reputation_of_enterprise(enterprise, with_comments=True)


def reputation_of_enterprise(enterprise: Enterprise, *, with_comments: bool = False) -> Reputation:
    row = EmployerReputation.objects.filter(enterprise=enterprise).first()
    if row is None:
        facts = EmployerFacts(market_id=enterprise.market_id).values()
        rep = Reputation(facts["star_level"], 0, facts["reliability"], False)
    else:
        rep = Reputation(row.star_level, row.rating_count, row.reliability, row.has_history)
    if with_comments:
        ratings = Rating.objects.filter(
            engagement__enterprise=enterprise, direction=Direction.WORKER_TO_EMPLOYER
        )
        rep.dimensions = _dimension_averages(ratings, Direction.WORKER_TO_EMPLOYER)
        rep.comments = _comments(ratings, lambda e: mask_name(e.worker.real_name))
    return rep


# --- Staff -----------------------------------------------------------------------------------------------


def moderation_queue(user: Any, *, only_hidden: bool = False) -> QuerySet[Rating]:
    """Recent ratings with text in the staff member's scope, newest change first."""
    require_staff(user)
    qs = (
        Rating.objects.filter(engagement__in=Engagement.objects.filter(staff_scope_q(user)))
        .exclude(comment="")
        .select_related(
            "engagement__worker", "engagement__enterprise", "engagement__job", "rater", "hidden_by"
        )
        .order_by("-updated_at", "-id")
    )
    return qs.filter(hidden=True) if only_hidden else qs


def viewer_is_staff(user: Any) -> bool:
    return is_staff(user)
