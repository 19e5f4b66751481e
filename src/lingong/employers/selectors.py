from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lingong.accounts.access import require_staff
from lingong.employers.models import Enterprise, VerificationStatus


def pending_enterprises(user: Any) -> QuerySet[Enterprise]:
    require_staff(user)
    return (
        Enterprise.objects.filter(market_id=user.market_id, status=VerificationStatus.PENDING)
        .select_related("industry", "division")
        .order_by("created_at")
    )


def enterprises_for_staff(user: Any, q: str = "") -> QuerySet[Enterprise]:
    """Employers a staff member can post for: verified ones in the market, their station's first."""
    require_staff(user)
    qs = Enterprise.objects.filter(market_id=user.market_id, status=VerificationStatus.VERIFIED)
    if q:
        qs = qs.filter(name__icontains=q.strip()[:50])
    return qs.select_related("industry").order_by("name")
