"""The WebSocket origin check: a socket's `Origin` must be the site's own origin, scheme + host + port.

Browsers send `Origin` on every WebSocket handshake; a page of another site (or another port of this
host: another origin) must not open a room socket with the visitor's cookies. Channels'
`AllowedHostsOriginValidator` compares the host name with `ALLOWED_HOSTS` only, so any port and either
scheme passed. Here the origin is compared, as a whole, with

- the origin the request itself was made to: the scheme (`wss` or `https` from a trusted proxy header is
  https) and the `Host` header with its port, when that host is in `ALLOWED_HOSTS` (as Django's own CSRF
  check compares `Origin` with `request.get_host()`);
- `SITE_URL`, and the entries of `CSRF_TRUSTED_ORIGINS` (`https://*.example.org` as Django reads it).

A missing Origin, `null`, or anything that is not `http(s)://host[:port]` is refused. Default ports are
made explicit, so `http://example.org` and `http://example.org:80` are the same origin.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host
from django.utils.http import is_same_domain

#: (scheme, host, port): host lower-case, IPv6 without brackets, the port always given.
Origin = tuple[str, str, int]
DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_origin(value: str) -> Origin | None:
    """`scheme://host[:port]` as an Origin, or None when it is not one (`null`, a path, another scheme)."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment or "@" in parts.netloc:
        return None
    return scheme, parts.hostname.lower(), port if port is not None else DEFAULT_PORTS[scheme]


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            try:
                return bytes(value).decode("latin-1")
            except UnicodeDecodeError:
                return None
    return None


def _allowed_hosts() -> list[str]:
    hosts = list(settings.ALLOWED_HOSTS)
    if settings.DEBUG and not hosts:  # Django's own default while debugging
        hosts = [".localhost", "127.0.0.1", "[::1]"]
    return hosts


def _scheme(scope: dict[str, Any]) -> str:
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy:
        name, secure_value = proxy
        header = name.removeprefix("HTTP_").replace("_", "-").lower().encode()
        value = _header(scope, header)
        if value is not None:
            return "https" if value.split(",")[0].strip() == secure_value else "http"
    return "https" if scope.get("scheme") in ("wss", "https") else "http"


def own_origin(scope: dict[str, Any]) -> Origin | None:
    """The origin this handshake was addressed to, if its `Host` is one of ours."""
    host = _header(scope, b"host")
    if not host:
        return None
    domain, _port = split_domain_port(host)
    if not domain or not validate_host(domain, _allowed_hosts()):
        return None
    return parse_origin(f"{_scheme(scope)}://{host}")


def origin_allowed(scope: dict[str, Any], origin: str | None) -> bool:
    if origin is None:
        return False
    parsed = parse_origin(origin)
    if parsed is None:
        return False
    if parsed == own_origin(scope) or parsed == parse_origin(settings.SITE_URL):
        return True
    for trusted in settings.CSRF_TRUSTED_ORIGINS:
        if "*" in trusted:
            pattern = urlsplit(trusted)
            netloc = urlsplit(origin.strip()).netloc.lower()
            if pattern.scheme.lower() == parsed[0] and is_same_domain(netloc, pattern.netloc.lstrip("*")):
                return True
        elif parsed == parse_origin(trusted):
            return True
    return False


class SameOriginValidator:
    """ASGI middleware for WebSocket scopes: refuse the handshake (HTTP 403) unless the origin is ours."""

    def __init__(self, application: Any) -> None:
        self.application = application

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if scope["type"] != "websocket":
            raise ValueError("SameOriginValidator is for WebSocket connections only")
        if origin_allowed(scope, _header(scope, b"origin")):
            return await self.application(scope, receive, send)
        denier: Any = WebsocketDenier()  # Channels' consumer types want its own scope type
        return await denier(scope, receive, send)
