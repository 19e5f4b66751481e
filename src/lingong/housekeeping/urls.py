"""Housekeeping pages: home-services/... (households), me/home-services/... (workers),
staff/home-services/... (staff)."""

from __future__ import annotations

from lingong.housekeeping import booking_urls, dispatch_urls

app_name = "housekeeping"

urlpatterns = [*booking_urls.urlpatterns, *dispatch_urls.urlpatterns]
