"""URLs that notifications point to."""

from __future__ import annotations

from django.urls import reverse


def engagement_url(engagement_id: int) -> str:
    return reverse("engagements:detail", args=[engagement_id])


def engagement_list_url() -> str:
    return reverse("engagements:list")


def site_code_url(token: str) -> str:
    """Where a scanned site check-in code leads (the token is URL-safe)."""
    return reverse("engagements:site_scan", args=[token])


def contract_url(engagement_id: int) -> str:
    """The engagement's current contract, where both sides sign (composed at the top, in workflow)."""
    return reverse("contracts:for_engagement", args=[engagement_id])


def settlement_url(engagement_id: int) -> str:
    return reverse("settlements:engagement", args=[engagement_id])
