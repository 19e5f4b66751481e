from __future__ import annotations

from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from lingong.core.events import user_group


class UserEventsConsumer(AsyncJsonWebsocketConsumer):
    """Pushes a signed-in user's events (new notifications) to their open pages."""

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def lingong_event(self, message: dict[str, Any]) -> None:
        await self.send_json(message["event"])
