"""When the database cannot be reached (PostgreSQL restarting, SQLite locked), a request fails fast with 503
and Retry-After, JSON under /api/ and the Chinese page elsewhere; the next request after it is back works."""

from __future__ import annotations

from typing import Any
from unittest import mock

from django.db import OperationalError, connection
from django.test import Client

from lingong.testing import make_market


def _database_down() -> Any:
    return mock.patch.object(
        connection, "cursor", side_effect=OperationalError("server closed the connection")
    )


def test_a_page_answers_503_with_retry_after_while_the_database_is_away(transactional_db: Any) -> None:
    make_market()
    client = Client(raise_request_exception=False)
    with _database_down():
        response = client.get("/jobs/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "系统正在恢复" in response.content.decode()
    assert client.get("/jobs/").status_code == 200  # back: no restart needed


def test_the_api_answers_503_json_while_the_database_is_away(transactional_db: Any) -> None:
    make_market()
    client = Client(raise_request_exception=False)
    with _database_down():
        response = client.get("/api/v1/jobs")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    body = response.json()
    assert body["code"] == "service_unavailable" and body["errors"] == {}
    assert "稍后再试" in body["message"]
    assert client.get("/api/v1/jobs").status_code == 200


def test_other_errors_stay_500(transactional_db: Any) -> None:
    client = Client(raise_request_exception=False)
    with mock.patch.object(connection, "cursor", side_effect=RuntimeError("boom")):
        response = client.get("/jobs/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "服务器开小差了" in response.content.decode()
