"""Who manages a job fair: staff of the organising unit (the station, the centre above it, the market admin).

Pure checks on loaded rows plus one Q for lists; services, selectors, pages and the API all ask here."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from lingong.accounts.access import is_staff
from lingong.accounts.models import Role


def can_manage_fair(user: Any, fair: Any) -> bool:
    """Staff of the fair's organising station, of its centre (or the organising centre), or the market
    admin of the fair's market."""
    if fair is None or not is_staff(user) or user.market_id is None or fair.market_id != user.market_id:
        return False
    if user.role == Role.MARKET_ADMIN:
        return True
    if user.role == Role.CENTRE_STAFF:
        if user.centre_id is None:
            return False
        if fair.centre_id is not None and fair.centre_id == user.centre_id:
            return True
        return fair.station_id is not None and fair.station.centre_id == user.centre_id
    if user.role == Role.STATION_STAFF:
        return user.station_id is not None and fair.station_id == user.station_id
    return False


def fair_scope_q(user: Any, prefix: str = "") -> Q:
    """Q over fairs (``prefix`` leads to one, e.g. ``"fair__"``) that the staff member manages; the same
    rule as ``can_manage_fair``; nothing for anyone else."""
    if not is_staff(user) or user.market_id is None:
        return Q(pk__in=[])
    in_market = Q(**{f"{prefix}market_id": user.market_id})
    if user.role == Role.MARKET_ADMIN:
        return in_market
    if user.role == Role.CENTRE_STAFF and user.centre_id is not None:
        return in_market & (
            Q(**{f"{prefix}centre_id": user.centre_id}) | Q(**{f"{prefix}station__centre_id": user.centre_id})
        )
    if user.role == Role.STATION_STAFF and user.station_id is not None:
        return in_market & Q(**{f"{prefix}station_id": user.station_id})
    return Q(pk__in=[])
