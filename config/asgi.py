"""ASGI entry point: Django for HTTP, Channels for WebSockets behind a same-origin check and session auth."""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
# Django must be set up before anything imports models (the consumers do).
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.conf import settings  # noqa: E402

from core.origin import SameOriginValidator  # noqa: E402
from dialogues import languages  # noqa: E402
from dialogues.routing import websocket_urlpatterns  # noqa: E402
from participants.sockets import SocketSignInStack  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": SameOriginValidator(SocketSignInStack(URLRouter(websocket_urlpatterns))),
    }
)

# Load the language models now, before the server listens: lingua holds the GIL while it loads them (a
# background thread stalled the event loop for 3-11 s, enough to fail health checks), and loaded lazily
# the first message in each script would stall its process instead (dialogues/languages.py). Test servers
# skip it: dozens start per run, and their rooms can afford the first message's wait.
if settings.PARLEY_WARM_LANGUAGE_MODELS:
    languages.warm()

# Everything loaded so far (Django, the apps, the URL conf, the models) lives as long as the process: move
# it out of the garbage collector's generations, so no full collection walks it again. A full collection
# over the ~110,000 start-up objects took 25-35 ms here, a pause every socket of the process would feel
# (a suspect for the bench's first-step p99 hiccups, issue 19).
gc.freeze()
