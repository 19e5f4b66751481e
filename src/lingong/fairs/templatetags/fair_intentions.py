"""``{% online_intention_action exhibitor job as action %}``: whether the fair page shows a 投递 button
for this job to the signed-in worker (an online fair open now, an open job) and whether they already did."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from lingong.fairs.intention_rules import online_problem
from lingong.fairs.models import BoothStatus, Intention
from lingong.jobs.models import JobStatus

register = template.Library()


@register.simple_tag(takes_context=True)
def online_intention_action(context: Any, exhibitor: Any, job: Any) -> dict[str, bool]:
    request = context.get("request")
    user = getattr(request, "user", None)
    worker = getattr(user, "worker_profile", None) if user is not None and user.is_authenticated else None
    show = (
        worker is not None
        and exhibitor is not None
        and exhibitor.status == BoothStatus.APPROVED
        and job is not None
        and job.status == JobStatus.OPEN
        and not online_problem(exhibitor.fair, timezone.now())
    )
    sent = show and Intention.objects.filter(exhibitor=exhibitor, worker=worker).exists()
    return {"show": bool(show), "sent": bool(sent)}
