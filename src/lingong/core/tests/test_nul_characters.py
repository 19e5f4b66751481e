"""A NUL character anywhere in a request gets a 4xx with the usual error body, never a database error
(PostgreSQL text cannot hold one; schemathesis found PUT /jobs/{id} with one in an occupation code)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from lingong import apitools as at
from lingong.core.nul import fields_with_nul
from lingong.jobs.models import JobPosting

pytestmark = pytest.mark.django_db


def test_fields_with_nul_names_every_place() -> None:
    assert fields_with_nul({"a": "x\x00", "b": ["ok", "n\x00"], "c": {"d": "\x00"}, "e\x00": 1}) == [
        "a",
        "b.1",
        "c.d",
        "e\x00",
    ]
    assert fields_with_nul({"a": "fine", "b": [1, 2.5, None]}) == []


def test_a_json_body_with_nul_is_422_and_nothing_changes(cast: Any) -> None:
    before = JobPosting.objects.count()
    body = {"title": "装卸工", "occupations": ["loader\x00"], "description": "搬运\x00货物"}
    token = at.bearer(at.token_of(cast.employer))
    response = Client().post(
        f"{at.API}/jobs", data=json.dumps(body), content_type="application/json", headers=token
    )
    refused = at.error(response, 422, "invalid_input")
    assert set(refused["errors"]) == {"occupations.0", "description"}
    form = Client().post(f"{at.API}/complaints", data={"kind": "other\x00"}, headers=token)
    assert set(at.error(form, 422, "invalid_input")["errors"]) == {"kind"}
    assert JobPosting.objects.count() == before


def test_a_query_or_path_with_nul_is_422_on_the_api_and_400_on_pages(cast: Any) -> None:
    token = at.bearer(at.token_of(cast.admin))
    response = Client().get(f"{at.API}/complaints?status=filed%00", headers=token)
    refused = at.error(response, 422, "invalid_input")
    assert set(refused["errors"]) == {"query.status"}
    at.error(Client().get(f"{at.API}/legal/policies/abc%00def"), 422, "invalid_input")
    client = Client()
    client.force_login(cast.admin)
    assert client.get("/staff/complaints/?status=%00").status_code == 400
