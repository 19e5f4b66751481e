from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html", {"notice_version": settings.LINGONG_PRIVACY_NOTICE_VERSION})
