"""URLs that notifications point to; one place so services do not build paths by hand."""

from __future__ import annotations

from django.urls import reverse

__all__ = ["reverse"]


def job_url(job_id: int) -> str:
    return reverse("jobs:detail", args=[job_id])


def job_applicants_url(job_id: int) -> str:
    return reverse("jobs:job_applicants", args=[job_id])


def my_applications_url() -> str:
    return reverse("jobs:worker_applications")


def review_queue_url() -> str:
    return reverse("staff:job_reviews")
