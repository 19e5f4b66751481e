"""HTTP through Django's WSGI handler on a fixed pool of threads, inside the ASGI server.

Django's ASGI handler opens a thread-sensitive context for every request, and with it a new single-thread
executor: a thread was started and joined for each request, and the request crossed between the event loop
and that thread three times (the request-started signal, the middleware and view, closing the response).
That was a third of a short request's CPU time (docs/benchmarks.md, issue 15: 3.5 -> 2.3 ms of CPU for the
cheapest requests). Every middleware and view here is sync, so the request is run as WSGI runs it, in one
trip to a thread of a fixed pool, by a2wsgi (a small, maintained ASGI-to-WSGI adapter): the signals, the
view, closing the response and returning the database connection all happen in that thread, as under any
WSGI server. Reading the body and sending the response stay in the event loop; WebSockets stay with
Channels.

One thing needs the event loop: the realtime events a view's transactions commit. From a pool thread,
``async_to_sync`` would start an event loop of its own (and, with Redis, a connection) for every event, and
the in-process channel layer of the embedded default must be used from the server's own loop. So the events
are collected while the request runs (``core.events.collecting_into``) and sent from the loop once the
response is out, as the WebSocket consumers already do.
"""

from __future__ import annotations

from typing import Any

from a2wsgi import WSGIMiddleware
from django.core.handlers.wsgi import WSGIHandler

from lingong.core import events


class ThreadPoolHTTP:
    """An ASGI application for HTTP: ``app`` (a WSGI application, Django's by default) on ``threads``
    threads."""

    def __init__(self, threads: int, app: Any = None) -> None:
        if threads < 1:
            raise ValueError("threads must be at least 1")
        wsgi_app = app if app is not None else WSGIHandler()
        self._wsgi = WSGIMiddleware(wsgi_app, workers=threads)  # type: ignore[arg-type]  # Django's, untyped

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope.get("type") == "http" and not _declares_length(scope):
            scope, receive = await _with_length(scope, receive)
        with events.collecting_into() as committed:
            # a2wsgi runs the request in a copy of this context: the view's events land in ``committed``
            await self._wsgi(scope, receive, send)
        await events.publish_collected(committed)


def _declares_length(scope: Any) -> bool:
    return any(name.lower() == b"content-length" for name, _ in scope.get("headers", ()))


async def _with_length(scope: Any, receive: Any) -> tuple[Any, Any]:
    """A body sent without Content-Length (chunked), read here in full and declared: WSGI reads only as many
    bytes as Content-Length says (none, without it), where Django's ASGI handler read the whole body.
    ``BodyLimitGuard``, outside this application, has already cut an over-long one off."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break  # the client left: the view gets what came
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    scope = dict(scope, headers=[*scope.get("headers", ()), (b"content-length", str(len(body)).encode())])
    replayed = False

    async def replay() -> Any:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return scope, replay
