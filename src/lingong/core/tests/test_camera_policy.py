"""The camera is off everywhere (Permissions-Policy ``camera=()``) except on views marked ``allow_camera``."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from lingong.core.middleware import SecurityHeadersMiddleware, allow_camera


def _plain(request: HttpRequest) -> HttpResponse:
    return HttpResponse("plain")


@allow_camera
def _scanner(request: HttpRequest, code: str) -> HttpResponse:
    return HttpResponse(f"scanner {code}")


def _policy(view: Callable[..., HttpResponse], *args: str) -> str:
    request = RequestFactory().get("/x/")
    middleware = SecurityHeadersMiddleware(lambda r: view(r, *args))
    return str(middleware(request)["Permissions-Policy"])


def test_only_a_marked_view_may_use_the_camera() -> None:
    plain = _policy(_plain)
    assert "camera=()" in plain and "camera=(self)" not in plain
    scanner = _policy(_scanner, "A1")
    assert "camera=(self)" in scanner and "camera=()" not in scanner
    # Everything else stays as strict as on every other page.
    assert "microphone=()" in scanner and "geolocation=(self)" in scanner
    assert _scanner.__name__ == "_scanner"  # the decorator keeps the view's name (URL reversing, logs)
