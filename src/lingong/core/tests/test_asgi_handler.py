"""The one-hop ASGI handler answers as Django's own ASGI handler does: same status, body and headers."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from django.core.handlers.asgi import ASGIHandler

from lingong.core.asgi_handler import SyncChainASGIHandler

pytestmark = pytest.mark.django_db(transaction=True)


def _call(app: Any, method: str, path: str, body: bytes = b"", headers: list | None = None) -> dict[str, Any]:
    path, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"testserver"), *(headers or [])],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    incoming = [{"type": "http.request", "body": body, "more_body": False}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if incoming:
            return incoming.pop()
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = sent[0]
    # A CSRF token (cookie and masked copies in the page) differs between any two responses, and so does the
    # second in an Expires header when the two calls straddle one (as on a loaded machine).
    headers = sorted(
        (k.lower(), b"<time>" if k.lower() in (b"expires", b"date") else v)
        for k, v in start["headers"]
        if k.lower() != b"set-cookie"
    )
    body = re.sub(rb"[A-Za-z0-9]{64}", b"<csrf token>", b"".join(m.get("body", b"") for m in sent[1:]))
    return {"status": start["status"], "headers": headers, "body": body}


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("GET", "/healthz", b"", 200),
        ("GET", "/no-such-page/", b"", 404),
        ("GET", "/api/v1/jobs?page_size=0", b"", 422),
        ("GET", "/api/v1/notifications", b"", 401),
        ("POST", "/api/v1/auth/login", b'{"phone": "1", "password": "x"}', 422),
        ("GET", "/accounts/login/", b"", 200),
    ],
)
def test_answers_like_djangos_handler(method: str, path: str, body: bytes, status: int) -> None:
    headers = [(b"content-type", b"application/json")] if body else []
    ours = _call(SyncChainASGIHandler(), method, path, body, headers)
    django = _call(ASGIHandler(), method, path, body, headers)
    assert ours["status"] == status
    assert ours == django


def test_the_served_application_uses_it() -> None:
    from lingong.asgi import django_asgi_app

    assert isinstance(django_asgi_app, SyncChainASGIHandler)
    assert django_asgi_app._middleware_chain is not None
    assert not asyncio.iscoroutinefunction(django_asgi_app._middleware_chain)
