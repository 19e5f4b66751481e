"""URLs that notifications point to; one place so services do not build paths by hand."""

from __future__ import annotations

from django.urls import reverse

__all__ = ["reverse"]


def job_url(job_id: int) -> str:
    return reverse("jobs:detail", args=[job_id])


def job_applicants_url(job_id: int) -> str:
    return reverse("jobs:job_applicants", args=[job_id])


def job_list_url() -> str:
    return reverse("jobs:list")


def job_edit_url(job_id: int) -> str:
    return reverse("jobs:job_edit", args=[job_id])


def my_applications_url() -> str:
    return reverse("jobs:worker_applications")


def my_application_url(application_id: int) -> str:
    """One application on "my applications" (its card carries the anchor)."""
    return f"{reverse('jobs:worker_applications')}#application-{application_id}"


def job_new_url() -> str:
    return reverse("jobs:job_new")


def review_queue_url() -> str:
    return reverse("staff:job_reviews")
