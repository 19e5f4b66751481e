"""Live rooms (/live/<code>/, /staff/live/...): the room and its console, and the leads it leaves."""

from __future__ import annotations

from lingong.live import lead_urls, room_urls

app_name = "live"

urlpatterns = [*room_urls.urlpatterns, *lead_urls.urlpatterns]
