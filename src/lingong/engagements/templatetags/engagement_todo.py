"""``{% todo_card %}``: the "what to do next" card, for home pages of apps below engagements.

A page of a lower app (the employer's job dashboard in jobs) shows the card by loading this library, so the
card renders with the page (no second request) while the lower app imports nothing from engagements.
"""

from __future__ import annotations

from typing import Any

from django import template

from lingong.engagements.selectors import todo_for

register = template.Library()


@register.inclusion_tag("engagements/_todo.html", takes_context=True)
def todo_card(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"todo": todo_for(user) if user is not None else []}
