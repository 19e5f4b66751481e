"""Who may open the employer pages: not another employer, not a worker."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lingong import testing as t
from lingong.jobs import services as job_services
from lingong.pagetools import login

pytestmark = pytest.mark.django_db


def test_other_employer_gets_404_on_someone_elses_applicants_page(client: Client, cast) -> None:
    job = t.make_job(cast.employer, admin=cast.admin)
    application = job_services.apply(actor=cast.worker.user, job_id=job.pk)
    login(client, cast.other_employer)
    assert client.get(reverse("jobs:job_applicants", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:job_edit", args=[job.pk])).status_code == 404
    # Nor can they act on the application through the form URL.
    client.post(reverse("jobs:employer_application_action", args=[application.pk, "offer"]))
    application.refresh_from_db()
    assert application.status == "applied"


def test_worker_gets_404_on_employer_pages(client: Client, cast) -> None:
    job = t.make_job(cast.employer, admin=cast.admin)
    login(client, cast.worker.user)
    assert client.get(reverse("jobs:employer_dashboard")).status_code == 404
    assert client.get(reverse("jobs:job_applicants", args=[job.pk])).status_code == 404
