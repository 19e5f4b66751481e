from django.urls import path

from lingong.org import policy_views, views

app_name = "org"
urlpatterns = [
    path("stations/", views.station_list, name="stations"),
    # stations/<id>/ is the station's page with its jobs: jobs:station (lingong/jobs/urls.py).
    path("stations/<int:station_id>/qr.svg", views.station_qr, name="station_qr"),
    path("stations/<int:station_id>/poster/", views.station_poster, name="station_poster"),
    path("market/policy/", policy_views.market_policy, name="policy"),
    path("market/policy/area/", policy_views.market_area, name="policy_area"),
]
