"""WebSockets of the screens: the market's (or a centre's) big-data screen and a station's screen.

A screen is opened by a signed-in staff member in scope (session) or by a kiosk secret (``?key=``); the
consumer joins the groups and forwards only the screen's own kinds of event (feed lines, figures, campaign
updates), which carry nothing personal. A rotation of the secret closes the sockets opened with the old one.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async

from lingong.core.consumers import LiveEventsConsumer
from lingong.core.errors import DomainError
from lingong.core.events import market_group, station_group
from lingong.stats import kiosk
from lingong.stats.access import screen_scope, station_scope
from lingong.stats.models import ScreenKind

CLOSE_REFUSED = 4403


class _ScreenConsumer(LiveEventsConsumer):
    """A screen is one of thousands of sockets in a group: the relay of ``LiveEventsConsumer`` receives
    each event once per process and encodes it once for every screen (docs/benchmarks.md)."""

    forwarded: frozenset[str] = frozenset()
    groups_joined: list[str]
    key_id: int | None = None
    key_hash: str = ""

    def _query(self, name: str) -> str | None:
        values = parse_qs(self.scope.get("query_string", b"").decode("latin-1")).get(name)
        return values[0] if values else None

    def authorise(self) -> list[str] | None:
        raise NotImplementedError

    async def connect(self) -> None:
        groups = await database_sync_to_async(self.authorise)()
        if not groups:
            await self.close(code=CLOSE_REFUSED)
            return
        self.groups_joined = groups
        await self.join(*groups)
        await self.accept()

    def _use_key(self, key: Any) -> None:
        self.key_id, self.key_hash = key.pk, key.secret_sha256

    async def lingong_event(self, message: dict[str, Any]) -> None:
        event = message["event"]
        kind = event.get("type")
        if kind == "kiosk":
            if self.key_id is not None and not await database_sync_to_async(kiosk.still_valid)(
                self.key_id, self.key_hash
            ):
                await self.close(code=CLOSE_REFUSED)
            return
        if kind in self.forwarded:
            await super().lingong_event(message)


class MarketScreenConsumer(_ScreenConsumer):
    """ws/screen/markets/<market_id>/[?centre=<id>][&key=<secret>]"""

    forwarded = frozenset({"feed", "figures", "campaign"})

    def authorise(self) -> list[str] | None:
        market_id = int(self.scope["url_route"]["kwargs"]["market_id"])
        centre = self._query("centre")
        centre_id = int(centre) if centre and centre.isdigit() else None
        secret = self._query("key")
        if secret:
            key = kiosk.resolve(secret)
            if key is None or key.market_id != market_id or key.kind == ScreenKind.STATION:
                return None
            if key.kind == ScreenKind.CENTRE and key.centre_id != centre_id:
                return None
            self._use_key(key)
            return [market_group(market_id)]
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            return None
        try:
            market, _centre = screen_scope(user, centre_id)
        except DomainError:
            return None
        return [market_group(market.pk)] if market.pk == market_id else None


class StationScreenConsumer(_ScreenConsumer):
    """ws/screen/stations/<station_id>/[?key=<secret>]"""

    forwarded = frozenset({"figures", "campaign", "jobs"})

    def authorise(self) -> list[str] | None:
        station_id = int(self.scope["url_route"]["kwargs"]["station_id"])
        secret = self._query("key")
        if secret:
            key = kiosk.resolve(secret)
            if key is None or key.kind != ScreenKind.STATION or key.station_id != station_id:
                return None
            self._use_key(key)
            return [station_group(station_id), market_group(key.market_id)]
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            return None
        try:
            station = station_scope(user, station_id)
        except DomainError:
            return None
        return [station_group(station.pk), market_group(station.market_id)]
