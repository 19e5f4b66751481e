from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lingong.accounts.access import scope_to_staff
from lingong.workers.models import WorkerCertificate, WorkerProfile


def profile_of(user: Any) -> WorkerProfile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return WorkerProfile.objects.filter(user=user).select_related("home_division", "station").first()


def station_workers(user: Any) -> QuerySet[WorkerProfile]:
    return (
        scope_to_staff(WorkerProfile.objects.all(), user, "station")
        .select_related("user", "home_division", "station")
        .order_by("-created_at")
    )


def pending_certificates(user: Any) -> QuerySet[WorkerCertificate]:
    """Certificates waiting for staff to check the original, for workers in the staff member's scope."""
    return (
        WorkerCertificate.objects.filter(verified_at__isnull=True)
        .filter(
            Q(worker__in=station_workers(user))
            # Self-registered workers belong to no station yet: any station of the market may check them.
            | Q(worker__station__isnull=True, worker__market_id=user.market_id)
        )
        .select_related("worker", "certificate_type")
        .order_by("id")
    )
