"""The WebSocket every Sportello page opens: live crisis banners for all operators.

Connections are authenticated by the Django session; anonymous ones are refused. Every operator joins
the `operators` group; events are JSON-able dicts (`type`, `op`, data) sent by actions after commit.
"""

from channels.generic.websocket import AsyncJsonWebsocketConsumer

OPERATORS_GROUP = "operators"
UNAUTHENTICATED = 4401


class SportelloConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=UNAUTHENTICATED)
            return
        self.groups_joined = [OPERATORS_GROUP]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def crisis_banners(self, event):
        """type "crisis.banners": the full list of ongoing crises, replacing what the page shows."""
        await self.send_json({"type": "crisis.banners", "banners": event["banners"]})
