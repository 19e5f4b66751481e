"""Who sees which screen: market admins and centre staff see their market's screen and the screen of any
centre they may see (a market admin: every centre of the market; centre staff: their own); a kiosk URL's
secret opens exactly one screen; station screens are for that station's staff, their centre's staff and the
market admins. Out of scope answers 404, a role that may not watch at all 403 (as elsewhere)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from lingong.accounts.access import require_role, staff_can_see_station
from lingong.accounts.models import Role
from lingong.core.errors import NotFoundError, PermissionDeniedError
from lingong.org.models import Market, ServiceCentre, Station

SCREEN_ROLES = (Role.MARKET_ADMIN, Role.CENTRE_STAFF)


def screen_scope(user: Any, centre_id: int | None = None) -> tuple[Market, ServiceCentre | None]:
    """The market (and centre) whose figures ``user`` may watch; 403/404 otherwise."""
    require_role(user, *SCREEN_ROLES)
    if user.market_id is None:
        raise PermissionDeniedError(_("您的账户尚未关联零工市场，请联系管理员。"))
    market = Market.objects.get(pk=user.market_id)
    if centre_id is None:
        return market, None
    centre = ServiceCentre.objects.filter(pk=centre_id, market_id=market.pk).first()
    if centre is None or (user.role == Role.CENTRE_STAFF and user.centre_id != centre.pk):
        raise NotFoundError(_("服务中心不存在"))
    return market, centre


def station_scope(user: Any, station_id: int) -> Station:
    """A station whose screen the staff member may open (and rotate); 404 outside their scope."""
    require_role(user, Role.MARKET_ADMIN, Role.CENTRE_STAFF, Role.STATION_STAFF)
    station = Station.objects.filter(pk=station_id, market_id=user.market_id, is_active=True).first()
    if station is None or not staff_can_see_station(user, station):
        raise NotFoundError(_("驿站不存在"))
    return station
