"""Consent over the API is a JSON boolean and nothing else: "yes", "true", 1 or "on" are not consent."""

from __future__ import annotations

import pytest

from lingong.accounts.models import User
from lingong.apitools import NEW_PASSWORD, error, ok, send

pytestmark = pytest.mark.django_db


def _register(client, consent):
    body = {"phone": "13722224444", "password": NEW_PASSWORD, "consent": consent}
    return send(client, "post", "/auth/register/worker", body=body)


@pytest.mark.parametrize("consent", ["yes", "true", "on", "1", 1, "True", "y", 1.0])
def test_consent_that_is_not_json_true_is_refused(cast, client, consent):
    error(_register(client, consent), 422, "invalid_input", "consent")
    assert not User.objects.filter(phone="13722224444").exists()


def test_json_true_is_consent(cast, client):
    ok(_register(client, True), 201)
    assert User.objects.filter(phone="13722224444").exists()


def test_the_document_says_consent_is_a_boolean(client):
    schema = client.get("/api/v1/openapi.json").json()
    consent = schema["components"]["schemas"]["WorkerRegisterIn"]["properties"]["consent"]
    assert consent["type"] == "boolean"
