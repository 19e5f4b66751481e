"""The screens: the market's (and each centre's) big-data screen, a station's screen, their kiosk URLs and
the page where staff rotate those URLs. Every figure and list here is free of personal data."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lingong.accounts.auth import AuthedRequest
from lingong.core.errors import DomainError, NotFoundError, PermissionDeniedError
from lingong.core.qr import qr_svg
from lingong.core.siteurl import absolute_url
from lingong.jobs import selectors as job_selectors
from lingong.org.models import Market, ServiceCentre, Station
from lingong.recruit import selectors as recruit_selectors
from lingong.stats import kiosk, live, selectors
from lingong.stats.access import screen_scope, station_scope
from lingong.stats.models import ScreenKey, ScreenKind

STATION_JOBS = 30  # the nearest open jobs a station screen rotates through


def live_campaigns(market_id: int, near: tuple[float, float, float] | None = None) -> list[dict[str, Any]]:
    """Quick-recruit campaigns filling now, as the "campaign" events carry them (issue 10 section 1)."""
    return recruit_selectors.live_campaigns(market_id, near=near)


def campaigns_reaching(station: Station) -> list[dict[str, Any]]:
    """The live campaigns whose current radius reaches the station (those it was linked to, and the
    station screen's script applies the same rule to later updates)."""
    nearby = live_campaigns(station.market_id, (station.lat, station.lon, RADIUS_LIMIT_KM))
    return [c for c in nearby if c["distance_km"] <= c["radius_km"]]


RADIUS_LIMIT_KM = 200.0  # the widest radius cap a market policy allows


def _refuse(exc: DomainError) -> Exception:
    return Http404() if isinstance(exc, NotFoundError) else PermissionDenied()


def _market_screen(
    request: HttpRequest, market: Market, centre: ServiceCentre | None, key: str | None = None
) -> HttpResponse:
    figures = selectors.overview(market, centre)
    ws_query = [f"key={key}"] if key else []
    if centre is not None:
        ws_query.append(f"centre={centre.pk}")
    if key is not None:
        data_url = reverse("stats:kiosk_data", args=[key])
    elif centre is not None:
        data_url = reverse("stats:centre_data", args=[centre.pk])
    else:
        data_url = reverse("stats:data")
    near = (centre.lat, centre.lon, 30.0) if centre is not None else None
    context = {
        "market": market,
        "centre": centre,
        "figures": figures,
        "stations": selectors.station_points(market.pk, centre.pk if centre else None),
        "campaigns": live_campaigns(market.pk, near),
        "feed": live.recent_feed(market.pk, centre.pk if centre else None),
        "ws_path": f"/ws/screen/markets/{market.pk}/" + (("?" + "&".join(ws_query)) if ws_query else ""),
        "data_url": data_url,
        "kiosk": key is not None,
    }
    return render(request, "stats/screen.html", context)


@login_required
def market_screen(request: AuthedRequest) -> HttpResponse:
    try:
        market, _centre = screen_scope(request.user)
    except DomainError as exc:
        raise _refuse(exc) from exc
    return _market_screen(request, market, None)


@login_required
def centre_screen(request: AuthedRequest, centre_id: int) -> HttpResponse:
    try:
        market, centre = screen_scope(request.user, centre_id)
    except DomainError as exc:
        raise _refuse(exc) from exc
    return _market_screen(request, market, centre)


def _kiosk_key(secret: str, *kinds: str) -> ScreenKey:
    key = kiosk.resolve(secret)
    if key is None or key.kind not in kinds:
        raise Http404
    return key


def kiosk_screen(request: HttpRequest, secret: str) -> HttpResponse:
    key = _kiosk_key(secret, ScreenKind.MARKET, ScreenKind.CENTRE)
    return _market_screen(request, key.market, key.centre, key=secret)


def _figures_response(figures: dict[str, Any]) -> JsonResponse:
    response = JsonResponse(figures, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def screen_data(request: AuthedRequest, centre_id: int | None = None) -> JsonResponse:
    try:
        market, centre = screen_scope(request.user, centre_id)
    except DomainError as exc:
        raise _refuse(exc) from exc
    return _figures_response(selectors.overview(market, centre))


def kiosk_data(request: HttpRequest, secret: str) -> JsonResponse:
    key = _kiosk_key(secret, ScreenKind.MARKET, ScreenKind.CENTRE)
    return _figures_response(selectors.overview(key.market, key.centre))


def _station_for(request: HttpRequest, station_id: int) -> tuple[Station, str | None]:
    """The station whose screen is asked for: by a kiosk secret for it, or staff in scope."""
    secret = request.GET.get("key")
    if secret:
        key = _kiosk_key(secret, ScreenKind.STATION)
        if key.station_id != station_id or key.station is None or not key.station.is_active:
            raise Http404
        return key.station, secret
    user = request.user
    if not user.is_authenticated:
        raise Http404
    try:
        return station_scope(user, station_id), None
    except DomainError as exc:
        raise _refuse(exc) from exc


def station_jobs(station: Station) -> list[dict[str, Any]]:
    """The nearest open jobs, as the station's own page lists them (no personal data)."""
    page = job_selectors.browse_open_jobs(
        market_id=station.market_id,
        filters=job_selectors.JobFilters(),
        origin=(station.lat, station.lon),
        page=1,
        page_size=STATION_JOBS,
    )
    out = []
    for job in page.items:
        distance = getattr(job, "distance_km", None)  # set by browse_open_jobs
        out.append(
            {
                "id": job.pk,
                "title": job.title,
                "enterprise": job.enterprise.name,
                "pay": job.pay_display,
                "distance_km": round(distance, 1) if distance is not None else None,
                "district": job.division.name,
                "headcount": job.headcount,
                "urgent": job.is_urgent,
                "start_date": job.start_date.isoformat(),
            }
        )
    return out


def station_screen(request: HttpRequest, station_id: int) -> HttpResponse:
    station, secret = _station_for(request, station_id)
    station_url = absolute_url(reverse("jobs:station", args=[station.pk]), request)
    query = f"?key={secret}" if secret else ""
    context = {
        "station": station,
        "jobs": station_jobs(station),
        "campaigns": campaigns_reaching(station),
        "station_qr": qr_svg(station_url, scale=7, title=station.name),
        "station_url": station_url,
        "ws_path": f"/ws/screen/stations/{station.pk}/{query}",
        "data_url": reverse("stats:station_data", args=[station.pk]) + query,
    }
    return render(request, "stats/station_screen.html", context)


def station_data(request: HttpRequest, station_id: int) -> JsonResponse:
    station, _secret = _station_for(request, station_id)
    response = JsonResponse({"jobs": station_jobs(station)}, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


def qr(request: HttpRequest) -> HttpResponse:
    """A QR code of a path of this site (a campaign's answer link on a station screen); nothing else."""
    target = request.GET.get("u", "")
    if not target.startswith("/") or target.startswith("//") or len(target) > 300 or "\\" in target:
        raise Http404
    svg = qr_svg(absolute_url(target, request), scale=6)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@login_required
def keys(request: AuthedRequest) -> HttpResponse:
    try:
        screens = kiosk.keys_for_page(request.user)
    except DomainError as exc:
        raise _refuse(exc) from exc
    return render(request, "stats/keys.html", {"screens": screens, "made": None})


@require_POST
@login_required
def rotate_key(request: AuthedRequest) -> HttpResponse:
    kind = request.POST.get("kind", "")
    centre_id = request.POST.get("centre_id") or None
    station_id = request.POST.get("station_id") or None
    try:
        key, secret = kiosk.rotate(
            actor=request.user,
            kind=kind,
            centre_id=int(centre_id) if centre_id and centre_id.isdigit() else None,
            station_id=int(station_id) if station_id and station_id.isdigit() else None,
        )
    except PermissionDeniedError as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        raise Http404 from exc
    if key.kind == ScreenKind.STATION:
        path = reverse("stats:station_screen", args=[key.station_id]) + f"?key={secret}"
    else:
        path = reverse("stats:kiosk", args=[secret])
    made = {"label": dict(ScreenKind.choices)[key.kind], "url": absolute_url(path, request)}
    return render(request, "stats/keys.html", {"screens": kiosk.keys_for_page(request.user), "made": made})
