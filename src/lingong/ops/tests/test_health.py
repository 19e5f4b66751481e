"""Liveness, readiness and metrics (issue 15): what a proxy and Prometheus see when the database, Redis or
the task queue is in trouble."""

from __future__ import annotations

import datetime as dt
import socket
from typing import Any
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from lingong.notifications.models import OutboundMessage, OutboundStatus
from lingong.ops import health

CLOSED_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def test_liveness_answers_without_touching_the_database(
    client: Client, db: Any, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok")
    assert "no-cache" in response["Cache-Control"]


def test_ready_when_the_database_answers_and_no_redis_is_configured(
    client: Client, db: Any, settings: Any
) -> None:
    settings.REDIS_URL = ""
    body = client.get("/readyz").json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"] == {"ok": True, "ms": mock.ANY, "configured": False}
    queue = body["checks"]["task_queue"]
    assert queue["ok"] is True and queue["lag_seconds"] == 0 and queue["pending"] >= 0


def test_redis_down_is_degraded_but_still_serving(client: Client, db: Any, settings: Any) -> None:
    settings.REDIS_URL = CLOSED_REDIS
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200  # pages and the API work without Redis: stay in rotation
    assert body["status"] == "degraded"
    assert body["checks"]["redis"]["ok"] is False
    assert "ConnectionError" in body["checks"]["redis"]["error"]
    assert body["checks"]["redis"]["ms"] < 2000  # a short timeout, not a hung probe


@pytest.mark.skipif(not _redis_up(), reason="needs Redis on 127.0.0.1:6379 (CI starts it)")
def test_a_running_redis_is_ready() -> None:
    check = health.check_redis("redis://127.0.0.1:6379/15")
    assert check.ok and check.detail == {"configured": True}


def test_a_text_waiting_too_long_makes_the_queue_behind(client: Client, db: Any, settings: Any) -> None:
    settings.REDIS_URL = ""
    settings.LINGONG_READY_MAX_QUEUE_LAG_SECONDS = 300
    old = timezone.now() - dt.timedelta(minutes=10)
    OutboundMessage.objects.create(idempotency_key="k1", phone="13800000000", template="t", created_at=old)
    sent = timezone.now() - dt.timedelta(hours=2)
    OutboundMessage.objects.create(
        idempotency_key="k2", phone="13800000000", template="t", created_at=sent, status=OutboundStatus.SENT
    )
    body = client.get("/readyz").json()
    queue = body["checks"]["task_queue"]
    assert (body["status"], queue["ok"]) == ("degraded", False)
    assert 590 <= queue["lag_seconds"] <= 700  # the pending one, not the older sent one
    assert queue["max_lag_seconds"] == 300


def test_database_down_is_unavailable_503(client: Client, db: Any) -> None:
    with mock.patch.object(health.connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {
        "ok": False,
        "ms": mock.ANY,
        "error": "OperationalError: connection refused",
    }


def test_metrics_export_requests_matching_and_the_queue(client: Client, db: Any, settings: Any) -> None:
    from lingong.core.metrics import MATCHING_SECONDS

    settings.REDIS_URL = ""
    MATCHING_SECONDS.labels(query="recommendations").observe(0.004)
    client.get("/healthz")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert 'lingong_matching_seconds_bucket{le="0.005",query="recommendations"}' in text
    assert "django_http_requests_total_by_view_transport_method_total" in text
    assert "lingong_task_queue_pending " in text
    assert "lingong_task_queue_lag_seconds 0.0" in text
