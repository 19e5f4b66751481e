"""Absolute URLs for links that leave the page: QR codes, posters, API ``url`` fields, SMS, printed logins.

One rule everywhere: the configured public base URL (``SITE_URL``, checked at start-up by
``core.env.env_origin``) when there is one, so a deployment behind a proxy prints its real address; otherwise
the host the current request came in on, so a server on any port prints links to itself. Outside a request
with no base configured (an SMS sent by a task on a laptop) the path stays relative; production requires
``SITE_URL``.

The current request is kept by ``CurrentRequestMiddleware`` in a request-local, the way Django keeps the
script prefix that ``reverse()`` uses, so serializers deep in an API (``job_out``) need no request argument.
"""

from __future__ import annotations

from collections.abc import Callable

from asgiref.local import Local
from django.conf import settings
from django.http import HttpRequest, HttpResponse

_current = Local()


def current_request() -> HttpRequest | None:
    return getattr(_current, "request", None)


class CurrentRequestMiddleware:
    """Remembers the request being served (per thread or per async task) for ``public_base_url``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        _current.request = request
        try:
            return self.get_response(request)
        finally:
            del _current.request


def public_base_url(request: HttpRequest | None = None) -> str:
    """``scheme://host[:port]`` without a trailing slash, or ``""`` when neither source is available."""
    if settings.SITE_URL:
        return str(settings.SITE_URL)
    request = request or current_request()
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return ""


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    """``path`` (from ``reverse()``, starting with ``/``) as an absolute URL, by the module's rule."""
    if not path.startswith("/"):
        raise ValueError(f"absolute_url expects a path starting with '/', got {path!r}")
    return f"{public_base_url(request)}{path}"
