from django.urls import path

from lingong.recruit.consumers import CampaignConsumer, StationLiveConsumer

websocket_urlpatterns = [
    path("ws/campaigns/<int:campaign_id>/", CampaignConsumer.as_asgi()),
    path("ws/stations/<int:station_id>/live/", StationLiveConsumer.as_asgi()),
]
