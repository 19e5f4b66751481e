"""Who may open the staff pages: visitors are sent to sign in, workers and employers are refused, station
staff cannot reach the market's reviews."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lingong import testing as t
from lingong.jobs import services as job_services
from lingong.pagetools import login

pytestmark = pytest.mark.django_db


STAFF_PAGES = [
    "staff:dashboard",
    "staff:walk_in",
    "staff:workers",
    "staff:jobs",
    "staff:job_new",
    "staff:job_reviews",
    "staff:enterprises",
    "staff:enterprise_new",
]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_anonymous_visitor_is_sent_to_login_from_staff_pages(client: Client, cast, name: str) -> None:
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_worker_and_employer_are_refused_staff_pages(client: Client, cast, name: str) -> None:
    login(client, cast.worker.user)
    assert client.get(reverse(name)).status_code == 403
    client.logout()
    login(client, cast.employer)
    assert client.get(reverse(name)).status_code == 403


def test_worker_cannot_decide_reviews_through_staff_urls(client: Client, cast) -> None:
    job = job_services.create_job(actor=cast.employer, data=t.job_input())
    login(client, cast.worker.user)
    assert client.post(reverse("staff:job_decision", args=[job.pk, "approve"])).status_code == 403
    job.refresh_from_db()
    assert job.status == "pending_review"


def test_station_staff_are_refused_market_review_pages(client: Client, cast) -> None:
    login(client, cast.station_staff)
    assert client.get(reverse("staff:job_reviews")).status_code == 403
    assert client.get(reverse("staff:enterprises")).status_code == 403
