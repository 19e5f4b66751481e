"""Rating an engagement and hiding abusive text.

The worker rates the employer and an employer member rates the worker, once per side, after the work is done
(completed, settled or rated). A side may change its rating for LINGONG_RATING_EDIT_DAYS days after it was
first given; after that it is locked. Whether a settled engagement is now "rated" by both sides
(``rated_by_both``) is checked by the orchestrator, ``lingong.workflow``. Every change refreshes the
ratee's reputation row in the same transaction and goes to the audit trail; the comment itself stays
out of the trail (only its SHA-256), so text that staff later hide is not kept forever in the hash chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lingong.accounts.models import User
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError
from lingong.core.events import send_event_on_commit, user_group
from lingong.engagements.access import employer_users, lock_for
from lingong.engagements.models import Engagement, EngagementStatus, Party
from lingong.engagements.trail import record
from lingong.notifications.services import notify
from lingong.org.policy import policy_for
from lingong.ratings.models import COMMENT_MAX, DIMENSIONS, STAR_MAX, STAR_MIN, Direction, Rating
from lingong.ratings.reputation import refresh_employer, refresh_worker

__all__ = [
    "RATABLE_STATUSES",
    "direction_of",
    "hide_comment",
    "rate",
    "rated_by_both",
    "refresh_employer",
    "refresh_worker",
]

# After completion: the engagement may be settled (or already rated) before a side gets round to it.
RATABLE_STATUSES = frozenset({EngagementStatus.COMPLETED, EngagementStatus.SETTLED, EngagementStatus.RATED})

_DIRECTION_OF_PARTY = {
    Party.WORKER: Direction.WORKER_TO_EMPLOYER,
    Party.EMPLOYER: Direction.EMPLOYER_TO_WORKER,
}


def direction_of(party: str | None) -> str | None:
    """The direction a party rates in (the worker rates the employer and vice versa); None for staff."""
    return _DIRECTION_OF_PARTY.get(party) if party else None  # type: ignore[call-overload]


def _score(value: Any) -> int | None:
    """An integer 1..5, or None when it is not one (bools and "4.5" are not scores)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        value = value.strip()
        if not value.isdigit():
            return None
        value = int(value)
    if isinstance(value, int) and STAR_MIN <= value <= STAR_MAX:
        return value
    return None


def _clean(direction: str, stars: Any, dimensions: Any, comment: Any) -> tuple[int, list[int | None], str]:
    errors: dict[str, list[str]] = {}
    bad_score = _("请选择1至5星")
    clean_stars = _score(stars)
    if clean_stars is None:
        errors["stars"] = [bad_score]
    keys = [key for key, _label in DIMENSIONS[direction]]
    given = dimensions if isinstance(dimensions, dict) else {}
    if dimensions is not None and not isinstance(dimensions, dict):
        errors["dimensions"] = [_("分项评分格式无效")]
    unknown = sorted(set(given) - set(keys))
    if unknown:
        errors["dimensions"] = [
            _("不认识的评分项：%(keys)s（可评：%(allowed)s）")
            % {
                "keys": "、".join(map(str, unknown)),
                "allowed": "、".join(f"{key}（{label}）" for key, label in DIMENSIONS[direction]),
            }
        ]
    scores: list[int | None] = []
    for key in keys:
        raw = given.get(key)
        if raw is None or raw == "":
            scores.append(None)  # dimensions are optional; the overall stars are not
            continue
        value = _score(raw)
        if value is None:
            errors[key] = [bad_score]
        scores.append(value)
    text = comment if isinstance(comment, str) else ("" if comment is None else None)
    if text is None:
        errors["comment"] = [_("评价内容格式无效")]
        text = ""
    text = text.strip()
    if len(text) > COMMENT_MAX:
        errors["comment"] = [_("评价内容最多%(n)d字") % {"n": COMMENT_MAX}]
    if errors:
        raise InvalidInput(_("评价填写有误，请检查标红的项目。"), errors=errors)
    assert clean_stars is not None
    return clean_stars, scores, text


def _comment_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest() if text else ""


def _ratee_users(engagement: Engagement, direction: str) -> list[Any]:
    if direction == Direction.EMPLOYER_TO_WORKER:
        return [engagement.worker.user]
    return employer_users(engagement)


def _refresh_ratee(engagement: Engagement, direction: str) -> None:
    if direction == Direction.EMPLOYER_TO_WORKER:
        refresh_worker(engagement.worker_id)
    else:
        refresh_employer(engagement.enterprise_id)


def edit_deadline(rating: Rating) -> dt.datetime:
    return rating.created_at + dt.timedelta(days=policy_for(rating.engagement.market_id).rating_edit_days)


@transaction.atomic
def rate(
    *,
    actor: User,
    engagement_id: int,
    stars: Any,
    dimensions: dict[str, Any] | None = None,
    comment: Any = "",
) -> Rating:
    """Create or change the actor's side's rating of the other side (the caller holds the transaction)."""
    engagement, party = lock_for(actor, engagement_id, Party.WORKER, Party.EMPLOYER)
    direction = _DIRECTION_OF_PARTY[Party(party)]
    if engagement.status not in RATABLE_STATUSES:
        raise ConflictError(
            _("完工后才能评价（当前状态：%(status)s）。")
            % {"status": EngagementStatus(engagement.status).label},
            code="not_completed",
        )
    clean_stars, (d1, d2, d3), text = _clean(direction, stars, dimensions, comment)
    rating = Rating.objects.select_for_update().filter(engagement=engagement, direction=direction).first()
    now = timezone.now()
    if rating is None:
        rating = Rating.objects.create(
            engagement=engagement,
            direction=direction,
            rater=actor,
            stars=clean_stars,
            d1=d1,
            d2=d2,
            d3=d3,
            comment=text,
            created_at=now,
        )
        rating.was_created = True
        action = "rating.created"
    else:
        if now > edit_deadline(rating):
            raise ConflictError(
                _("评价提交超过%(days)d天，已不能修改。")
                % {"days": policy_for(engagement.market_id).rating_edit_days},
                code="rating_locked",
            )
        comment_changed = text != rating.comment
        rating.stars, rating.d1, rating.d2, rating.d3, rating.comment = clean_stars, d1, d2, d3, text
        fields = ["stars", "d1", "d2", "d3", "comment", "updated_at"]
        if comment_changed and rating.hidden:
            # New text is a new comment: it is shown until staff look at it again.
            rating.hidden, rating.hidden_reason, rating.hidden_by, rating.hidden_at = False, "", None, None
            fields += ["hidden", "hidden_reason", "hidden_by", "hidden_at"]
        rating.save(update_fields=fields)
        action = "rating.updated"
    record(
        action,
        engagement,
        actor,
        obj=rating,
        direction=direction,
        stars=clean_stars,
        dimensions=rating.dimensions,
        comment_sha256=_comment_hash(text),
    )
    _refresh_ratee(engagement, direction)
    groups = [user_group(engagement.worker.user_id)]
    groups += [user_group(u.pk) for u in employer_users(engagement)]
    send_event_on_commit(
        groups,
        {
            "type": "rating",
            "op": action.split(".")[1],
            "engagement_id": engagement.pk,
            "direction": direction,
        },
    )
    if action == "rating.created":
        from django.urls import reverse

        for user in _ratee_users(engagement, direction):
            notify(
                user=user,
                kind="rating_received",
                title=_("您收到一条新评价"),
                body=_("“%(title)s”的%(side)s给出了 %(stars)d 星评价。")
                % {
                    "title": engagement.job.title,
                    "side": _("劳动者") if direction == Direction.WORKER_TO_EMPLOYER else _("用工方"),
                    "stars": clean_stars,
                },
                url=reverse("ratings:rate", args=[engagement.pk]),
                link_text=_("查看并回评"),
                sms=False,
            )
    return rating


def rated_by_both(engagement_id: int) -> bool:
    """Both sides have rated the engagement (the orchestrator then moves a settled one to "rated")."""
    return Rating.objects.filter(engagement_id=engagement_id).values("direction").distinct().count() >= 2


@transaction.atomic
def hide_comment(*, actor: User, rating_id: int, reason: str) -> Rating:
    """Market staff hide a comment's text from everyone but staff; the stars keep counting."""
    engagement_id = Rating.objects.filter(pk=rating_id).values_list("engagement_id", flat=True).first()
    if engagement_id is None:
        raise NotFoundError(_("评价不存在"))
    engagement, _party = lock_for(actor, engagement_id, Party.STAFF)
    rating = Rating.objects.select_for_update().get(pk=rating_id)
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if len(reason) < 2:
        raise InvalidInput(_("请填写隐藏原因。"), errors={"reason": [_("请填写隐藏原因")]})
    if len(reason) > 200:
        raise InvalidInput(_("隐藏原因最多200字。"), errors={"reason": [_("最多200字")]})
    if rating.hidden:
        raise ConflictError(_("该评价内容已隐藏。"), code="already_hidden")
    if not rating.comment:
        raise ConflictError(_("该评价没有文字内容，无需隐藏。"), code="no_comment")
    rating.hidden, rating.hidden_reason, rating.hidden_by, rating.hidden_at = (
        True,
        reason,
        actor,
        timezone.now(),
    )
    rating.save(update_fields=["hidden", "hidden_reason", "hidden_by", "hidden_at", "updated_at"])
    record(
        "rating.hidden",
        engagement,
        actor,
        obj=rating,
        direction=rating.direction,
        reason=reason,
        comment_sha256=_comment_hash(rating.comment),
    )
    return rating
