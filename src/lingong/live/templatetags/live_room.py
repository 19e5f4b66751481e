"""``{% live_banner as session %}``: the live session to show on the worker's home (the job list): one
on air in the viewer's market now, else the next one scheduled within a week."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

from lingong.live.models import LiveSession, SessionStatus
from lingong.org.selectors import default_market

register = template.Library()

UPCOMING = dt.timedelta(days=7)


@register.simple_tag(takes_context=True)
def live_banner(context: Any) -> LiveSession | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    market = user.market if user is not None and user.is_authenticated else None
    market = market or default_market()
    sessions = LiveSession.objects.filter(market=market)
    live = sessions.filter(status=SessionStatus.LIVE).order_by("-started_at").first()
    if live is not None:
        return live
    now = timezone.now()
    return (
        sessions.filter(status=SessionStatus.SCHEDULED, starts_at__gte=now - dt.timedelta(hours=1))
        .filter(starts_at__lte=now + UPCOMING)
        .order_by("starts_at")
        .first()
    )
