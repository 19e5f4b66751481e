"""The ASGI body guard refuses an oversized body before the application reads it."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from lingong.core.bodylimit import BodyLimitGuard, body_limit_for

MB = 1024 * 1024


Headers = list[tuple[bytes, bytes]]


def run(path: str, headers: Headers, chunks: list[bytes]) -> tuple[list[Any], dict[str, Any]]:
    """Drive the guard around a small app that reads the whole body and answers 200 with its length."""
    seen: dict[str, Any] = {"called": False, "read": 0}

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen["called"] = True
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            seen["read"] += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": str(seen["read"]).encode()})

    last = len(chunks) - 1
    queue = [{"type": "http.request", "body": c, "more_body": i < last} for i, c in enumerate(chunks)]
    sent: list[Any] = []

    async def receive() -> Any:
        return queue.pop(0) if queue else {"type": "http.disconnect"}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {"type": "http", "path": path, "headers": headers, "method": "POST"}
    asyncio.run(BodyLimitGuard(app)(scope, receive, send))
    return sent, seen


def test_declared_oversize_is_refused_before_the_app_runs() -> None:
    sent, seen = run("/api/v1/complaints", [(b"content-length", str(200 * MB).encode())], [b"x"])
    assert sent[0]["status"] == 413 and not seen["called"]
    body = json.loads(sent[1]["body"])
    assert body["code"] == "request_too_large" and body["errors"] == {} and "过大" in body["message"]


def test_chunked_oversize_is_cut_off_at_the_limit() -> None:
    chunk = b"x" * MB
    sent, seen = run("/api/v1/jobs", [], [chunk] * 8)
    assert [m["status"] for m in sent if m["type"] == "http.response.start"] == [413]
    assert seen["read"] <= body_limit_for("/api/v1/jobs")


def test_a_body_within_the_limit_passes() -> None:
    sent, seen = run("/api/v1/complaints", [(b"content-length", str(3 * MB).encode())], [b"x" * (3 * MB)])
    assert sent[0]["status"] == 200 and seen["read"] == 3 * MB


def test_upload_paths_get_the_larger_limit() -> None:
    assert body_limit_for("/api/v1/complaints") > 50 * MB
    assert body_limit_for("/me/complaints/new/") > 50 * MB
    assert body_limit_for("/api/v1/complaints/3/acknowledge") == 5 * MB
    assert body_limit_for("/api/v1/jobs") == 5 * MB


def test_page_paths_get_a_chinese_page() -> None:
    sent, _seen = run("/me/complaints/new/", [(b"content-length", str(200 * MB).encode())], [b"x"])
    assert sent[0]["status"] == 413
    assert "提交的内容过大" in sent[1]["body"].decode()
