from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from lingong.accounts.access import enterprise_scope_q, require_staff
from lingong.core.search import name_or_code_q
from lingong.core.sla import SlaClock, clock
from lingong.employers.models import Enterprise, VerificationStatus
from lingong.org.policy import policy_for, verification_sla

# The statuses the verification queue can show: the ones waiting, and the ones sent back (to answer an
# employer who calls about it).
QUEUE_STATUSES = (VerificationStatus.PENDING, VerificationStatus.REJECTED)
PICKER_LIMIT = 20


@dataclass
class VerificationFilters:
    status: str = VerificationStatus.PENDING
    q: str = ""  # name or credit code
    division: str = ""  # a division code; its sub-divisions are included
    kind: str = ""  # enterprise / household; empty for both
    overdue: bool = False


def pending_enterprises(user: Any) -> QuerySet[Enterprise]:
    """Enterprises waiting for verification, the longest waiting first."""
    return verification_queue(user, VerificationFilters())


def verification_queue(
    user: Any, filters: VerificationFilters, *, now: dt.datetime | None = None
) -> QuerySet[Enterprise]:
    """The verification queue, the longest waiting first (first come, first served: an enterprise has no
    urgency of its own). Scoped to the employers the staff member may act for (``enterprise_scope_q``:
    their station, centre or market), the same rule the verification itself checks."""
    require_staff(user)
    status = filters.status if filters.status in QUEUE_STATUSES else VerificationStatus.PENDING
    qs = Enterprise.objects.filter(enterprise_scope_q(user), status=status)
    term = (filters.q or "").strip()[:50]
    if term:
        qs = qs.filter(name_or_code_q(term, "name", "credit_code"))
    if filters.division:
        qs = qs.filter(division__code__startswith=filters.division)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.overdue and status == VerificationStatus.PENDING:
        qs = qs.filter(
            submitted_at__lt=(now or timezone.now()) - verification_sla(policy_for(user.market_id))
        )
    order = "submitted_at" if status == VerificationStatus.PENDING else "-verified_at"
    return qs.select_related("industry", "division").order_by(order, "id")


def overdue_verifications(user: Any, *, now: dt.datetime | None = None) -> int:
    return verification_queue(user, VerificationFilters(overdue=True), now=now).count()


def verification_clock(enterprise: Enterprise, now: dt.datetime | None = None) -> SlaClock:
    return clock(enterprise.submitted_at, verification_sla(policy_for(enterprise.market_id)), now)


def enterprises_for_staff(user: Any, q: str = "") -> QuerySet[Enterprise]:
    """Employers a staff member can post for: verified ones in their scope (``enterprise_scope_q``), their
    station's first, then by name. ``q`` matches the name or a fragment of the credit code."""
    require_staff(user)
    qs = Enterprise.objects.filter(enterprise_scope_q(user), status=VerificationStatus.VERIFIED)
    term = (q or "").strip()[:50]
    if term:
        qs = qs.filter(name_or_code_q(term, "name", "credit_code"))
    own = Case(
        When(Q(station_id=user.station_id) & Q(station_id__isnull=False), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return qs.select_related("industry", "division").annotate(own_station=own).order_by("own_station", "name")


def enterprise_for_staff(user: Any, enterprise_id: Any) -> Enterprise | None:
    """One employer the staff member may post for, or None."""
    try:
        pk = int(enterprise_id)
    except (TypeError, ValueError):
        return None
    return enterprises_for_staff(user).filter(pk=pk).first()
