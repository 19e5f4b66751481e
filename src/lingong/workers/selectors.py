from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lingong.accounts.access import scope_to_staff
from lingong.workers.models import WorkerProfile


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
