"""Helpers for page tests: fetch a page, check it rendered as a whole Chinese page, return its text."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from lingong import testing as t

LANG_MARK = 'lang="zh-hans"'


def login(client: Client, user: Any) -> Client:
    """Sign ``user`` in through the real login form (phone + password), not ``force_login``."""
    response = client.post("/accounts/login/", {"phone": user.phone, "password": t.PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def get_page(client: Client, url: str, **headers: str) -> str:
    """GET a full page: 200, HTML, the document language set to Simplified Chinese."""
    response = client.get(url, headers=headers or None)
    assert response.status_code == 200, f"{url} -> {response.status_code}"
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert LANG_MARK in html, f"{url} has no {LANG_MARK}"
    return html


def post_page(client: Client, url: str, data: dict[str, Any]) -> str:
    """POST a form that is expected to come back re-rendered (status 200) with errors."""
    response = client.post(url, data)
    assert response.status_code == 200, f"{url} -> {response.status_code}"
    html = response.content.decode()
    assert LANG_MARK in html
    return html


def follow(client: Client, url: str, data: dict[str, Any] | None = None) -> tuple[str, str]:
    """POST and follow the redirect chain; returns (final path, page html)."""
    response = client.post(url, data or {}, follow=True)
    assert response.status_code == 200, f"{url} -> {response.status_code}"
    assert response.redirect_chain, f"{url} did not redirect"
    html = response.content.decode()
    assert LANG_MARK in html
    return response.redirect_chain[-1][0], html


def text_of(html: str) -> str:
    """The visible text, tags stripped and whitespace squeezed: good for 'the page says X' checks."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", text)


def field_errors(html: str) -> str:
    """Text of every form error on the page: per-field lists and the form-wide alert box."""
    parts = re.findall(r'<ul class="errorlist[^"]*">(.*?)</ul>', html, flags=re.S)
    parts += re.findall(r'<div class="form-error" role="alert">((?:<div>.*?</div>)*)</div>', html, flags=re.S)
    return text_of(" ".join(parts))
