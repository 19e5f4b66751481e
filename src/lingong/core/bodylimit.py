"""How large a request body may be, per path, and an ASGI guard that refuses a larger one before reading it.

Most requests are forms and JSON, capped at ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (5 MB). A few paths take uploads
(complaint evidence: up to 5 files of 10 MB) and get a larger cap from ``settings.UPLOAD_BODY_LIMITS``.

Django's ASGI handler reads the whole body (spooling to a temporary file) before any middleware runs, so a
200 MB upload would be received and written to disk before ``RequestSizeLimitMiddleware`` could refuse it.
``BodyLimitGuard`` wraps the ASGI application: a declared ``Content-Length`` over the path's cap is answered
413 at once, and a body without one (chunked) is counted as it arrives and cut off at the cap. The Django
middleware stays as the check for the test client and any other server.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from functools import lru_cache
from typing import Any

from django.conf import settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[re.Pattern[str], int], ...]:
    return tuple((re.compile(pattern), int(limit)) for pattern, limit in settings.UPLOAD_BODY_LIMITS)


def body_limit_for(path: str) -> int:
    """The largest body (bytes) a request to ``path`` may send."""
    for pattern, limit in _compiled():
        if pattern.match(path):
            return limit
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def too_large_body(path: str) -> tuple[bytes, bytes]:
    """The 413 body and its content type, without touching the database or templates."""
    from django.utils.translation import gettext as _

    message = _("提交的内容过大，请缩短后重试。")
    if path.startswith("/api/"):
        body = {"code": "request_too_large", "message": message, "errors": {}}
        return json.dumps(body, ensure_ascii=False).encode(), b"application/json"
    page = (
        f'<!doctype html><html lang="zh-Hans"><meta charset="utf-8"><title>413</title><p>{message}</p></html>'
    )
    return page.encode(), b"text/html; charset=utf-8"


class BodyLimitGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        limit = body_limit_for(path)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _send_413(send, path)
            return
        state = {"received": 0, "cut": False, "started": False}

        async def counted_receive() -> Message:
            if state["cut"]:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                state["received"] += len(message.get("body", b""))
                if state["received"] > limit:
                    state["cut"] = True
                    return {"type": "http.disconnect"}
            return message

        async def tracked_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["started"] = True
            if state["cut"]:
                return
            await send(message)

        await self.app(scope, counted_receive, tracked_send)
        if state["cut"]:
            await _send_413(send, path)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _send_413(send: Send, path: str) -> None:
    body, content_type = too_large_body(path)
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
