"""Page requests that hit a domain error they do not handle get the matching error page, in Chinese."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lingong.core.errors import DomainError, NotFoundError, PermissionDeniedError


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
