"""Content-Security-Policy, Permissions-Policy and no-store for personal data, on pages and the API."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from lingong.apitools import bearer, token_of
from lingong.pagetools import login

pytestmark = pytest.mark.django_db


def _csp(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in policy.split(";")) if part}


def test_every_page_and_api_answer_carries_the_csp_and_permissions_policy(client: Client, cast) -> None:
    for url in ("/", "/accounts/login/", "/api/v1/openapi.json", "/no-such-page/"):
        response = client.get(url)
        csp = _csp(response)
        assert csp["script-src"] == "script-src 'self'", csp  # no inline script, no eval
        assert csp["object-src"] == "object-src 'none'" and csp["frame-ancestors"] == "frame-ancestors 'none'"
        permissions = response["Permissions-Policy"]
        assert "geolocation=(self)" in permissions and "camera=()" in permissions


def test_personal_data_is_never_cached(client: Client, cast) -> None:
    me = client.get("/api/v1/workers/me", headers=bearer(token_of(cast.worker.user)))
    assert me.status_code == 200
    assert "no-store" in me["Cache-Control"] and "private" in me["Cache-Control"]

    token = client.post(
        "/api/v1/auth/login",
        {"phone": cast.worker.user.phone, "password": "Lingong2026"},
        content_type="application/json",
    )
    assert "no-store" in token["Cache-Control"]

    login(client, cast.worker.user)
    page = client.get("/me/profile/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]


def test_public_pages_for_anonymous_visitors_are_not_marked_personal(client: Client, cast) -> None:
    assert "no-store" not in client.get("/accounts/login/").get("Cache-Control", "")


TEMPLATE_DIRS = sorted(Path(settings.BASE_DIR).glob("**/templates"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
ALPINE_EXPRESSION = re.compile(
    r"\b(x-data|x-show|x-if|@[a-z]+|x-on:[a-z]+|:class|x-bind:[a-z]+)=\"[^\"]*[^\w.\"]"
)


def test_templates_have_no_inline_scripts_handlers_or_alpine_expressions() -> None:
    """What the policy would refuse: inline <script>, on*= handlers, and Alpine expressions (the CSP
    build of Alpine only reads a component's members: x-data="menu", @click="toggle")."""
    found = []
    for folder in TEMPLATE_DIRS:
        for path in folder.glob("**/*.html"):
            text = path.read_text(encoding="utf-8")
            for pattern in (INLINE_SCRIPT, INLINE_HANDLER, ALPINE_EXPRESSION):
                found += [
                    f"{path.relative_to(settings.BASE_DIR)}: {m.group(0)[:80]}"
                    for m in pattern.finditer(text)
                ]
    assert found == []
