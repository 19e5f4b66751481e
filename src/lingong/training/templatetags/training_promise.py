"""``{% load training_promise %}{% order_promise course %}``: the order's promise on the course page."""

from __future__ import annotations

from typing import Any

from django import template

from lingong.training.promise import order_promise as compute

register = template.Library()


@register.inclusion_tag("training/promise_section.html")
def order_promise(course: Any) -> dict[str, Any]:
    order = getattr(course, "order", None)
    return {"p": compute(order) if order is not None else None, "order": order}
