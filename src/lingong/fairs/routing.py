"""WebSocket routes of job fairs: the staff dashboard's live feed."""

from __future__ import annotations

from django.urls import path

from lingong.fairs.consumers import FairLiveConsumer

websocket_urlpatterns = [
    path("ws/fairs/<str:code>/", FairLiveConsumer.as_asgi()),
]
