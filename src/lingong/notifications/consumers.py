from __future__ import annotations

from lingong.core.consumers import LiveEventsConsumer
from lingong.core.events import user_group


class UserEventsConsumer(LiveEventsConsumer):
    """Pushes a signed-in user's events (new notifications) to their open pages."""

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        await self.join(user_group(user.pk))
        await self.accept()
