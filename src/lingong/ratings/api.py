"""Ratings API: rate an engagement, read its two ratings, public reputation, staff hiding of abusive text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Router, Schema

from lingong.accounts.auth import AUTH, ApiRequest
from lingong.core.schemas import ERRORS
from lingong.ratings import selectors, services
from lingong.ratings.models import Direction, Rating

router = Router(tags=["评价与信用"])


class RatingIn(Schema):
    # Loosely typed on purpose: the service checks each figure and answers in Chinese, per field.
    stars: Any = None
    dimensions: dict[str, Any] | None = None
    comment: Any = ""


class RatingOut(Schema):
    id: int
    direction: str
    direction_label: str
    stars: int
    dimensions: dict[str, int | None]
    comment: str
    hidden: bool
    hidden_reason: str = ""
    created_at: dt.datetime
    updated_at: dt.datetime
    editable_until: dt.datetime


class EngagementRatingsOut(Schema):
    engagement_id: int
    status: str
    party: str
    my_direction: str | None
    can_rate: bool
    worker_to_employer: RatingOut | None
    employer_to_worker: RatingOut | None


class DimensionOut(Schema):
    key: str
    label: str
    average: Decimal | None


class CommentOut(Schema):
    stars: int
    comment: str
    rater: str
    occupation: str
    created_at: dt.datetime


class ReputationOut(Schema):
    star_level: Decimal
    rating_count: int
    reliability: Decimal
    reliability_percent: int
    has_history: bool
    dimensions: list[DimensionOut]
    comments: list[CommentOut]


class HideIn(Schema):
    reason: str = Field("", max_length=200)


def rating_out(request: ApiRequest, rating: Rating) -> dict[str, Any]:
    return selectors.rating_dict(rating, viewer_is_staff=selectors.viewer_is_staff(request.auth))


def _reputation_out(rep: selectors.Reputation) -> dict[str, Any]:
    return {
        "star_level": rep.star_level,
        "rating_count": rep.rating_count,
        "reliability": rep.reliability,
        "reliability_percent": rep.reliability_percent,
        "has_history": rep.has_history,
        "dimensions": [{"key": k, "label": label, "average": v} for k, label, v in rep.dimensions],
        "comments": rep.comments,
    }


def engagement_ratings_out(request: ApiRequest, engagement_id: int) -> dict[str, Any]:
    """Both sides' ratings of one engagement (GET /ratings/engagements/{id}, mounted by workflow.api
    beside the POST, which can complete the engagement)."""
    found = selectors.ratings_of_engagement(request.auth, engagement_id)
    by_direction = {r.direction: rating_out(request, r) for r in found.ratings}
    return {
        "engagement_id": found.engagement.pk,
        "status": found.engagement.status,
        "party": found.party,
        "my_direction": found.direction,
        "can_rate": found.can_rate,
        "worker_to_employer": by_direction.get(Direction.WORKER_TO_EMPLOYER),
        "employer_to_worker": by_direction.get(Direction.EMPLOYER_TO_WORKER),
    }


@router.get(
    "/workers/{worker_id}/reputation",
    auth=AUTH,
    response={200: ReputationOut, **ERRORS},
    summary="劳动者信用：星级、评价数、守约率、近期评价",
)
def worker_reputation(request: ApiRequest, worker_id: int) -> dict[str, Any]:
    return _reputation_out(selectors.worker_reputation(request.auth, worker_id))


@router.get(
    "/enterprises/{enterprise_id}/reputation",
    auth=AUTH,
    response={200: ReputationOut, **ERRORS},
    summary="用工单位信用：星级、评价数、守约率、近期评价",
)
def enterprise_reputation(request: ApiRequest, enterprise_id: int) -> dict[str, Any]:
    return _reputation_out(selectors.enterprise_reputation(request.auth, enterprise_id))


@router.post(
    "/{rating_id}/hide",
    auth=AUTH,
    response={200: RatingOut, **ERRORS},
    summary="隐藏违规评价内容（工作人员）",
)
def hide(request: ApiRequest, rating_id: int, payload: HideIn) -> dict[str, Any]:
    rating = services.hide_comment(actor=request.auth, rating_id=rating_id, reason=payload.reason)
    return rating_out(request, rating)
