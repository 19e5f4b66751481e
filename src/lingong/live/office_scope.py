"""Who manages a live session in the back office (schedule, leads, stats, settings).

The organising unit of a session is its station (staff of that station, of its centre and the market's
admins manage it), else its centre (that centre's staff and the market admins), else the market (its
admins). Whether one user manages one session is ``live.access.can_manage_session`` (the room uses it
too; the host also manages their own session); this module adds the list filter and the organiser of a
new session.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from lingong.accounts.access import is_staff, staff_can_see_station
from lingong.accounts.models import Role
from lingong.live.access import can_manage_session

__all__ = ["can_manage_session", "can_manage_unit", "organiser_of", "session_scope_q"]


def session_scope_q(user: Any, prefix: str = "") -> Q:
    """Q over the sessions the staff member manages (``prefix`` leads to one: ``"session__"``)."""
    if not is_staff(user) or user.market_id is None:
        return Q(pk__in=[])
    in_market = Q(**{f"{prefix}market_id": user.market_id})
    if user.role == Role.MARKET_ADMIN:
        return in_market
    if user.role == Role.CENTRE_STAFF and user.centre_id is not None:
        return in_market & (
            Q(**{f"{prefix}station__centre_id": user.centre_id})
            | Q(**{f"{prefix}station__isnull": True, f"{prefix}centre_id": user.centre_id})
        )
    if user.role == Role.STATION_STAFF and user.station_id is not None:
        return in_market & Q(**{f"{prefix}station_id": user.station_id})
    return Q(pk__in=[])


def can_manage_unit(user: Any, *, market_id: int, station: Any, centre_id: int | None) -> bool:
    """Whether the staff member manages sessions of this unit (station, else centre, else market)."""
    if not is_staff(user) or user.market_id != market_id:
        return False
    if station is not None:
        return staff_can_see_station(user, station)
    if user.role == Role.MARKET_ADMIN:
        return True
    return centre_id is not None and user.role == Role.CENTRE_STAFF and user.centre_id == centre_id


def organiser_of(user: Any) -> tuple[Any, Any]:
    """The (station, centre) a new session of this staff member belongs to: their station (and its centre),
    their centre, or neither for a market admin (the market organises it)."""
    if user.role == Role.STATION_STAFF and user.station_id is not None:
        return user.station, user.station.centre
    if user.role == Role.CENTRE_STAFF and user.centre_id is not None:
        return None, user.centre
    return None, None
