"""The staff dashboard of one fair live (ws/fairs/<code>/): check-ins, intentions and offers as they happen.
Only staff who manage the fair (fairs.access.can_manage_fair) may connect."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async

from lingong.core.consumers import LiveEventsConsumer
from lingong.core.events import fair_group
from lingong.fairs.access import can_manage_fair
from lingong.fairs.models import JobFair


def _fair_for(user: Any, code: str) -> int | None:
    """The fair's id if the user manages it, else None."""
    fair = JobFair.objects.select_related("station").filter(code=code).first()
    if fair is None or not can_manage_fair(user, fair):
        return None
    return fair.pk


class FairLiveConsumer(LiveEventsConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        code = str(self.scope["url_route"]["kwargs"]["code"])
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        fair_id = await database_sync_to_async(_fair_for)(user, code)
        if fair_id is None:
            await self.close(code=4403)
            return
        await self.join(fair_group(fair_id))
        await self.accept()
