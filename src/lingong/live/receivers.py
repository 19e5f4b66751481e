"""How live leads hear of engagements (engagements sits below live): a lead linked to an application
becomes HIRED when that application's engagement starts (the worker's first check-in stamps
``Engagement.started_at``, engagements.services.check_in). The receiver runs in the transaction that saved
the engagement, so the lead moves with it or not at all."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from lingong.engagements.models import Engagement
from lingong.live import followup


def engagement_saved(sender: Any, instance: Engagement, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance.started_at is None:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and "started_at" not in update_fields and not created:
        return
    followup.hire_from_engagement(application_id=instance.application_id)


def connect() -> None:
    post_save.connect(engagement_saved, sender=Engagement, dispatch_uid="live.engagement_saved")
