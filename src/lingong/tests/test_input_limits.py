"""Inputs at their limits, on every endpoint and page they reach: page numbers far past the end, bodies
larger than the server accepts, text fields longer than any form allows."""

from __future__ import annotations

import json
from typing import Any

from lingong import testing as t
from lingong.accounts import services as accounts
from lingong.api import api
from lingong.apitools import api_world, error, job_body, role_users
from lingong.pagetools import login, text_of

HUGE_PAGE = "19392661562357424128"


def _paginated_operations() -> list[tuple[str, str]]:
    """(method, path) of every operation of the OpenAPI document with a ``page`` query parameter."""
    found = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            if "page" in names:
                found.append((method, path))
    return found


def test_the_schema_has_the_paginated_endpoints_this_file_tests():
    assert len(_paginated_operations()) >= 15


def test_a_page_past_the_end_is_the_last_page_on_every_paginated_endpoint(cast, client):
    """Every operation of the document with a ``page`` parameter, as every role: never a 500; a 200 serves
    the last page and says so, a 4xx has the error shape. One world for all of them (a slow setup)."""
    ids = api_world(cast)
    tokens = {
        role: accounts.issue_token(user=user) if user else None for role, user in role_users(cast).items()
    }
    for method, path in _paginated_operations():
        assert method == "get", path
        url = path
        for name, values in ids.items():
            url = url.replace("{" + name + "}", str(values[0]))
        assert "{" not in url, url
        served = 0
        for role, token in tokens.items():
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            for page in (HUGE_PAGE, "99999", "-5", "x"):
                response = client.get(url, {"page": page, "page_size": "2"}, headers=headers)
                assert response.status_code < 500, (url, role, page, response.content[:300])
                if response.status_code != 200:
                    error(response, response.status_code)
                    continue
                body = response.json()
                expected = 1 if page in ("-5", "x") else body["pages"]
                assert body["page"] == expected, (url, role, page, body)
                assert len(body["items"]) == min(2, body["total"] - (expected - 1) * 2), (url, role, page)
                served += 1
        assert served, f"no role could list {url}"


PAGES = {
    "/jobs/": "worker",
    "/inbox/": "worker",
    "/staff/workers/": "station_staff",
    "/staff/jobs/": "station_staff",
    "/staff/jobs/reviews/": "market_admin",
    "/staff/enterprises/": "market_admin",
}


def test_a_page_past_the_end_is_the_last_page_on_every_paginated_page(cast):
    from django.test import Client

    t.make_job(cast.employer)
    for url, role in PAGES.items():
        client = login(Client(), role_users(cast)[role])
        for page in (HUGE_PAGE, "99999", "-1", "abc"):
            response = client.get(url, {"page": page})
            assert response.status_code == 200, (url, page, response.status_code)
            assert 'lang="zh-hans"' in response.content.decode()
    # The jobs list sorted by distance pages a list in memory rather than a query.
    client = login(Client(), cast.worker.user)
    assert client.get("/jobs/", {"page": HUGE_PAGE, "lat": "39.63", "lon": "118.18"}).status_code == 200


# --- Body size --------------------------------------------------------------------------------------


def _json_post(client: Any, path: str, body: bytes, token: str | None = None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(path, data=body, content_type="application/json", headers=headers)


def test_a_ten_megabyte_api_request_is_413_in_the_error_shape(cast, client):
    token = accounts.issue_token(user=cast.employer)
    big = json.dumps({"title": "x" * (10 * 1024 * 1024)}).encode()
    body = error(_json_post(client, "/api/v1/jobs", big, token), 413, "request_too_large")
    assert "过大" in body["message"]
    error(_json_post(client, "/api/v1/auth/login", big), 413, "request_too_large")


def test_a_body_too_large_without_a_content_length_is_413_too(cast, rf):
    """A chunked body declares no length: Django refuses to read it and the API maps that to 413."""
    from lingong.api import api as ninja_api

    request = rf.post("/api/v1/auth/login", data=b"{}", content_type="application/json")
    request.META.pop("CONTENT_LENGTH")
    from django.core.exceptions import RequestDataTooBig

    response = ninja_api.on_exception(request, RequestDataTooBig("too big"))
    assert response.status_code == 413
    assert json.loads(response.content)["code"] == "request_too_large"


def test_a_ten_megabyte_form_post_is_a_chinese_413_page(cast, client):
    login(client, cast.worker.user)
    response = client.post("/me/profile/", {"real_name": "x" * (10 * 1024 * 1024)})
    assert response.status_code == 413
    html = response.content.decode()
    assert 'lang="zh-hans"' in html
    assert "过大" in text_of(html)


def test_a_three_megabyte_text_field_in_a_small_body_is_a_field_error(cast, client):
    """Refused by the field's maximum length, as every invalid field is: 422 ``invalid_input`` naming it."""
    token = accounts.issue_token(user=cast.employer)
    body = json.dumps(job_body(description="x" * (3 * 1024 * 1024))).encode()
    assert len(body) < 10 * 1024 * 1024
    error(_json_post(client, "/api/v1/jobs", body, token), 422, "invalid_input", field="description")


def _free_text_fields(schema: dict[str, Any]) -> list[str]:
    """Every string in a request body or a parameter (properties, list items, nested objects) without a
    bound: a maximum length, an enum, a format or an anchored pattern. A string accepted in place of a
    number or a boolean is a number, not text."""
    components = schema["components"]["schemas"]
    unbounded: list[str] = []
    seen: set[str] = set()

    def visit(spec: dict[str, Any], where: str) -> None:
        if "$ref" in spec:
            name = spec["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                for prop, inner in components[name].get("properties", {}).items():
                    visit(inner, f"{name}.{prop}")
            return
        options = spec.get("anyOf", [])
        numeric = any(o.get("type") in ("number", "integer", "boolean") for o in options)
        for option in options:
            if not (numeric and option.get("type") == "string"):
                visit(option, where)
        if spec.get("type") == "array":
            visit(spec.get("items", {}), f"{where}[]")
        if spec.get("type") == "string" and not (
            {"maxLength", "enum", "format", "const", "pattern"} & set(spec)
        ):
            unbounded.append(where)

    for operations in schema["paths"].values():
        for operation in operations.values():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                visit(media.get("schema", {}), operation["operationId"])
            for parameter in operation.get("parameters", []):
                visit(parameter.get("schema", {}), f"{operation['operationId']}?{parameter['name']}")
    return sorted(set(unbounded))


def test_every_free_text_field_of_the_api_has_a_maximum_length():
    assert _free_text_fields(api.get_openapi_schema()) == []
