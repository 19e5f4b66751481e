"""Absolute URLs (issue 16, item 5): the configured public base URL, else the request's host, never a
hard-coded port; a malformed SITE_URL stops the start."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from lingong import testing as t
from lingong.core.env import ImproperlyConfiguredEnv, env_origin
from lingong.core.siteurl import absolute_url, public_base_url
from lingong.notifications.senders import LogSender
from lingong.notifications.services import notify


@pytest.mark.parametrize(
    ("raw", "origin"),
    [
        ("http://127.0.0.1:8123", "http://127.0.0.1:8123"),
        ("https://Lingong.Example.org/", "https://lingong.example.org"),
        ("http://[::1]:8100", "http://[::1]:8100"),
        ("  https://jobs.example.cn  ", "https://jobs.example.cn"),
        ("", ""),
    ],
)
def test_env_origin_accepts_an_origin(monkeypatch: Any, raw: str, origin: str) -> None:
    monkeypatch.setenv("X_SITE", raw)
    assert env_origin("X_SITE") == origin


@pytest.mark.parametrize(
    "raw",
    [
        "127.0.0.1:8000",  # no scheme
        "ftp://example.org",
        "http://",
        "https://example.org/lingong",  # a path would be doubled by reverse()
        "https://example.org/?a=1",
        "https://example.org/#top",
        "https://user:pw@example.org",
        "http://example.org:99999",
        "http://example.org:port",
        "http://example.org:0",
    ],
)
def test_env_origin_refuses_anything_else_loudly(monkeypatch: Any, raw: str) -> None:
    monkeypatch.setenv("X_SITE", raw)
    with pytest.raises(ImproperlyConfiguredEnv, match="X_SITE"):
        env_origin("X_SITE")


def test_env_origin_unset_is_empty(monkeypatch: Any) -> None:
    monkeypatch.delenv("X_SITE", raising=False)
    assert env_origin("X_SITE") == ""


def test_the_configured_base_url_wins_over_the_request(settings: Any) -> None:
    settings.SITE_URL = "https://lingong.example.org"
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1:8123")
    assert absolute_url("/jobs/1/", request) == "https://lingong.example.org/jobs/1/"
    assert absolute_url("/jobs/1/") == "https://lingong.example.org/jobs/1/"


def test_without_a_base_url_the_request_host_and_port_are_used(settings: Any) -> None:
    settings.SITE_URL = ""
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1:8123")
    assert public_base_url(request) == "http://127.0.0.1:8123"
    assert absolute_url("/org/stations/3/", request) == "http://127.0.0.1:8123/org/stations/3/"
    secure = RequestFactory().get("/", HTTP_HOST="localhost", secure=True)
    assert absolute_url("/x/", secure) == "https://localhost/x/"


def test_outside_a_request_without_a_base_url_the_path_stays_relative(settings: Any) -> None:
    settings.SITE_URL = ""
    assert absolute_url("/accounts/login/") == "/accounts/login/"
    with pytest.raises(ValueError, match="path starting"):
        absolute_url("accounts/login/")


@pytest.mark.django_db
def test_api_urls_follow_the_host_served_on(client: Client, settings: Any, cast: Any) -> None:
    settings.SITE_URL = ""
    job = t.make_job(cast.employer, admin=cast.admin)
    body = client.get(f"/api/v1/jobs/{job.pk}", HTTP_HOST="localhost:8123").json()
    assert body["url"] == f"http://localhost:8123/jobs/{job.pk}/"
    station = client.get(f"/api/v1/org/stations/{cast.station.pk}", HTTP_HOST="localhost:8123").json()
    assert station["url"] == f"http://localhost:8123{reverse('jobs:station', args=[cast.station.pk])}"
    settings.SITE_URL = "https://lingong.example.org"
    body = client.get(f"/api/v1/jobs/{job.pk}", HTTP_HOST="localhost:8123").json()
    assert body["url"] == f"https://lingong.example.org/jobs/{job.pk}/"


@pytest.mark.django_db
def test_job_qr_code_encodes_the_host_served_on(client: Client, settings: Any, cast: Any) -> None:
    from lingong.core.qr import qr_svg

    settings.SITE_URL = ""
    job = t.make_job(cast.employer, admin=cast.admin)
    svg = client.get(reverse("jobs:qr", args=[job.pk]), HTTP_HOST="localhost:8123").content.decode()
    assert svg == qr_svg(f"http://localhost:8123/jobs/{job.pk}/", title=job.title)


@pytest.mark.django_db
def test_an_sms_carries_the_next_step_as_a_full_link(
    settings: Any, cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SITE_URL = "https://lingong.example.org"
    LogSender.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(user=cast.worker.user, kind="offer", title="您有新的录用", url="/work/12/")
    sent = [m for m in LogSender.outbox if m["phone"] == cast.worker.user.phone]
    assert sent[0]["params"]["link"] == f"https://lingong.example.org/inbox/{note.pk}/"
