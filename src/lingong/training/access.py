"""Who may see and change training orders, courses and providers.

Staff scope (docs/architecture.md, "Staff scope"): an order or a course belongs to the station that handles
it (``station``); station staff manage their station's, centre staff those of their centre's stations,
market admins every one of their market (and those without a station). Providers are market-wide: market
admins and centre staff maintain them, every staff member of the market reads them. Pure checks on loaded
rows plus one Q for lists; services, selectors, pages and the API all ask here."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from lingong.accounts.access import enterprise_of, is_staff
from lingong.accounts.models import Role


def scope_q(user: Any, prefix: str = "") -> Q:
    """Q over orders or courses (``prefix`` leads to one, e.g. ``"course__"``) that the staff member
    manages; nothing for anyone else."""
    if not is_staff(user) or user.market_id is None:
        return Q(pk__in=[])
    in_market = Q(**{f"{prefix}market_id": user.market_id})
    if user.role == Role.MARKET_ADMIN:
        return in_market
    if user.role == Role.CENTRE_STAFF and user.centre_id is not None:
        return in_market & Q(**{f"{prefix}station__centre_id": user.centre_id})
    if user.role == Role.STATION_STAFF and user.station_id is not None:
        return in_market & Q(**{f"{prefix}station_id": user.station_id})
    return Q(pk__in=[])


def can_manage(user: Any, row: Any) -> bool:
    """Whether the staff member manages this order or course (the rule of ``scope_q`` on a loaded row)."""
    if row is None or not is_staff(user) or user.market_id is None or row.market_id != user.market_id:
        return False
    if user.role == Role.MARKET_ADMIN:
        return True
    station = row.station
    if station is None:
        return False
    if user.role == Role.CENTRE_STAFF:
        return user.centre_id is not None and station.centre_id == user.centre_id
    if user.role == Role.STATION_STAFF:
        return user.station_id is not None and station.pk == user.station_id
    return False


def can_edit_providers(user: Any) -> bool:
    editors = (Role.MARKET_ADMIN, Role.CENTRE_STAFF)
    return is_staff(user) and user.market_id is not None and user.role in editors


def provider_of(user: Any) -> Any:
    """The training provider the signed-in enterprise member acts for, if any."""
    enterprise = enterprise_of(user)
    if enterprise is None:
        return None
    return getattr(enterprise, "training_provider", None)


def is_order_employer(user: Any, order: Any) -> bool:
    """Whether the signed-in employer is one of the order's employers."""
    enterprise = enterprise_of(user)
    return enterprise is not None and order.employers.filter(enterprise=enterprise).exists()
