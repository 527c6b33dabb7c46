"""The WebSocket Origin must be the site's own origin: scheme + host + port (issue 11, finding 4).

A table like channels' tests/security/test_websocket.py: the handshake is refused (HTTP 403, before
accepting) for another port, another scheme, another host, a missing Origin and `null`.
"""

from __future__ import annotations

import pytest
from channels.testing import WebsocketCommunicator
from pytest_django import Settings

from config.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)

SITE = "https://parley.example.org"

# (Host header, Origin header, admitted). None: the header is not sent.
CASES: list[tuple[str | None, str | None, bool]] = [
    # the page's own origin, as the Host header (with its port) says
    ("127.0.0.1:8000", "http://127.0.0.1:8000", True),
    ("127.0.0.1:8001", "http://127.0.0.1:8001", True),
    ("127.0.0.1:8000", "HTTP://127.0.0.1:8000", True),
    ("testserver", "http://testserver", True),
    ("testserver", "http://testserver:80", True),
    ("[::1]:8000", "http://[::1]:8000", False),  # not in ALLOWED_HOSTS of the tests
    # same host, another port (the finding), or the default port
    ("127.0.0.1:8000", "http://127.0.0.1:6666", False),
    ("127.0.0.1:8000", "http://127.0.0.1", False),
    ("testserver", "http://testserver:8080", False),
    # another scheme
    ("127.0.0.1:8000", "https://127.0.0.1:8000", False),
    ("127.0.0.1:8000", "ws://127.0.0.1:8000", False),
    ("127.0.0.1:8000", "file://127.0.0.1:8000", False),
    # another host, even one in ALLOWED_HOSTS
    ("127.0.0.1:8000", "http://localhost:8000", False),
    ("127.0.0.1:8000", "http://evil.example", False),
    ("127.0.0.1:8000", "http://127.0.0.1.evil.example:8000", False),
    # a Host that is not ours (DNS rebinding) admits nothing but the configured origins
    ("evil.example:8000", "http://evil.example:8000", False),
    # missing, null, malformed
    ("127.0.0.1:8000", None, False),
    ("127.0.0.1:8000", "null", False),
    ("127.0.0.1:8000", "", False),
    ("127.0.0.1:8000", "http://127.0.0.1:8000/room", False),
    ("127.0.0.1:8000", "http://127.0.0.1:99999", False),
    ("127.0.0.1:8000", "http://user@127.0.0.1:8000", False),
    # SITE_URL, whatever the Host (a proxy in front): exactly its scheme, host and port
    ("127.0.0.1:8000", SITE, True),
    ("127.0.0.1:8000", SITE + ":443", True),
    ("127.0.0.1:8000", SITE + ":8443", False),
    ("127.0.0.1:8000", "http://parley.example.org", False),
    (None, SITE, True),
    # CSRF_TRUSTED_ORIGINS: exact entries, and Django's `*.` subdomain form
    (None, "http://testserver", True),
    (None, "http://testserver:81", False),
    (None, "https://eu.parley-mirror.example", True),
    (None, "https://parley-mirror.example", True),
    (None, "http://eu.parley-mirror.example", False),
    (None, "https://eu.parley-mirror.example:444", False),
    (None, "http://127.0.0.1:8000", False),
]


async def _admitted(host: str | None, origin: str | None, *, scheme: str | None = None, **extra: str) -> bool:
    headers = [(name.encode(), value.encode()) for name, value in extra.items()]
    if host is not None:
        headers.append((b"host", host.encode()))
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    comm = WebsocketCommunicator(application, "/ws/rooms/1/", headers=headers)
    if scheme is not None:
        comm.scope["scheme"] = scheme
    connected, _ = await comm.connect(timeout=5)
    if connected:
        await comm.disconnect()  # anonymous: the consumer closes it with 4401 anyway
    return connected


@pytest.fixture
def site(settings: Settings) -> None:
    settings.SITE_URL = SITE
    settings.CSRF_TRUSTED_ORIGINS = ["http://testserver", "https://*.parley-mirror.example"]


@pytest.mark.parametrize(("host", "origin", "admitted"), CASES, ids=[f"{c[0]}|{c[1]}" for c in CASES])
async def test_origin_is_scheme_host_and_port(
    site: None, host: str | None, origin: str | None, admitted: bool
) -> None:
    assert await _admitted(host, origin) is admitted


async def test_a_tls_socket_has_an_https_origin(site: None) -> None:
    assert await _admitted("127.0.0.1:8443", "https://127.0.0.1:8443", scheme="wss")
    assert not await _admitted("127.0.0.1:8443", "http://127.0.0.1:8443", scheme="wss")


async def test_a_trusted_proxy_header_makes_the_origin_https(site: None, settings: Settings) -> None:
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    forwarded = {"x-forwarded-proto": "https"}
    assert await _admitted("parley.internal:8000", "https://parley.internal:8000", **forwarded) is False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "parley.internal"]
    assert await _admitted("parley.internal:8000", "https://parley.internal:8000", **forwarded)
    assert not await _admitted("parley.internal:8000", "http://parley.internal:8000", **forwarded)
    assert not await _admitted("parley.internal:8000", "https://parley.internal:8000")
