"""Public station pages: list, detail with its open jobs, QR code and a printable poster."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from lingong.accounts.services import default_market
from lingong.core.qr import absolute_url, qr_svg
from lingong.jobs import selectors as job_selectors
from lingong.org import selectors
from lingong.org.models import Station


def station_list(request: HttpRequest) -> HttpResponse:
    stations = selectors.stations(default_market().pk)
    return render(request, "org/stations.html", {"stations": stations})


def _station(station_id: int) -> Station:
    station = selectors.station_with_counts(station_id)
    if station is None or not station.is_active:
        raise Http404
    return station


def station_detail(request: HttpRequest, station_id: int) -> HttpResponse:
    """Where a scanned station QR code lands: the nearest open jobs to this station."""
    station = _station(station_id)
    page = job_selectors.browse_open_jobs(
        market_id=station.market_id,
        filters=job_selectors.JobFilters(),
        origin=(station.lat, station.lon),
        page=1,
        page_size=20,
    )
    return render(request, "org/station.html", {"station": station, "jobs": page.items, "total": page.total})


def station_qr(request: HttpRequest, station_id: int) -> HttpResponse:
    station = _station(station_id)
    svg = qr_svg(absolute_url(reverse("org:station", args=[station.pk])), title=station.name)
    return HttpResponse(svg, content_type="image/svg+xml")


def station_poster(request: HttpRequest, station_id: int) -> HttpResponse:
    station = _station(station_id)
    svg = qr_svg(absolute_url(reverse("org:station", args=[station.pk])), scale=10, title=station.name)
    return render(request, "org/poster.html", {"station": station, "qr": svg})
