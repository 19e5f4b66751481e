from __future__ import annotations

from django.urls import path

from lingong.stats.consumers import MarketScreenConsumer, StationScreenConsumer

websocket_urlpatterns = [
    path("ws/screen/markets/<int:market_id>/", MarketScreenConsumer.as_asgi()),
    path("ws/screen/stations/<int:station_id>/", StationScreenConsumer.as_asgi()),
]
