"""Elder mode (长辈模式) for the templates: base.html adds ``class="elder"`` to <body> when it is on."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

ELDER_COOKIE = "elder"


def is_elder_mode(request: HttpRequest) -> bool:
    """The signed-in user's own setting; for an anonymous visitor the ``elder=1`` cookie."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return bool(getattr(user, "elder_mode", False))
    return request.COOKIES.get(ELDER_COOKIE) == "1"


def elder_mode(request: HttpRequest) -> dict[str, Any]:
    return {"elder_mode": is_elder_mode(request)}
