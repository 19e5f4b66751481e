"""Health endpoints (no login, no session, no template): see ``health``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lingong.ops import health, metrics


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. It touches no database, so a database restart restarts nothing."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    status, checks = health.readiness()
    body = {"status": status, "checks": {c.name: c.as_dict() for c in checks}}
    return JsonResponse(body, status=503 if status == "unavailable" else 200)


@never_cache
@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    payload, content_type = metrics.export()
    return HttpResponse(payload, content_type=content_type)
