from __future__ import annotations

from django.urls import path

from lingong.stats import views

app_name = "stats"

urlpatterns = [
    path("", views.market_screen, name="screen"),
    path("data/", views.screen_data, name="data"),
    path("centres/<int:centre_id>/", views.centre_screen, name="centre_screen"),
    path("centres/<int:centre_id>/data/", views.screen_data, name="centre_data"),
    path("k/<str:secret>/", views.kiosk_screen, name="kiosk"),
    path("k/<str:secret>/data/", views.kiosk_data, name="kiosk_data"),
    path("stations/<int:station_id>/", views.station_screen, name="station_screen"),
    path("stations/<int:station_id>/data/", views.station_data, name="station_data"),
    path("qr.svg", views.qr, name="qr"),
    path("keys/", views.keys, name="keys"),
    path("keys/rotate/", views.rotate_key, name="rotate_key"),
]
