"""WebSocket routes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from django.http import HttpResponseBase
from django.urls import path, re_path

from .live import handlers  # noqa: F401  (registers the frame handlers)
from .live.consumer import NoRouteConsumer, RoomConsumer

if TYPE_CHECKING:
    from channels.consumer import _ASGIApplicationProtocol
    from channels.routing import URLRouter, _ExtendedURLPattern


def _asgi(app: _ASGIApplicationProtocol) -> Callable[..., HttpResponseBase]:
    # Channels routes ASGI applications through Django's path()/re_path(), whose stubs accept views only.
    return cast("Callable[..., HttpResponseBase]", app)


# What URLRouter takes: the same URL patterns, with an ASGI application as the callback.
websocket_urlpatterns = cast(
    "list[_ExtendedURLPattern | URLRouter]",
    [
        path("ws/rooms/<int:room_id>/", _asgi(RoomConsumer.as_asgi())),
        # Anything else is refused with the same close code as a forbidden room, not a server error.
        re_path(r"", _asgi(NoRouteConsumer.as_asgi())),
    ],
)
