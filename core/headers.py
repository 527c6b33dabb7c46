"""The Content-Security-Policy every response carries (django-csp, configured in
`CONTENT_SECURITY_POLICY`), with the page's own WebSocket origin added to `connect-src`, and the one
relaxation: the HTML export's own `<style>` block, allowed by hash.

CSP Level 3 lets `'self'` match `ws:`/`wss:` on the page's own host and port, and Chromium does (checked),
but older WebKit did not: naming the origin explicitly keeps the live room connecting there too.
The host is `request.get_host()`, which Django has already checked against `ALLOWED_HOSTS`; behind the
TLS proxy `request.is_secure()` (SECURE_PROXY_SSL_HEADER) makes it `wss:`. See docs/security.md.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache

from csp.middleware import CSPMiddleware, PolicyParts
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.template import loader

_STYLE_BLOCK = re.compile(r"<style>(.*?)</style>", re.S)


def websocket_origin(request: HttpRequest) -> str | None:
    """`ws://host:port` (or `wss://`) of the page's own host; None when the Host header is not allowed."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    return f"{'wss' if request.is_secure() else 'ws'}://{host}"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, documented as customisable by extending `get_policy_parts`."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        origin = websocket_origin(request)
        if origin is not None:
            parts.update = {**(parts.update or {})}
            parts.update["connect-src"] = [*parts.update.get("connect-src", ()), origin]
        return parts


@cache
def template_style_hashes(template_name: str) -> tuple[str, ...]:
    """CSP hash sources (`'sha256-…'`) of the `<style>` blocks written in a template's own source.

    Hashed from the source, not the rendered page: only text a developer wrote is allowed, never
    anything that reached the page through a variable. The blocks must hold no template tags."""
    source = loader.get_template(template_name).template.source  # type: ignore[attr-defined]
    hashes = []
    for block in _STYLE_BLOCK.findall(source):
        if "{%" in block or "{{" in block:
            raise ValueError(f"{template_name}: a <style> block allowed by hash must be static text")
        digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode("ascii")
        hashes.append(f"'sha256-{digest}'")
    return tuple(hashes)


def allow_template_styles(response: HttpResponseBase, template_name: str) -> None:
    """Let a self-contained document (the HTML export, which must keep its styles when saved and opened
    without a server) use the `<style>` blocks of its template, and no other inline style."""
    update = getattr(response, "_csp_update", None) or {}
    update["style-src"] = [*update.get("style-src", ()), *template_style_hashes(template_name)]
    # The attribute django-csp's own @csp_update decorator sets; read by the middleware above.
    response._csp_update = update  # type: ignore[attr-defined]
