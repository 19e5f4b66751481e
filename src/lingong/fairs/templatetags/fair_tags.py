"""``{% upcoming_fair as fair %}``: the fair the worker's home announces (today's, else the next one)."""

from __future__ import annotations

from typing import Any

from django import template

from lingong.fairs import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def upcoming_fair(context: dict[str, Any]) -> Any:
    request = context.get("request")
    user = getattr(request, "user", None)
    market_id = getattr(user, "market_id", None) if getattr(user, "is_authenticated", False) else None
    return selectors.banner_fair(market_id)
