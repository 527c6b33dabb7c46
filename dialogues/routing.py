"""WebSocket routes."""

from django.urls import path, re_path

from .live import handlers  # noqa: F401  (registers the frame handlers)
from .live.consumer import NoRouteConsumer, RoomConsumer

websocket_urlpatterns = [
    path("ws/rooms/<int:room_id>/", RoomConsumer.as_asgi()),
    # Anything else is refused with the same close code as a forbidden room, not a server error.
    re_path(r"", NoRouteConsumer.as_asgi()),
]
