"""WebSocket routes of this app, joined in lingong/routing.py."""

from __future__ import annotations

from typing import Any

from django.urls import path

from lingong.live.consumers import LiveConsoleConsumer, LiveRoomConsumer

websocket_urlpatterns: list[Any] = [
    path("ws/live/<str:code>/console/", LiveConsoleConsumer.as_asgi()),
    path("ws/live/<str:code>/", LiveRoomConsumer.as_asgi()),
]
