"""Who manages a live room: its host, and staff of the organising unit (the session's station, that
station's centre, the market admin; a session organised by a centre: that centre's staff and the market
admin). Nobody across markets. The room's console, pin/unpin, moderation and the back office use this."""

from __future__ import annotations

from typing import Any

from lingong.accounts.access import is_staff, staff_can_see_station
from lingong.accounts.models import Role
from lingong.live.models import LiveSession


def can_manage_session(user: Any, session: LiveSession) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.pk == session.host_id:
        return True
    if not is_staff(user) or user.market_id != session.market_id:
        return False
    if user.role == Role.MARKET_ADMIN:
        return True
    if session.station_id is not None:
        return staff_can_see_station(user, session.station)
    if session.centre_id is not None:
        return user.role == Role.CENTRE_STAFF and user.centre_id == session.centre_id
    return False
