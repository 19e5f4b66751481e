"""The JSON API as a whole: the error shape of malformed bodies, missing resources, missing sign-in and
forbidden calls across the routers, and the OpenAPI document and docs page."""

from __future__ import annotations

from lingong import testing as t
from lingong.apitools import error, get, job_body, ok, send, token_of
from lingong.jobs.models import JobPosting


def test_malformed_json_and_wrong_types_are_4xx_json(cast, client):
    employer = token_of(cast.employer)
    error(send(client, "post", "/jobs", employer, "{not json"), 400)
    error(send(client, "post", "/jobs", employer, "[1, 2, 3]"), 422, "invalid_input")
    error(send(client, "post", "/jobs", employer, ""), 422, "invalid_input")
    error(send(client, "post", "/auth/login", body="null"), 422, "invalid_input")
    error(
        send(client, "put", "/workers/me", token_of(cast.worker.user), '{"skills": "welder"}'),
        422,
        field="skills",
    )
    assert JobPosting.objects.count() == 0


def test_not_found_unauthenticated_and_forbidden(cast, client):
    worker, employer = token_of(cast.worker.user), token_of(cast.employer)
    error(get(client, "/jobs/999999"), 404, "not_found")
    error(send(client, "post", "/jobs/999999/apply", worker), 404, "not_found")
    error(send(client, "post", "/jobs/applications/999999/accept", worker), 404, "not_found")
    error(get(client, "/jobs/999999/applications", employer), 404, "not_found")
    error(send(client, "post", "/employers/999999/verify", token_of(cast.admin)), 404, "not_found")
    assert get(client, "/no-such-endpoint").status_code == 404  # Django's resolver, not the API

    error(send(client, "post", "/jobs", None, job_body()), 401, "not_authenticated")
    error(get(client, "/workers/me"), 401, "not_authenticated")
    error(get(client, "/notifications/unread-count"), 401, "not_authenticated")

    error(send(client, "post", "/jobs", worker, job_body()), 403, "forbidden")
    error(get(client, "/workers/me", employer), 403, "forbidden")
    error(get(client, "/workers", worker), 403, "forbidden")
    enterprise_id = t.enterprise_of(cast.other_employer).pk
    error(send(client, "post", f"/employers/{enterprise_id}/verify", employer), 403, "forbidden")
    assert JobPosting.objects.count() == 0


def test_unknown_api_path_answers_in_the_error_shape(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "接口不存在", "errors": {}}


def test_openapi_document_and_interactive_docs_are_served(client):
    spec = client.get("/api/v1/openapi.json")
    assert spec.status_code == 200
    paths = spec.json()["paths"]
    for path in (
        "/api/v1/jobs",
        "/api/v1/jobs/{job_id}/apply",
        "/api/v1/auth/login",
        "/api/v1/workers/walk-in",
    ):
        assert path in paths
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"openapi.json" in docs.content


def test_api_docs_load_no_third_party_assets(client):
    import re

    html = client.get("/api/v1/docs").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    assert all(not a.startswith(("http://", "https://", "//")) for a in assets), assets


def _walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def test_times_of_day_are_documented_as_the_values_the_api_sends(cast, client):
    """``format: time`` would require an offset ("08:00:00+08:00"); the API sends wall-clock "08:00:00" and
    takes "08:00" or "08:00:00", and the document says so with a pattern."""
    import re

    from lingong.api import api
    from lingong.core.schemas import CLOCK_TIME_PATTERN

    schema = api.get_openapi_schema()
    formats = {node.get("format") for node in _walk(schema)}
    assert "time" not in formats
    clock = [node for node in _walk(schema) if node.get("pattern") == CLOCK_TIME_PATTERN]
    assert len(clock) >= 10

    employer = token_of(cast.employer)
    short = ok(
        send(client, "post", "/jobs", employer, job_body(daily_start_time="08:00", daily_end_time="16:30")),
        201,
    )
    long = ok(
        send(
            client,
            "post",
            "/jobs",
            employer,
            job_body(daily_start_time="08:00:00", daily_end_time="16:30:00"),
        ),
        201,
    )
    for body in (short, long):
        assert (body["daily_start_time"], body["daily_end_time"]) == ("08:00:00", "16:30:00")
        assert re.match(CLOCK_TIME_PATTERN, body["daily_start_time"])
    error(
        send(client, "post", "/jobs", employer, job_body(daily_start_time="8 点")),
        422,
        field="daily_start_time",
    )


def test_every_schema_of_the_api_has_its_own_name():
    """The OpenAPI document names a schema by its class name: two classes of one name share one entry, and
    the document describes one of them wrongly (a market's policy was described as an insurance policy)."""
    import importlib
    import inspect
    import pkgutil

    from ninja import Schema

    import lingong

    owners: dict[str, list[str]] = {}
    for module_info in pkgutil.walk_packages(lingong.__path__, "lingong."):
        if not module_info.name.endswith("api") or ".tests" in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, Schema) and value.__module__ == module.__name__:
                owners.setdefault(name, []).append(module.__name__)
    assert owners
    assert {name: mods for name, mods in owners.items() if len(mods) > 1} == {}
