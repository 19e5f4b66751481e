from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lingong.accounts.models import Role


def home(request: HttpRequest) -> HttpResponse:
    """Everyone lands here; signed-in people go straight to what they came for."""
    user = request.user
    if user.is_authenticated:
        if user.role == Role.EMPLOYER:
            return redirect("employers:dashboard")
        if user.role != Role.WORKER:
            return redirect("staff:dashboard")
        return redirect("jobs:list")
    return render(request, "core/home.html")


def privacy(request: HttpRequest) -> HttpResponse:
    from django.conf import settings

    return render(request, "core/privacy.html", {"notice_version": settings.LINGONG_PRIVACY_NOTICE_VERSION})


def healthz(request: HttpRequest) -> HttpResponse:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
