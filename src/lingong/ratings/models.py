"""Ratings (评价) after an engagement and the reputation caches built from them.

Each side of an engagement rates the other once (it may edit its rating for a few days): 1-5 stars overall and
three optional 1-5 dimension scores whose meaning depends on the direction. The reputation rows are caches
recomputed from ratings, shifts, engagements and statements (see ``ratings.reputation``); they are what the
profiles show and what the matching engine reads.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lingong.org.models import MarketScoped


class Direction(models.TextChoices):
    WORKER_TO_EMPLOYER = "worker_to_employer", _("劳动者评价用工方")
    EMPLOYER_TO_WORKER = "employer_to_worker", _("用工方评价劳动者")


# The three dimension columns d1, d2, d3 in order, per direction: (key, label).
DIMENSIONS: dict[str, tuple[tuple[str, Any], ...]] = {
    str(Direction.EMPLOYER_TO_WORKER): (
        ("quality", _("质量")),
        ("punctuality", _("守时")),
        ("attitude", _("态度")),
    ),
    str(Direction.WORKER_TO_EMPLOYER): (
        ("pay_on_time", _("按时付款")),
        ("safety", _("安全保障")),
        ("as_described", _("与描述相符")),
    ),
}

STAR_MIN, STAR_MAX = 1, 5
COMMENT_MAX = 300


def _score_range(field: str, nullable: bool) -> models.Q:
    q = models.Q(**{f"{field}__gte": STAR_MIN, f"{field}__lte": STAR_MAX})
    return q | models.Q(**{f"{field}__isnull": True}) if nullable else q


class Rating(MarketScoped):
    market_parent = "engagement"

    engagement = models.ForeignKey(
        "engagements.Engagement", verbose_name=_("用工单"), on_delete=models.PROTECT, related_name="ratings"
    )
    direction = models.CharField(_("评价方向"), max_length=20, choices=Direction.choices)
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评价人"), on_delete=models.PROTECT, related_name="+"
    )
    stars = models.PositiveSmallIntegerField(_("总体评分"))
    # Dimension scores (optional); their meaning per direction is DIMENSIONS[direction].
    d1 = models.PositiveSmallIntegerField(null=True, blank=True)
    d2 = models.PositiveSmallIntegerField(null=True, blank=True)
    d3 = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.CharField(_("评价内容"), max_length=COMMENT_MAX, blank=True)

    # Staff hide abusive text; the stars still count.
    hidden = models.BooleanField(_("内容已隐藏"), default=False)
    hidden_reason = models.CharField(_("隐藏原因"), max_length=200, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(_("评价时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    # Set by services.rate on the instance it returns (not stored): a new rating rather than an edit.
    was_created: bool = False

    class Meta:
        verbose_name = _("评价")
        verbose_name_plural = _("评价")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "direction"], name="uniq_rating_per_side"),
            models.CheckConstraint(condition=_score_range("stars", False), name="rating_stars_range"),
            models.CheckConstraint(condition=_score_range("d1", True), name="rating_d1_range"),
            models.CheckConstraint(condition=_score_range("d2", True), name="rating_d2_range"),
            models.CheckConstraint(condition=_score_range("d3", True), name="rating_d3_range"),
        ]
        indexes = [models.Index(fields=["direction", "created_at"])]

    def __str__(self) -> str:
        return f"{self.engagement_id} {self.direction} {self.stars}"

    @property
    def dimension_keys(self) -> tuple[str, ...]:
        return tuple(key for key, _label in DIMENSIONS[self.direction])

    @property
    def dimensions(self) -> dict[str, int | None]:
        values = (self.d1, self.d2, self.d3)
        return dict(zip(self.dimension_keys, values, strict=True))

    @property
    def dimension_items(self) -> list[tuple[str, str, int | None]]:
        """(key, Chinese label, score) for templates."""
        values = (self.d1, self.d2, self.d3)
        return [
            (key, str(label), v) for (key, label), v in zip(DIMENSIONS[self.direction], values, strict=True)
        ]
