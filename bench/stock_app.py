"""Baseline 1: the stock Channels way to run a room (a consumer per socket, `group_send` to the group).

A minimal ASGI application with its own settings, on the same Redis as Parley: every text frame a member
sends is broadcast unchanged to the room's group, and every member's consumer writes it out. No auth, no
database, no sequencing: only the cost of Channels' fan-out. Run with
``REDIS_URL=... uvicorn bench.stock_app:application``; ``STOCK_LAYER=pubsub`` picks channels-redis's
pub/sub layer instead of the default (list-based) one.
"""

from __future__ import annotations

import os
from typing import Any

import django
from django.conf import settings

_REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
_LAYER = (
    "channels_redis.pubsub.RedisPubSubChannelLayer"
    if os.environ.get("STOCK_LAYER") == "pubsub"
    else "channels_redis.core.RedisChannelLayer"
)
_CONFIG: dict[str, Any] = {
    # Sized like Parley's own layer (config/settings/base.py) so a connect storm does not exhaust it.
    "hosts": [{"address": _REDIS_URL, "max_connections": 2000}],
    "prefix": "bench-stock",
}
if _LAYER.endswith("RedisChannelLayer"):
    _CONFIG.update({"capacity": 1000, "expiry": 60})

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-stock-baseline",
        ALLOWED_HOSTS=["*"],
        INSTALLED_APPS=["channels"],
        CHANNEL_LAYERS={"default": {"BACKEND": _LAYER, "CONFIG": _CONFIG}},
    )
    django.setup()

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402

GROUP = "room"


class StockRoomConsumer(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        await self.channel_layer.group_add(GROUP, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        await self.channel_layer.group_discard(GROUP, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is not None:
            await self.channel_layer.group_send(GROUP, {"type": "room.message", "text": text_data})

    async def room_message(self, event: dict[str, Any]) -> None:
        await self.send(text_data=event["text"])


application = StockRoomConsumer.as_asgi()
