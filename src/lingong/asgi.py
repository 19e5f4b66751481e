"""ASGI entry point: HTTP through Django on a fixed pool of threads, WebSockets through Channels."""

from __future__ import annotations

import gc
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lingong.settings")
django.setup(set_prefix=False)  # what django.core.asgi.get_asgi_application does before its handler

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402

from lingong.core.asgi_handler import ThreadPoolHTTP  # noqa: E402
from lingong.core.bodylimit import BodyLimitGuard  # noqa: E402
from lingong.routing import websocket_urlpatterns  # noqa: E402

# HTTP as WSGI runs it, one trip to a pooled thread per request (core.asgi_handler).
django_asgi_app = ThreadPoolHTTP(threads=settings.LINGONG_HTTP_THREADS)


def _freeze_what_start_up_built() -> None:
    """What start-up built lives as long as the process: the indexes, the parser, Django's own tables, some
    400,000 objects. Left to the collector, every full collection walks them all again with every thread of
    the process stopped: 0.2-0.3 s each, sixteen of them while the kept reads of 300 workers filled
    (in-process, docs/benchmarks.md, issue 15). Frozen, a full collection walks only what came after."""
    gc.collect()
    gc.freeze()


if settings.LINGONG_MATCHING_WARMUP:
    from lingong.jobs.matching_index import warm_in_background

    warm_in_background(then=_freeze_what_start_up_built)

application = ProtocolTypeRouter(
    {
        # Refuses a body over the path's limit before Django reads it (core.bodylimit).
        "http": BodyLimitGuard(django_asgi_app),
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
