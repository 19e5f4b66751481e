"""Page requests that hit a domain error they do not handle get the matching error page, in Chinese; requests
larger than the server reads get 413 before anything reads them."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from lingong.core.bodylimit import body_limit_for
from lingong.core.errors import DomainError, NotFoundError, PermissionDeniedError
from lingong.core.nul import nul_message, request_fields_with_nul


class DomainErrorPageMiddleware:
    """404 for a missing or invisible object, 403 for a refused action, 409/422 for the rest.

    The API maps domain errors itself (to JSON); this only catches what page views let escape.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError) or request.path.startswith("/api/"):
            return None
        if isinstance(exception, NotFoundError):
            template, status = "404.html", 404
        elif isinstance(exception, PermissionDeniedError):
            template, status = "403.html", 403
        else:
            template, status = "403.html", exception.status
        return render(request, template, {"message": exception.message, "status": status}, status=status)


def too_large_response(request: HttpRequest) -> HttpResponse:
    """413: JSON ``{code, message, errors}`` under /api/, else the Chinese page (which needs no database)."""
    message = _("提交的内容过大，请缩短后重试。")
    if request.path.startswith("/api/"):
        body = {"code": "request_too_large", "message": message, "errors": {}}
        return HttpResponse(json.dumps(body), status=413, content_type="application/json")
    return HttpResponse(render_to_string("413.html", {"message": message}), status=413)


class RequestSizeLimitMiddleware:
    """Refuse a body over the path's limit (``core.bodylimit.body_limit_for``) with 413 instead of letting
    Django raise ``RequestDataTooBig`` wherever the body is first read (ninja's parser: a 500; the CSRF
    check: a 400). Under ASGI, ``core.bodylimit.BodyLimitGuard`` refuses it earlier still.

    A declared ``Content-Length`` is refused before the body is read; a body without one (chunked) is caught
    when Django refuses to read it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit_for(request.path)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            return too_large_response(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RequestDataTooBig):
            return too_large_response(request)
        return None


class NulCharacterMiddleware:
    """Refuse a request carrying a NUL character in its path, query, JSON body or form fields (never file
    contents): PostgreSQL text cannot hold one, so it would fail as a database error (500). API: 422
    ``{code, message, errors}`` naming the fields; pages: 400 with the message."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        names = request_fields_with_nul(request)
        if names:
            message = nul_message()
            if request.path.startswith("/api/"):
                errors = {name: [message] for name in names}
                body = {"code": "invalid_input", "message": message, "errors": errors}
                return HttpResponse(
                    json.dumps(body, ensure_ascii=False), status=422, content_type="application/json"
                )
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


# Scripts only from this site (htmx, the CSP build of Alpine, our own files): no inline script, no eval.
# Styles allow inline ``style=`` attributes and <style> blocks (a few templates, the error pages, htmx's
# indicator styles); style injection cannot run code. Pages open the WebSocket on the same host
# ('self' covers ws:/wss: to it). Nothing may frame the site, and forms post only to it.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# Check-in and the job list ask for the phone's location; only views marked ``allow_camera`` (below) use the
# camera; nothing uses the microphone or the rest.
PERMISSIONS_POLICY = ", ".join(
    [
        "geolocation=(self)",
        "camera=()",
        "microphone=()",
        "payment=()",
        "usb=()",
        "magnetometer=()",
        "gyroscope=()",
        "accelerometer=()",
        "display-capture=()",
    ]
)
# The few pages that scan QR codes with the phone's camera (the job fair's door and booth scanners) mark
# their response with ``allow_camera``; they alone get ``camera=(self)``.
PERMISSIONS_POLICY_WITH_CAMERA = PERMISSIONS_POLICY.replace("camera=()", "camera=(self)")
CAMERA_ATTRIBUTE = "lingong_allow_camera"


def allow_camera(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """View decorator: this page may use the camera (``Permissions-Policy: camera=(self)``); every other
    response keeps ``camera=()``. Explicit per view so that a new page never gets the camera by accident."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        setattr(response, CAMERA_ATTRIBUTE, True)
        return response

    return wrapped


def _personal(request: HttpRequest) -> bool:
    """A signed-in request, or an API call that changes something (a login answers with a token)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    return request.path.startswith("/api/") and request.method not in ("GET", "HEAD", "OPTIONS")


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response, and ``Cache-Control: private,
    no-store`` on every response to a signed-in request (page or API, session or token) that does not
    set its own caching: such responses carry personal data (``GET /api/v1/workers/me`` holds the full
    ID number) and must not stay in a shared or browser cache. Static files are served before this by
    WhiteNoise with their own long caching.

    Written here rather than taken from django-csp (not installed): two fixed headers need no library,
    and the policy above is the whole of it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        camera = getattr(response, CAMERA_ATTRIBUTE, False)
        response.headers.setdefault(
            "Permissions-Policy", PERMISSIONS_POLICY_WITH_CAMERA if camera else PERMISSIONS_POLICY
        )
        if "Cache-Control" not in response.headers and _personal(request):
            patch_cache_control(response, private=True, no_store=True)
        return response
