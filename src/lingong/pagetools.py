"""Helpers for page tests: fetch a page, check it rendered as a whole Chinese page, return its text."""

from __future__ import annotations

import re
from html.parser import HTMLParser
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


# --- Forms as a browser submits them ------------------------------------------------------------------

_NOT_SUBMITTED = {"submit", "button", "image", "reset", "file"}


class _FormReader(HTMLParser):
    """Collects every <form>'s successful controls (HTML's "constructing the form data set", simplified:
    no submitter, no file inputs, no ``form=`` attribute on controls outside the form)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._form: list[tuple[str, str]] | None = None
        self._select: dict[str, Any] | None = None
        self._option: dict[str, Any] | None = None
        self._textarea: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = []
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            self._input(a)
        elif tag == "select":
            self._select = {"attrs": a, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}
            self._select["options"].append(self._option)
        elif tag == "textarea":
            self._textarea = {"attrs": a, "text": ""}

    def _input(self, a: dict[str, str]) -> None:
        kind = a.get("type", "text").lower()
        name = a.get("name")
        if not name or "disabled" in a or kind in _NOT_SUBMITTED or self._form is None:
            return
        if kind in ("checkbox", "radio"):
            if "checked" in a:
                self._form.append((name, a.get("value", "on")))
            return
        self._form.append((name, a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            self._end_select(self._select)
            self._select = self._option = None
        elif tag == "textarea" and self._textarea is not None:
            a, text = self._textarea["attrs"], self._textarea["text"]
            if a.get("name") and "disabled" not in a and self._form is not None:
                # The parser drops one newline straight after <textarea>, as Django's template writes one.
                self._form.append((a["name"], text[1:] if text.startswith("\n") else text))
            self._textarea = None

    def _end_select(self, select: dict[str, Any]) -> None:
        a, options = select["attrs"], select["options"]
        if not a.get("name") or "disabled" in a or self._form is None or not options:
            return
        chosen = [o for o in options if o["selected"]]
        if not chosen and "multiple" not in a:
            chosen = options[:1]  # a single select with nothing marked submits its first option
        for option in chosen:
            value = option["value"] if option["value"] is not None else option["text"].strip()
            self._form.append((a["name"], value))


def form_values(html: str, *, containing: str | None = None) -> dict[str, list[str]]:
    """What submitting, unchanged, the page's form that sends a field named ``containing`` (or its first
    form) would send: ``{name: [values]}``, ready for the test client (lists become repeated fields)."""
    reader = _FormReader()
    reader.feed(html)
    reader.close()
    for pairs in reader.forms:
        if containing is None or any(name == containing for name, _ in pairs):
            values: dict[str, list[str]] = {}
            for name, value in pairs:
                values.setdefault(name, []).append(value)
            return values
    raise AssertionError(f"no form on the page sends a field named {containing!r}")


def rendered_values(form: Any) -> dict[str, list[str]]:
    """What ``form`` (a Django form, usually unbound with initial values) puts in its inputs."""
    return form_values(f"<form>{form.as_div()}</form>")
