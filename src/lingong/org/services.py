"""Market admins manage the organisation: service centres and community stations."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lingong.accounts.access import market_id_of, market_of, require_role
from lingong.accounts.models import Role, User
from lingong.audit import trail as audit
from lingong.core.errors import ConflictError, InvalidInput, NotFoundError
from lingong.org.area import validate_in_market_area
from lingong.org.models import Division, ServiceCentre, Station


@dataclass
class OrgUnitInput:
    name: str
    address: str
    division: str
    lat: float | None = None
    lon: float | None = None
    opening_hours: str = "周一至周五 8:30-17:30"
    phone: str = ""


def _clean(data: OrgUnitInput, market_id: int) -> dict[str, object]:
    errors: dict[str, list[str]] = {}
    name = (data.name or "").strip()
    if not 2 <= len(name) <= 100:
        errors["name"] = [_("名称应为2至100个字")]
    address = (data.address or "").strip()
    if not 4 <= len(address) <= 200:
        errors["address"] = [_("请填写4至200个字的地址")]
    division = Division.objects.filter(code=data.division).first()
    if division is None:
        errors["division"] = [_("请选择所在区划")]
    lat, lon = data.lat, data.lon
    if (lat is None or lon is None) and division is not None:
        lat, lon = division.lat, division.lon
    try:
        validate_in_market_area(lat, lon, market_id)
    except ValidationError as exc:
        errors["location"] = list(exc.messages)
    if len(data.opening_hours or "") > 100:
        errors["opening_hours"] = [_("开放时间不超过100字")]
    if errors:
        raise InvalidInput(_("信息填写有误"), errors=errors)
    return {
        "name": name,
        "address": address,
        "division": division,
        "lat": lat,
        "lon": lon,
        "opening_hours": data.opening_hours.strip(),
        "phone": (data.phone or "").strip()[:20],
    }


@transaction.atomic
def create_station(*, actor: User, centre_id: int, data: OrgUnitInput) -> Station:
    require_role(actor, Role.MARKET_ADMIN)
    centre = ServiceCentre.objects.filter(pk=centre_id, market_id=market_id_of(actor)).first()
    if centre is None:
        raise NotFoundError(_("服务中心不存在"))
    try:
        with transaction.atomic():
            station = Station.objects.create(
                centre=centre, market=centre.market, **_clean(data, centre.market_id)
            )
    except IntegrityError as exc:
        raise ConflictError(_("已有同名驿站")) from exc
    audit.record(action="org.station_created", obj=station, actor=actor)
    return station


@transaction.atomic
def create_centre(*, actor: User, data: OrgUnitInput) -> ServiceCentre:
    require_role(actor, Role.MARKET_ADMIN)
    try:
        with transaction.atomic():
            centre = ServiceCentre.objects.create(
                market=market_of(actor), **_clean(data, market_id_of(actor))
            )
    except IntegrityError as exc:
        raise ConflictError(_("已有同名服务中心")) from exc
    audit.record(action="org.centre_created", obj=centre, actor=actor)
    return centre


@transaction.atomic
def update_station(*, actor: User, station_id: int, data: OrgUnitInput) -> Station:
    require_role(actor, Role.MARKET_ADMIN)
    station = Station.objects.select_for_update().filter(pk=station_id, market_id=market_id_of(actor)).first()
    if station is None:
        raise NotFoundError(_("驿站不存在"))
    for key, value in _clean(data, station.market_id).items():
        setattr(station, key, value)
    try:
        with transaction.atomic():
            station.save()
    except IntegrityError as exc:
        raise ConflictError(_("已有同名驿站")) from exc
    audit.record(action="org.station_updated", obj=station, actor=actor)
    return station


@transaction.atomic
def set_station_active(*, actor: User, station_id: int, active: bool) -> Station:
    require_role(actor, Role.MARKET_ADMIN)
    station = Station.objects.select_for_update().filter(pk=station_id, market_id=market_id_of(actor)).first()
    if station is None:
        raise NotFoundError(_("驿站不存在"))
    station.is_active = active
    station.save(update_fields=["is_active"])
    audit.record(
        action="org.station_activated" if active else "org.station_deactivated", obj=station, actor=actor
    )
    return station
