"""Model signals -> dirty ids: mark the workers and jobs a save touched, now and again on commit.

Profiles, skills, certificates, availability and reputation rows mark their worker; jobs, their occupations
and certificates, applications and the employer's reputation mark the job.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from lingong.employers.models import EmployerReputation
from lingong.jobs.matching_index.freshness import mark_dirty
from lingong.jobs.matching_index.registry import _registry, forget_market
from lingong.jobs.models import Application, JobPosting, JobStatus
from lingong.org.area import area_changed
from lingong.workers.models import (
    Availability,
    WorkerCertificate,
    WorkerProfile,
    WorkerReputation,
    WorkerSkill,
)


def _mark(*, workers: Iterable[int] = (), jobs: Iterable[int] = ()) -> None:
    workers, jobs = tuple(workers), tuple(jobs)
    if not _registry:
        return  # nothing built in this process yet: the first build reads everything anyway
    mark_dirty(workers=workers, jobs=jobs)
    # Again after commit: a query between the save and the commit may have re-read the old row.
    transaction.on_commit(lambda: mark_dirty(workers=workers, jobs=jobs))


def _on_profile(sender: Any, instance: WorkerProfile, **kwargs: Any) -> None:
    _mark(workers=[instance.pk])


def _on_worker_child(sender: Any, instance: Any, **kwargs: Any) -> None:
    _mark(workers=[instance.worker_id])


def _on_job(sender: Any, instance: JobPosting, **kwargs: Any) -> None:
    _mark(jobs=[instance.pk])


def _on_job_m2m(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, JobPosting):
        _mark(jobs=[instance.pk])


def _on_application(sender: Any, instance: Application, **kwargs: Any) -> None:
    _mark(jobs=[instance.job_id])


def _on_employer_reputation(sender: Any, instance: EmployerReputation, **kwargs: Any) -> None:
    """A new rating of an employer moves its open jobs in workers' recommendations."""
    if _registry:
        _mark(
            jobs=JobPosting.objects.filter(
                enterprise_id=instance.enterprise_id, status=JobStatus.OPEN
            ).values_list("pk", flat=True)
        )


def _on_area_changed(sender: Any, market_id: int, **kwargs: Any) -> None:
    forget_market(market_id)


def connect_signals() -> None:
    """Called once from the jobs app's ready()."""
    for signal in (post_save, post_delete):
        signal.connect(_on_profile, sender=WorkerProfile, dispatch_uid=f"matching.profile.{signal}")
        for model in (WorkerSkill, WorkerCertificate, Availability, WorkerReputation):
            signal.connect(_on_worker_child, sender=model, dispatch_uid=f"matching.{model.__name__}.{signal}")
        signal.connect(_on_job, sender=JobPosting, dispatch_uid=f"matching.job.{signal}")
        signal.connect(_on_application, sender=Application, dispatch_uid=f"matching.application.{signal}")
        signal.connect(
            _on_employer_reputation, sender=EmployerReputation, dispatch_uid=f"matching.employer_rep.{signal}"
        )
    for through in (JobPosting.occupations.through, JobPosting.certificates_required.through):
        m2m_changed.connect(_on_job_m2m, sender=through, dispatch_uid=f"matching.m2m.{through.__name__}")
    area_changed.connect(_on_area_changed, dispatch_uid="matching.area_changed")
