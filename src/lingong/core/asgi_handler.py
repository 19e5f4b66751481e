"""Django's ASGI handler, with the middleware and the view run in one trip to a worker thread.

Django's own ASGI handler builds the middleware chain in async mode. Ours is sync throughout (several of our
middlewares and every view are sync), so a request crossed between the event loop and a thread at each
boundary: into the chain, back out for Django's async view runner, in again for the view. Each crossing is a
thread hand-off, together about 1.5-2 ms of every request (docs/benchmarks.md, issue 15). This handler
builds the chain in sync mode, as WSGI does, and runs it in one ``sync_to_async`` call in the request's
thread-sensitive context (the thread Django would use for a sync view), so connections, signals and
thread locals behave as before. Reading the body, sending the response, WebSockets and Channels are
unchanged: they stay in the event loop.
"""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest, HttpResponseBase


class SyncChainASGIHandler(ASGIHandler):
    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        response: HttpResponseBase = await sync_to_async(self.get_response, thread_sensitive=True)(request)
        return response
