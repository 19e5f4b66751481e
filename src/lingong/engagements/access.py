"""Who may see or act on an engagement, and the row locks every app of the chain takes on it.

Shared by contracts, insurance, settlement and ratings; imports no other app's services.
Lock order everywhere: job, then application, then engagement, then its shifts / contract / policy /
statement rows, so two transitions never deadlock.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lingong.accounts.access import enterprise_of, is_staff, staff_can_see_station, station_scope_q
from lingong.accounts.models import Role, User
from lingong.core.errors import NotFoundError, PermissionDeniedError
from lingong.engagements.models import Engagement, Party


def party_of(user: Any, engagement: Engagement) -> str | None:
    """Which side of the engagement the user is on, or None when they may not see it."""
    if not getattr(user, "is_authenticated", False):
        return None
    if engagement.worker.user.erased_at is not None:
        # The worker closed their account: what is kept (contract, pay records) is locked and read only
        # through the rights app's staff page, with a reason that is logged.
        return None
    if user.role == Role.WORKER and engagement.worker.user_id == user.pk:
        return Party.WORKER
    enterprise = enterprise_of(user)
    if enterprise is not None and enterprise.pk == engagement.enterprise_id:
        return Party.EMPLOYER
    if (
        is_staff(user)
        and user.market_id == engagement.market_id
        and (user.role == Role.MARKET_ADMIN or staff_can_see_station(user, engagement.station))
    ):
        return Party.STAFF
    return None


def engagement_rows() -> QuerySet[Engagement]:
    """Engagements with what pages and access checks read of them (job, worker, enterprise, station)."""
    return Engagement.objects.select_related("job", "worker__user", "enterprise", "occupation", "station")


def access_engagement_for(user: Any, engagement_id: int) -> tuple[Engagement, str]:
    """Fetch the engagement and the user's party in it; 404 for anyone who may not see it."""
    engagement = engagement_rows().filter(pk=engagement_id).first()
    party = party_of(user, engagement) if engagement is not None else None
    if engagement is None or party is None:
        raise NotFoundError(_("用工单不存在"))
    return engagement, party


def lock_engagement(engagement_id: int) -> Engagement:
    """Lock one engagement row (with its worker, enterprise, job and station loaded) or raise 404."""
    engagement = (
        Engagement.objects.select_for_update(of=("self",))
        .select_related("worker__user", "enterprise", "job", "station")
        .filter(pk=engagement_id)
        .first()
    )
    if engagement is None:
        raise NotFoundError(_("用工单不存在"))
    return engagement


def lock_for(actor: User | None, engagement_id: int, *parties: str) -> tuple[Engagement, str]:
    """Lock the engagement and check the actor is one of ``parties`` (any party when none are given)."""
    engagement = lock_engagement(engagement_id)
    party = party_of(actor, engagement)
    if party is None:
        raise NotFoundError(_("用工单不存在"))
    if parties and party not in parties:
        raise PermissionDeniedError(_("您没有权限进行此操作。"))
    return engagement, party


def employer_users(engagement: Engagement) -> list[User]:
    return [m.user for m in engagement.enterprise.members.select_related("user")]


def staff_tiers(engagement: Engagement) -> list[QuerySet[User]]:
    """Who looks after an engagement, nearest first: its station's staff, its centre's, the admins."""
    active = User.objects.filter(is_active=True, market_id=engagement.market_id).order_by("pk")
    tiers = []
    station = engagement.station
    if station is not None:
        tiers.append(active.filter(role=Role.STATION_STAFF, station=station))
        if station.centre_id is not None:
            tiers.append(active.filter(role=Role.CENTRE_STAFF, centre_id=station.centre_id))
    tiers.append(active.filter(role=Role.MARKET_ADMIN))
    return tiers


def staff_scope_q(user: User) -> Q:
    """Engagements a staff member may see: their market, and their station or centre."""
    return Q(market_id=user.market_id) & station_scope_q(user, "station")
