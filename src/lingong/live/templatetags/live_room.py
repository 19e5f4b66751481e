"""``{% live_banner as session %}``: the live session to show on the worker's home (the job list): one
on air in the viewer's market now, else the next one scheduled within a week."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

from lingong.core.memo import TimedCache
from lingong.live.models import LiveSession, SessionStatus
from lingong.org.selectors import default_market

register = template.Library()

UPCOMING = dt.timedelta(days=7)

# On every worker's home (issue 15): read at most every 15 s per process (a session going on air shows
# within that in another process), and at once after a session is saved in this one.
_banners: TimedCache[LiveSession | None] = TimedCache(maxsize=256, seconds=15)
_banners.clear_on_save(LiveSession)


@register.simple_tag(takes_context=True)
def live_banner(context: Any) -> LiveSession | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    market_id = user.market_id if user is not None and user.is_authenticated else None
    market_id = market_id or default_market().pk
    return _banners.get_or_make(market_id, lambda: _banner_session(market_id))


def _banner_session(market_id: int) -> LiveSession | None:
    sessions = LiveSession.objects.filter(market_id=market_id)
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
