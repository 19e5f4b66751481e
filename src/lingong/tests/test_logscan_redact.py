"""A requested path with a phone-like number is masked in Django's request and CSRF warnings."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from lingong.logscan import findings, redact


def test_redact_masks_mobile_and_id_numbers() -> None:
    assert redact("/api/v1/mediations/16687389539/sign") == "/api/v1/mediations/166********/sign"
    assert findings(redact("id 11010519491231002X")) == []
    assert redact("/api/v1/jobs/123") == "/api/v1/jobs/123"


@pytest.mark.django_db
def test_a_404_for_a_phone_like_path_logs_no_phone(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        path = "/api/v1/mediations/16687389539/agreement/sign"
        Client().post(path, data={}, content_type="application/json")
        Client().get("/no-such-page/13912345678/")
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "16687389539" not in text and "13912345678" not in text
    assert "166********" in text or "139********" in text
