"""Every WebSocket route of the platform, one list per app, joined here for the ASGI entry point."""

from __future__ import annotations

from lingong.fairs.routing import websocket_urlpatterns as fair_routes
from lingong.live.routing import websocket_urlpatterns as live_routes
from lingong.notifications.routing import websocket_urlpatterns as notification_routes
from lingong.recruit.routing import websocket_urlpatterns as recruit_routes
from lingong.stats.routing import websocket_urlpatterns as screen_routes

websocket_urlpatterns = [
    *notification_routes,
    *recruit_routes,
    *screen_routes,
    *live_routes,
    *fair_routes,
]
