from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lingong.notifications.models import Notification


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def inbox(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")
