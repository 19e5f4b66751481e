"""The installable web app: manifest, service worker, offline page and favicon.

The service worker is served from ``/sw.js`` (a view, not ``/static/``) because a worker controls only the
paths under the one it was loaded from; at the root it covers the whole site. It precaches the shell (CSS,
JS, icons, the offline page) under a name derived from those files' contents, so a deployment that changes
any of them installs a fresh cache; pages, the API and every non-GET request stay online-only.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

THEME_COLOR = "#c8102e"  # app.css --brand
BACKGROUND_COLOR = "#f6f7f9"  # app.css --bg
ICONS = (
    ("lingong/icons/icon-192.png", "192x192", "any"),
    ("lingong/icons/icon-512.png", "512x512", "any"),
    ("lingong/icons/icon-maskable-512.png", "512x512", "maskable"),
)
# What a page needs to draw itself; the offline page uses the same files.
SHELL = (
    "lingong/app.css",
    "lingong/app.js",
    "lingong/pwa.js",
    "lingong/offline.js",
    "vendor/htmx-2.0.4/htmx.min.js",
    "vendor/alpinejs-csp-3.14.9/alpine.min.js",
    "lingong/icons/favicon-32.png",
    "lingong/icons/apple-touch-icon.png",
    *(name for name, _size, _purpose in ICONS),
)
FAVICON = Path(settings.BASE_DIR) / "static" / "lingong" / "icons" / "favicon.ico"


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    data = {
        "id": "/",
        "name": _("零工市场"),
        "short_name": _("零工市场"),
        "description": _("码上找工作：附近零活、急招马上看；招工、签约、结算一站办。"),
        "lang": "zh-CN",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "categories": ["business", "productivity"],
        "icons": [
            {"src": static(name), "sizes": size, "type": "image/png", "purpose": purpose}
            for name, size, purpose in ICONS
        ],
    }
    return JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False, "indent": 1}
    )


def _read_static(name: str) -> bytes:
    """A static file's bytes: from the finders while developing, from the collected files in production."""
    path = finders.find(name) if settings.WHITENOISE_USE_FINDERS else None
    if path:
        return Path(str(path)).read_bytes()
    with staticfiles_storage.open(name) as handle:
        return bytes(handle.read())


def _shell_version() -> str:
    digest = hashlib.sha256()
    for name in SHELL:
        digest.update(name.encode())
        digest.update(_read_static(name))
    return digest.hexdigest()[:16]


# Files change only with a deployment (a restart); while debugging they change under a running server.
_cached_shell_version = cache(_shell_version)


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    version = _shell_version() if settings.DEBUG else _cached_shell_version()
    offline = reverse("offline")
    context = {
        "cache_name": json.dumps(f"lingong-shell-{version}"),
        "offline_url": json.dumps(offline),
        "precache": json.dumps([offline, *(static(name) for name in SHELL)]),
        "online_only": json.dumps(["/api/", "/ws/", "/admin/"]),
    }
    response = render(request, "core/sw.js", context, content_type="text/javascript; charset=utf-8")
    # The browser checks for a new worker on navigations; never let a cache hide one.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    # Standalone (no base.html): it is cached once and shown to whoever is signed in, so it names nobody.
    return render(request, "core/offline.html", {"theme_color": THEME_COLOR})


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_favicon_bytes(), content_type="image/vnd.microsoft.icon")


@cache
def _favicon_bytes() -> bytes:
    return FAVICON.read_bytes()
