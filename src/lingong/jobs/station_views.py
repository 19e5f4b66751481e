"""A station's page, where its scanned QR code lands: the station and the nearest open jobs."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lingong.jobs import selectors
from lingong.org.selectors import station as station_by_id


def station(request: HttpRequest, station_id: int) -> HttpResponse:
    found = station_by_id(station_id)
    if found is None or not found.is_active:
        raise Http404
    page = selectors.browse_open_jobs(
        market_id=found.market_id,
        filters=selectors.JobFilters(),
        origin=(found.lat, found.lon),
        page=1,
        page_size=20,
    )
    return render(request, "jobs/station.html", {"station": found, "jobs": page.items, "total": page.total})
