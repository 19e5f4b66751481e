"""URLs that notifications and pages point to."""

from __future__ import annotations

from django.urls import reverse


def statement_url(statement_id: int) -> str:
    return reverse("settlements:detail", args=[statement_id])


def engagement_settlement_url(engagement_id: int) -> str:
    return reverse("settlements:engagement", args=[engagement_id])


def arrears_url() -> str:
    return reverse("settlements:arrears")


def rate_url(engagement_id: int) -> str:
    """Rating the other side (the ratings pages are composed at the top, in workflow)."""
    return reverse("ratings:rate", args=[engagement_id])
