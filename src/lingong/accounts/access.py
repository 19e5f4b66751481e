"""Who may see and change what. Every check the services and selectors make lives here."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lingong.accounts.models import STAFF_ROLES, Role
from lingong.core.errors import NotFoundError, PermissionDeniedError

T = TypeVar("T")


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
    # A staff account without its centre or station sees nothing (``field=None`` would match the rows
    # that have no station at all).
    if user.role == Role.CENTRE_STAFF and user.centre_id is not None:
        return Q(**{f"{station_field}__centre_id": user.centre_id})
    if user.role == Role.STATION_STAFF and user.station_id is not None:
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


# --- Staff scope over employers (and through them, their postings) --------------------------------------
#
# One rule for the API, the pages and the services (docs/architecture.md, "Staff scope"): station staff act
# for the employers registered at their station, centre staff for those of every station of their centre,
# market admins for every employer of their market; nobody across markets. An employer without a station
# (none could be assigned: a market without stations) is the market admin's alone. Out of scope answers
# 404, as the ``access_*_for`` helpers do: it does not reveal that the employer or posting exists.


def enterprise_scope_q(user: Any, prefix: str = "") -> Q:
    """Q over employers (``prefix`` leads to one, e.g. ``"enterprise__"`` from a posting) that the staff
    member may act for; nothing for anyone else."""
    if not is_staff(user) or user.market_id is None:
        return Q(pk__in=[])
    in_market = Q(**{f"{prefix}market_id": user.market_id})
    return in_market & station_scope_q(user, f"{prefix}station")


def staff_can_act_for_enterprise(user: Any, enterprise: Any) -> bool:
    """Whether a staff member may act for this employer (post for it, review its postings, verify it,
    read its waiting items). Same rule as ``enterprise_scope_q``, on a loaded row."""
    if enterprise is None or not is_staff(user) or user.market_id is None:
        return False
    if enterprise.market_id != user.market_id:
        return False
    if user.role == Role.MARKET_ADMIN:
        return True
    return enterprise.station_id is not None and staff_can_see_station(user, enterprise.station)


def require_enterprise_in_scope(user: Any, enterprise: T | None, message: str = "") -> T:
    """The employer (None: not found) if the staff member may act for it; 404 for anyone outside its scope."""
    if enterprise is None or not staff_can_act_for_enterprise(user, enterprise):
        raise NotFoundError(message or _("用工单位不存在"))
    return enterprise


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
