"""``{% load hk_dispatch %}{% hk_offer_banner %}``: the worker's open housekeeping offers on the job list
(a template names it; jobs, below housekeeping, never imports it)."""

from __future__ import annotations

from typing import Any

from django import template

from lingong.housekeeping.dispatch import open_offer_count
from lingong.workers.models import WorkerProfile

register = template.Library()


@register.inclusion_tag("housekeeping/worker_offer_banner.html", takes_context=True)
def hk_offer_banner(context: dict[str, Any]) -> dict[str, Any]:
    user = getattr(context.get("request"), "user", None)
    count = 0
    if user is not None and getattr(user, "is_authenticated", False) and user.role == "worker":
        shown = context.get("worker")  # the page's own profile of the user, when it has read it
        if isinstance(shown, WorkerProfile) and shown.user_id == user.pk:
            worker_id: int | None = shown.pk
        else:
            worker_id = WorkerProfile.objects.filter(user=user).values_list("pk", flat=True).first()
        count = open_offer_count(worker_id) if worker_id else 0
    return {"count": count}
