"""The market, its service centres and stations, the staff logins, and the factory for the users of
everyone else."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

from lingong.accounts.models import Role, User
from lingong.demo.cast import (
    ADMIN_PHONE,
    CENTRE_STAFF_PHONE,
    CENTRES,
    DEMO_PASSWORD,
    LUNAN,
    MARKET_ADDRESS,
    MARKET_CODE,
    MARKET_NAME,
    STATION_STAFF_PHONE,
)
from lingong.demo.context import DemoContext
from lingong.demo.geography import NearestFinder
from lingong.org.models import Market, ServiceCentre, Station

OPENING_HOURS = ("周一至周五 8:30-17:30", "周一至周六 8:30-17:30", "周一至周日 8:00-18:00")
STATION_SPREAD_KM = 0.6


class Users:
    """Unsaved users of the demo market: the demo logins share one password hash (Argon2 runs once)."""

    def __init__(self, ctx: DemoContext, market: Market, password_hash: str) -> None:
        self.ctx = ctx
        self.market = market
        self.password_hash = password_hash

    def login(self, phone: str, name: str, role: str, **extra: Any) -> User:
        """A demo login: usable password (the shared hash)."""
        extra.setdefault("date_joined", self.ctx.now - dt.timedelta(days=90))
        return User(
            phone=phone,
            display_name=name,
            role=role,
            market=self.market,
            password=self.password_hash,
            **extra,
        )

    def user(self, name: str, role: str, joined: dt.datetime) -> User:
        """Everyone else has not set a password: unusable, in Django's format (make_password(None) draws
        40 characters one by one from ``secrets`` and costs seconds over thousands of rows)."""
        return User(
            phone=self.ctx.ids.phone(self.ctx.rng),
            display_name=name[:50],
            role=role,
            market=self.market,
            password=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
            date_joined=joined,
        )


@dataclass
class Org:
    market: Market
    centres: list[ServiceCentre]
    stations: list[Station]
    station_finder: NearestFinder
    demo_station: Station
    admin: User
    centre_staff: User
    station_staff: User
    users: Users

    def nearest_station(self, lat: float, lon: float) -> Station:
        station: Station = self.station_finder.nearest(lat, lon)
        return station


def build_org(ctx: DemoContext) -> Org:
    """The market, its centres and stations (saved), then the three staff logins."""
    ctx.progress.set_description("驿站")
    market = _market(ctx)
    centres = [_centre(ctx, market, name, address, code) for name, address, code in CENTRES]
    stations = _plan_stations(ctx, market, centres)
    ctx.save(Station, stations, "stations")
    finder = NearestFinder(stations, [(st.lat, st.lon) for st in stations])
    ctx.progress.update(len(stations))
    return _with_staff(ctx, market, centres, stations, finder)


def landline(ctx: DemoContext) -> str:
    return f"0315-{ctx.rng.choice('2356789')}{ctx.rng.randrange(10**6):06d}"


def _market(ctx: DemoContext) -> Market:
    lunan = ctx.geo.by_code[LUNAN]
    return Market.objects.create(
        code=MARKET_CODE,
        name=MARKET_NAME,
        address=MARKET_ADDRESS,
        division_id=LUNAN,
        lat=lunan.lat,
        lon=lunan.lon,
        opening_hours="周一至周日 8:00-17:30",
        phone=landline(ctx),
    )


def _centre(ctx: DemoContext, market: Market, name: str, address: str, code: str) -> ServiceCentre:
    return ServiceCentre.objects.create(
        market=market,
        name=name,
        address=address,
        division_id=code,
        lat=ctx.geo.by_code[code].lat,
        lon=ctx.geo.by_code[code].lon,
        opening_hours=OPENING_HOURS[1],
        phone=landline(ctx),
    )


def _station_names(ctx: DemoContext) -> list[str]:
    """Community names + 零工驿站; past the end of the list the names come round again, numbered."""
    base = ctx.names["community_station_names"]
    names = []
    for i in range(ctx.opts.stations):
        lap, index = divmod(i, len(base))
        names.append(f"{base[index]}零工驿站" + (f"（{lap + 1}）" if lap else ""))
    return names


def _plan_stations(ctx: DemoContext, market: Market, centres: list[ServiceCentre]) -> list[Station]:
    """Communities go to the nine street sub-districts and villages (村) to the two towns. Stations are
    then ordered by sub-district and cut into three runs, so each centre serves one contiguous area."""
    streets = [p for p in ctx.geo.subdistricts if p.code[6] == "0"]
    towns = [p for p in ctx.geo.subdistricts if p.code[6] != "0"] or streets
    planned = []
    for i, name in enumerate(_station_names(ctx)):
        group = towns if "村零工驿站" in name else streets
        # 友谊里社区 belongs in 友谊街道, 小山社区 in 小山街道; the rest are dealt round in turn.
        named = [p for p in group if name.startswith(p.name[:2])]
        planned.append(((named or [group[i % len(group)]])[0].code, i, name))
    planned.sort()
    run = max(1, len(planned) // len(centres))
    return [
        _station(ctx, market, centres[min(rank // run, len(centres) - 1)], code, name)
        for rank, (code, _i, name) in enumerate(planned)
    ]


def _station(ctx: DemoContext, market: Market, centre: ServiceCentre, code: str, name: str) -> Station:
    rng = ctx.rng
    lat, lon = ctx.geo.near(rng, ctx.geo.by_code[code], STATION_SPREAD_KM)
    street = rng.choice(ctx.names["lunan_streets"])
    community = name.removesuffix("零工驿站")
    return Station(
        market=market,
        centre=centre,
        name=name,
        address=f"唐山市路南区{street}{rng.randint(1, 300)}号（{community}党群服务中心）",
        division_id=ctx.geo.nearest(lat, lon).code,
        lat=lat,
        lon=lon,
        opening_hours=rng.choice(OPENING_HOURS),
        phone=landline(ctx),
    )


def _with_staff(
    ctx: DemoContext,
    market: Market,
    centres: list[ServiceCentre],
    stations: list[Station],
    finder: NearestFinder,
) -> Org:
    """The three staff logins. Argon2 runs once here; the other demo logins copy the hash."""
    demo_station = next(s for s in stations if s.centre == centres[0])
    admin = User(
        phone=ADMIN_PHONE,
        display_name="市场管理员",
        role=Role.MARKET_ADMIN,
        market=market,
        is_staff=True,
        is_superuser=True,
        date_joined=ctx.now - dt.timedelta(days=400),
    )
    admin.set_password(DEMO_PASSWORD)
    users = Users(ctx, market, admin.password)
    centre_staff = users.login(
        CENTRE_STAFF_PHONE, "赵敏", Role.CENTRE_STAFF, centre=centres[0], is_staff=True
    )
    station_staff = users.login(
        STATION_STAFF_PHONE, "王芳", Role.STATION_STAFF, centre=centres[0], station=demo_station
    )
    ctx.save(User, [admin, centre_staff, station_staff], "users")
    return Org(
        market=market,
        centres=centres,
        stations=stations,
        station_finder=finder,
        demo_station=demo_station,
        admin=admin,
        centre_staff=centre_staff,
        station_staff=station_staff,
        users=users,
    )
