"""HTTP on a fixed pool of threads (core.asgi_handler): it answers as Django's own ASGI handler does, runs
every request on one of its threads, and sends a view's committed events from the event loop."""

from __future__ import annotations

import asyncio
import re
import threading
from typing import Any

import pytest
from channels.layers import InMemoryChannelLayer
from django.core.handlers.asgi import ASGIHandler
from django.core.signals import request_finished, request_started

from lingong.core import events
from lingong.core.asgi_handler import ThreadPoolHTTP

pytestmark = pytest.mark.django_db(transaction=True)


def _scope(method: str, path: str, headers: list | None = None) -> dict[str, Any]:
    path, _, query = path.partition("?")
    return {
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


async def _ask(app: Any, method: str, path: str, body: bytes = b"", headers: list | None = None) -> dict:
    incoming = [{"type": "http.request", "body": body, "more_body": False}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if incoming:
            return incoming.pop()
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(_scope(method, path, headers), receive, send)
    start = sent[0]
    # A CSRF token (cookie and masked copies in the page) differs between any two responses, and so does the
    # second in an Expires header when the two calls straddle one (as on a loaded machine).
    got_headers = sorted(
        (k.lower(), b"<time>" if k.lower() in (b"expires", b"date") else v)
        for k, v in start["headers"]
        if k.lower() != b"set-cookie"
    )
    body = re.sub(rb"[A-Za-z0-9]{64}", b"<csrf token>", b"".join(m.get("body", b"") for m in sent[1:]))
    return {"status": start["status"], "headers": got_headers, "body": body}


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("GET", "/healthz", b"", 200),
        ("GET", "/no-such-page/", b"", 404),
        ("GET", "/api/v1/jobs?page_size=0", b"", 422),
        ("GET", "/api/v1/notifications", b"", 401),
        # no Content-Length, as with a chunked body: read in full all the same
        ("POST", "/api/v1/auth/login", b'{"phone": "1", "password": "x"}', 422),
        ("GET", "/accounts/login/", b"", 200),
    ],
)
def test_answers_like_djangos_handler(method: str, path: str, body: bytes, status: int) -> None:
    headers = [(b"content-type", b"application/json")] if body else []
    ours = asyncio.run(_ask(ThreadPoolHTTP(threads=2), method, path, body, headers))
    django = asyncio.run(_ask(ASGIHandler(), method, path, body, headers))
    assert ours["status"] == status
    assert ours == django


def test_each_request_runs_start_to_finish_in_one_of_the_pools_threads() -> None:
    seen: list[tuple[str, int]] = []

    def started(**kwargs: Any) -> None:
        seen.append(("started", threading.get_ident()))

    def finished(**kwargs: Any) -> None:
        seen.append(("finished", threading.get_ident()))

    request_started.connect(started)
    request_finished.connect(finished)
    app = ThreadPoolHTTP(threads=3)

    async def many() -> None:
        await asyncio.gather(*(_ask(app, "GET", "/healthz") for _ in range(30)))

    try:
        asyncio.run(many())
    finally:
        request_started.disconnect(started)
        request_finished.disconnect(finished)
    starts = [ident for kind, ident in seen if kind == "started"]
    finishes = [ident for kind, ident in seen if kind == "finished"]
    assert len(starts) == len(finishes) == 30
    # a fixed pool: no thread per request, and never the event loop's own thread
    assert len(set(starts)) <= 3 and sorted(starts) == sorted(finishes)
    assert threading.get_ident() not in starts


def test_a_views_committed_events_are_sent_from_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    layer = InMemoryChannelLayer()
    monkeypatch.setattr(events, "get_channel_layer", lambda: layer)
    used_async_to_sync: list[object] = []
    monkeypatch.setattr(events, "async_to_sync", lambda fn: used_async_to_sync.append(fn))

    def view_that_commits_an_event(environ: dict, start_response: Any) -> list[bytes]:
        events.send_event_on_commit(["g.test"], {"type": "ping", "n": 1})  # autocommit: on commit at once
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    async def scenario() -> dict[str, Any]:
        channel = await layer.new_channel()
        await layer.group_add("g.test", channel)
        answer = await _ask(ThreadPoolHTTP(threads=1, app=view_that_commits_an_event), "GET", "/")
        assert answer["body"] == b"ok"
        return await asyncio.wait_for(layer.receive(channel), timeout=5)

    message = asyncio.run(scenario())
    assert message == {"type": "lingong.event", "event": {"type": "ping", "n": 1}}
    assert used_async_to_sync == []  # not one event loop per event from the pool's thread


def test_a_chunked_body_reaches_the_view_whole() -> None:
    def echo(environ: dict, start_response: Any) -> list[bytes]:
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        start_response("200 OK", [("Content-Type", "application/octet-stream")])
        return [body]

    parts = [b"first ", b"second ", b"third"]
    incoming = [{"type": "http.request", "body": p, "more_body": i < 2} for i, p in enumerate(parts)]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(ThreadPoolHTTP(threads=1, app=echo)(_scope("POST", "/echo"), receive, send))
    assert b"".join(m.get("body", b"") for m in sent[1:]) == b"first second third"


def test_bad_thread_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        ThreadPoolHTTP(threads=0)


def test_the_served_application_uses_it() -> None:
    from lingong.asgi import django_asgi_app

    assert isinstance(django_asgi_app, ThreadPoolHTTP)
