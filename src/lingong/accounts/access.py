"""Who may see and change what. Every check the services and selectors make lives here."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lingong.accounts.models import STAFF_ROLES, Role
from lingong.core.errors import PermissionDeniedError


def is_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role in STAFF_ROLES)


def require_role(user: Any, *roles: str) -> None:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDeniedError(_("请先登录。"), code="not_authenticated")
    if user.role not in roles:
        raise PermissionDeniedError(_("您没有权限进行此操作。"))


def require_staff(user: Any) -> None:
    require_role(user, *STAFF_ROLES)


def station_scope_q(user: Any, station_field: str) -> Q:
    """Q limiting rows to the staff member's station, centre or market through ``station_field``."""
    if user.role == Role.MARKET_ADMIN:
        return Q()
    if user.role == Role.CENTRE_STAFF:
        return Q(**{f"{station_field}__centre_id": user.centre_id})
    if user.role == Role.STATION_STAFF:
        return Q(**{f"{station_field}_id": user.station_id})
    return Q(pk__in=[])


def scope_to_staff(qs: QuerySet[Any], user: Any, station_field: str = "station") -> QuerySet[Any]:
    require_staff(user)
    market_filter = Q(market_id=user.market_id) if user.market_id else Q()
    return qs.filter(market_filter & station_scope_q(user, station_field))


def staff_can_see_station(user: Any, station: Any) -> bool:
    if not is_staff(user) or station is None:
        return is_staff(user) and user.role == Role.MARKET_ADMIN
    if user.role == Role.MARKET_ADMIN:
        return bool(station.market_id == user.market_id)
    if user.role == Role.CENTRE_STAFF:
        return bool(station.centre_id == user.centre_id)
    return bool(station.pk == user.station_id)


def enterprise_of(user: Any) -> Any:
    membership = getattr(user, "membership", None) if getattr(user, "is_authenticated", False) else None
    return membership.enterprise if membership is not None else None


def market_id_of(user: Any) -> int:
    """The market a signed-in account belongs to; every account is created with one."""
    if user.market_id is None:
        raise PermissionDeniedError(_("您的账户尚未关联零工市场，请联系管理员。"))
    return int(user.market_id)


def market_of(user: Any) -> Any:
    market_id_of(user)
    return user.market
