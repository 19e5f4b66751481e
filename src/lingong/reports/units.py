"""The unit a report is about (the market, a service centre or a station) and who may ask for it.

Scope is the staff scope of ``accounts.access`` (docs/architecture.md, "Staff scope"): a market admin may
report on the market and on any centre or station of it, centre staff on their centre and its stations,
station staff on their station. Anyone else on staff gets 404 for a unit outside that scope (it does not
reveal that the unit exists); a signed-in user who is not staff gets 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from lingong.accounts.access import require_staff
from lingong.accounts.models import Role
from lingong.core.errors import InvalidInput, NotFoundError, PermissionDeniedError
from lingong.org.models import Market, ServiceCentre, Station

UNIT_KINDS = ("market", "centre", "station")


@dataclass(frozen=True)
class Unit:
    kind: str  # market | centre | station
    id: int
    name: str
    market_id: int
    market_name: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def kind_label(self) -> str:
        return {"market": _("零工市场"), "centre": _("服务中心"), "station": _("零工驿站")}[self.kind]

    def q(self, station_path: str, market_path: str = "market") -> Q:
        """Rows of this unit: in its market, and through ``station_path`` (a foreign key to a station)
        at the station or at a station of the centre."""
        q = Q(**{f"{market_path}_id": self.market_id})
        if self.kind == "centre":
            q &= Q(**{f"{station_path}__centre_id": self.id})
        elif self.kind == "station":
            q &= Q(**{f"{station_path}_id": self.id})
        return q


def _not_found() -> NotFoundError:
    return NotFoundError(_("统计单位不存在"), code="not_found")


def _market_unit(market: Market) -> Unit:
    return Unit("market", market.pk, market.name, market.pk, market.name)


def _centre_unit(centre: ServiceCentre, market: Market) -> Unit:
    return Unit("centre", centre.pk, centre.name, market.pk, market.name)


def _station_unit(station: Station, market: Market) -> Unit:
    return Unit("station", station.pk, station.name, market.pk, market.name)


def default_unit(user: Any) -> Unit:
    """The staff member's own scope: the market for its admins, the centre or the station for others."""
    require_staff(user)
    market = user.market
    if market is None:
        raise _not_found()
    if user.role == Role.CENTRE_STAFF:
        if user.centre is None:
            raise _not_found()
        return _centre_unit(user.centre, market)
    if user.role == Role.STATION_STAFF:
        if user.station is None:
            raise _not_found()
        return _station_unit(user.station, market)
    return _market_unit(market)


def resolve_unit(user: Any, kind: str | None, unit_id: int | None) -> Unit:
    """The unit asked for, if the user may report on it: 403 for non-staff, 404 outside the scope."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDeniedError(_("请先登录。"), code="not_authenticated")
    require_staff(user)
    if not kind:
        if unit_id is not None:
            raise InvalidInput(_("请同时选择统计单位类型。"), errors={"unit": [_("必填")]})
        return default_unit(user)
    if kind not in UNIT_KINDS:
        raise InvalidInput(
            _("统计单位应为 market、centre 或 station。"), errors={"unit": [_("统计单位无效")]}
        )
    market = user.market
    if market is None:
        raise _not_found()
    if kind == "market":
        if user.role != Role.MARKET_ADMIN or unit_id not in (None, market.pk):
            raise _not_found()
        return _market_unit(market)
    if unit_id is None:
        own = default_unit(user)
        if own.kind != kind:
            raise InvalidInput(_("请选择统计单位。"), errors={"unit_id": [_("必填")]})
        return own
    if kind == "centre":
        centre = ServiceCentre.objects.filter(pk=unit_id, market=market).first()
        allowed = centre is not None and (
            user.role == Role.MARKET_ADMIN or (user.role == Role.CENTRE_STAFF and centre.pk == user.centre_id)
        )
        if centre is None or not allowed:
            raise _not_found()
        return _centre_unit(centre, market)
    station = Station.objects.filter(pk=unit_id, market=market).first()
    if station is None:
        raise _not_found()
    allowed = (
        user.role == Role.MARKET_ADMIN
        or (user.role == Role.CENTRE_STAFF and station.centre_id == user.centre_id)
        or (user.role == Role.STATION_STAFF and station.pk == user.station_id)
    )
    if not allowed:
        raise _not_found()
    return _station_unit(station, market)


def unit_choices(user: Any) -> list[tuple[str, str]]:
    """(key, label) of every unit the staff member may report on, their own scope first."""
    require_staff(user)
    market = user.market
    if market is None:
        return []
    if user.role == Role.STATION_STAFF:
        return [(f"station:{user.station_id}", str(user.station))] if user.station_id else []
    out: list[tuple[str, str]] = []
    centres = ServiceCentre.objects.filter(market=market).order_by("name")
    stations = Station.objects.filter(market=market).select_related("centre").order_by("centre__name", "name")
    if user.role == Role.MARKET_ADMIN:
        out.append((f"market:{market.pk}", f"{market.name}（{_('全市场')}）"))
    else:
        centres = centres.filter(pk=user.centre_id)
        stations = stations.filter(centre_id=user.centre_id)
    out += [(f"centre:{c.pk}", f"{c.name}（{_('服务中心')}）") for c in centres]
    out += [(f"station:{s.pk}", s.name) for s in stations]
    return out


def split_key(key: str) -> tuple[str | None, int | None]:
    """``station:17`` -> ("station", 17); anything malformed -> (None, None) (the default unit)."""
    kind, _sep, raw = (key or "").partition(":")
    if kind in UNIT_KINDS and raw.isdigit() and len(raw) < 12:
        return kind, int(raw)
    return None, None
