"""WebSocket routes of this app, joined in lingong/routing.py."""

from __future__ import annotations

from typing import Any

websocket_urlpatterns: list[Any] = []
