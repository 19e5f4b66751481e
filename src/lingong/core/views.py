from __future__ import annotations

import json
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

# The database cannot be reached (restarting, refused, timed out) or SQLite stayed locked: a 503 the client
# may retry, not a 500. The request's transaction, if any, was rolled back, so nothing was half-written.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5
UNAVAILABLE_CODE = "service_unavailable"


def unavailable_message() -> str:
    return _("系统正在恢复，请稍后再试。")


def retry_later(response: HttpResponse) -> HttpResponse:
    """Mark a 503 as worth retrying shortly (the database is expected back)."""
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html", {"notice_version": settings.LINGONG_PRIVACY_NOTICE_VERSION})


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's handler500 (anything a view or a middleware let escape): 503 with Retry-After when the
    database is away, else 500; JSON ``{code, message, errors}`` under /api/, else the Chinese page. It needs
    no database and no request context."""
    unavailable = isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE)
    status = 503 if unavailable else 500
    if request.path.startswith("/api/"):
        code, message = (
            (UNAVAILABLE_CODE, unavailable_message())
            if unavailable
            else ("server_error", _("服务器开小差了，请稍后再试。"))
        )
        body = json.dumps({"code": code, "message": message, "errors": {}}, ensure_ascii=False)
        response = HttpResponse(body, status=status, content_type="application/json")
    else:
        page = loader.get_template("503.html" if unavailable else "500.html").render()
        response = HttpResponse(page, status=status)
    return retry_later(response) if unavailable else response
