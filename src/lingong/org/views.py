"""Public station pages: the list, each station's QR code and a printable poster (the station's own page,
with the open jobs around it, is in jobs)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from lingong.core.qr import qr_svg
from lingong.core.siteurl import absolute_url
from lingong.org import selectors
from lingong.org.models import Station


def station_list(request: HttpRequest) -> HttpResponse:
    stations = selectors.stations(selectors.default_market().pk)
    return render(request, "org/stations.html", {"stations": stations})


def _station(station_id: int) -> Station:
    station = selectors.station(station_id)
    if station is None or not station.is_active:
        raise Http404
    return station


def _station_url(request: HttpRequest, station: Station) -> str:
    """The address a scan opens: the public base URL if configured, else the host this page was served on."""
    return absolute_url(reverse("jobs:station", args=[station.pk]), request)


def station_qr(request: HttpRequest, station_id: int) -> HttpResponse:
    station = _station(station_id)
    svg = qr_svg(_station_url(request, station), title=station.name)
    return HttpResponse(svg, content_type="image/svg+xml")


def station_poster(request: HttpRequest, station_id: int) -> HttpResponse:
    station = _station(station_id)
    url = _station_url(request, station)
    svg = qr_svg(url, scale=10, title=station.name)
    return render(request, "org/poster.html", {"station": station, "qr": svg, "url": url})
