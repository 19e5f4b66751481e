"""How the campaign hears of applications and postings it does not own (jobs sits below recruit).

The jobs services save an application (accepted, declined, withdrawn, cancelled when an engagement ends
or a no-show frees the place) and a posting (reopened after a place was freed) inside transactions that
hold the job lock; these receivers run there, so the campaign follows in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from lingong.jobs.models import Application, JobPosting, JobStatus
from lingong.recruit import services


def application_saved(sender: Any, instance: Application, created: bool, **kwargs: Any) -> None:
    if created or kwargs.get("raw"):
        return
    services.application_changed(application=instance)


def job_saved(sender: Any, instance: JobPosting, created: bool, **kwargs: Any) -> None:
    if created or kwargs.get("raw") or instance.status != JobStatus.OPEN:
        return
    if services.live_for_job(instance.pk).exists():
        services.job_reopened(job_id=instance.pk)


def connect() -> None:
    post_save.connect(application_saved, sender=Application, dispatch_uid="recruit.application_saved")
    post_save.connect(job_saved, sender=JobPosting, dispatch_uid="recruit.job_saved")
