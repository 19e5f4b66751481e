"""Live pages of quick-recruit: one campaign (its employer and staff in scope) and one station's list."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async

from lingong.accounts.access import staff_can_see_station
from lingong.core.consumers import LiveEventsConsumer
from lingong.core.events import campaign_group, station_group
from lingong.org.models import Station
from lingong.recruit import services
from lingong.recruit.models import QuickRecruit


def _may_watch_campaign(user: Any, campaign_id: int) -> bool:
    campaign = QuickRecruit.objects.select_related("job", "enterprise").filter(pk=campaign_id).first()
    if campaign is None:
        return False
    return services.can_manage(user, campaign) or services.staff_may_see(user, campaign)


def _may_watch_station(user: Any, station_id: int) -> bool:
    station = Station.objects.filter(pk=station_id).first()
    return station is not None and staff_can_see_station(user, station)


class _GroupConsumer(LiveEventsConsumer):
    """Forwards the campaign updates of its group only: a station's group also carries the screens'
    feed lines and their internal kiosk notices, which these pages do not show."""

    async def _join(self, allowed: bool, group: str) -> None:
        if not allowed:
            await self.close(code=4403)
            return
        await self.join(group)
        await self.accept()

    async def lingong_event(self, message: dict[str, Any]) -> None:
        if message["event"].get("type") == "campaign":
            await super().lingong_event(message)


class CampaignConsumer(_GroupConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        campaign_id = int(self.scope["url_route"]["kwargs"]["campaign_id"])
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        allowed = await database_sync_to_async(_may_watch_campaign)(user, campaign_id)
        await self._join(allowed, campaign_group(campaign_id))


class StationLiveConsumer(_GroupConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        station_id = int(self.scope["url_route"]["kwargs"]["station_id"])
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        allowed = await database_sync_to_async(_may_watch_station)(user, station_id)
        await self._join(allowed, station_group(station_id))
