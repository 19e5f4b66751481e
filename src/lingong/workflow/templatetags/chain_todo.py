"""``{% todo_card %}``: the "what to do next" card (engagements and contracts) for the home pages.

Pages of lower apps (the worker's job list and the employer's dashboard, in jobs) show the card by loading
this library by name, so the card renders with the page (no second request) while the lower app imports
nothing from the chain.
"""

from __future__ import annotations

from typing import Any

from django import template

from lingong.workflow.selectors import todo_for

register = template.Library()


@register.inclusion_tag("workflow/todo_card.html", takes_context=True)
def todo_card(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"todo": todo_for(user) if user is not None else []}
