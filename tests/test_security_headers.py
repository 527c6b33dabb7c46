"""Every response carries the strict Content-Security-Policy and the Permissions-Policy (issue 11, finding 7).

Checked over the permission table's whole world: every page and form action as every role (whatever
it answers: 200, a redirect to the login page, 404, 405), every API operation, the admin, static files,
and the 404 and 500 pages. docs/security.md ("Headers") explains the policy.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

import pytest
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns
from core.headers import template_style_hashes
from summaries.exports import export_html
from tests.permission_world import World, api_payload, build_world, page_args, page_payload
from tests.test_permission_table import OPERATIONS, PAGES, ROLES, url_patterns

pytestmark = pytest.mark.django_db

# The policy, directive by directive; connect-src also names the page's own WebSocket origin.
POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "font-src": {"'self'"},
    "connect-src": {"'self'", "ws://testserver"},
    "object-src": {"'none'"},
    "base-uri": {"'none'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}
DENIED = ("camera", "microphone", "geolocation", "payment", "usb", "display-capture", "serial", "hid")


def csp(response: Any) -> dict[str, set[str]]:
    header = response.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.status_code} {response.get('Content-Type')}"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = set(values)
    return directives


def permissions(response: Any) -> dict[str, str]:
    header = response.get("Permissions-Policy")
    assert header, f"no Permissions-Policy on {response.status_code}"
    return dict(item.strip().split("=", 1) for item in header.split(","))


def problems(label: str, response: Any) -> list[str]:
    found = []
    if not response.get("Content-Security-Policy"):
        found.append(f"{label}: no Content-Security-Policy")
    elif csp(response) != POLICY:
        found.append(f"{label}: policy {response['Content-Security-Policy']}")
    if not response.get("Permissions-Policy"):
        found.append(f"{label}: no Permissions-Policy")
    elif any(permissions(response).get(f) != "()" for f in DENIED):
        found.append(f"{label}: Permissions-Policy {response['Permissions-Policy']}")
    return found


def test_the_policy_is_strict() -> None:
    response = Client().get("/accounts/login/")
    policy = csp(response)
    assert policy == POLICY
    every_source = set().union(*policy.values())
    assert not every_source & {"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:", "ws:", "wss:"}
    assert not any(s.startswith("'nonce-") for s in every_source)  # nothing inline is left to allow
    assert all(permissions(response)[f] == "()" for f in DENIED)
    assert "Content-Security-Policy-Report-Only" not in response


def test_the_websocket_origin_follows_the_request() -> None:
    assert "ws://localhost" in csp(Client().get("/accounts/login/", HTTP_HOST="localhost"))["connect-src"]
    secure = Client().get("/accounts/login/", secure=True)
    assert csp(secure)["connect-src"] == {"'self'", "wss://testserver"}


def test_a_disallowed_host_names_no_websocket_origin() -> None:
    response = Client().get("/accounts/login/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert csp(response)["connect-src"] == {"'self'"}


def test_every_page_as_every_role() -> None:
    world = build_world()
    found: list[str] = []
    for name, method in sorted(PAGES):
        data = page_payload(world, name) if method == "POST" else None
        for role in ROLES:
            with transaction.atomic():
                client = world.client(role)
                url = World.reverse(name, page_args(world, name))
                response = client.post(url, data) if method == "POST" else client.generic(method, url)
                found += problems(f"{method} {name} as {role} ({response.status_code})", response)
                transaction.set_rollback(True)
    assert not found, "\n".join(found)


def test_every_api_operation() -> None:
    world = build_world()
    found: list[str] = []
    for method, api_path in sorted(OPERATIONS):
        for role in ("anonymous", "facilitator", "liaison"):
            with transaction.atomic():
                response = world.api_call(
                    world.client(role), role, method, api_path, api_payload(world, method, api_path)
                )
                found += problems(f"{method} {api_path} as {role} ({response.status_code})", response)
                transaction.set_rollback(True)
    assert not found, "\n".join(found)


def test_admin_static_files_api_docs_and_error_pages() -> None:
    world = build_world()
    client = Client()
    found: list[str] = []
    for name, route in url_patterns():
        if name.startswith("admin:"):
            found += problems(name, client.get(world.admin_url(route)))
    for url in (
        "/api/v1/docs",
        "/api/v1/openapi.json",
        "/static/css/parley.css",
        "/static/ninja/swagger-ui-bundle.js",
        "/no-such-page/",
        "/healthz",
    ):
        found += problems(url, client.get(url))
    assert not found, "\n".join(found)


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a view failed")


urlpatterns = [*site_urlpatterns, path("boom/", _boom)]


@pytest.mark.urls(__name__)
def test_the_server_error_page() -> None:
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert problems("500", response) == []
    assert b"style=" not in response.content


def test_the_api_docs_page_loads_swagger_ui_from_our_static_files() -> None:
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in sources
    assert "/static/ninja/swagger-ui.css" in sources
    assert all(s.startswith("/static/") for s in sources), sources
    # Only external scripts and a JSON data block (which CSP does not run): no inline script.
    for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs
        assert "src=" not in attrs or not body.strip()


def test_the_html_export_may_use_its_own_style_block_and_no_other() -> None:
    world = build_world()
    client = world.client("facilitator")
    response = client.get(f"/summaries/{world.draft.pk}/export.html")
    assert response.status_code == 200
    style = re.search(r"<style>(.*?)</style>", export_html(world.draft), re.S)
    assert style is not None
    digest = base64.b64encode(hashlib.sha256(style.group(1).encode()).digest()).decode()
    allowed = csp(response)["style-src"]
    assert allowed == {"'self'", f"'sha256-{digest}'"}
    assert template_style_hashes("summaries/export.html") == (f"'sha256-{digest}'",)
    assert {k: v for k, v in csp(response).items() if k != "style-src"} == {
        k: v for k, v in POLICY.items() if k != "style-src"
    }


# Documents meant to be saved and opened without a server: their <style> is allowed by its hash.
STANDALONE_EXPORTS = {"summaries/export.html", "singletext/export.html", "singletext/export_release.html"}


def test_standalone_exports_keep_their_styles_under_the_policy() -> None:
    for name in STANDALONE_EXPORTS:
        assert template_style_hashes(name), f"{name}: its <style> must be static text, allowed by hash"


def test_no_template_has_inline_script_style_or_event_handlers() -> None:
    """Templates load scripts and styles from static files; only the standalone export keeps a <style>."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "templates"
    found = []
    for template in sorted(root.rglob("*.html")):
        text = template.read_text()
        name = str(template.relative_to(root))
        if re.search(r"\sstyle=", text):
            found.append(f"{name}: style attribute")
        if re.search(r"\son[a-z]+=", text):
            found.append(f"{name}: event handler attribute")
        if "javascript:" in text:
            found.append(f"{name}: javascript: URL")
        if "<style" in text and name not in STANDALONE_EXPORTS:
            found.append(f"{name}: <style> block")
        for attrs in re.findall(r"<script([^>]*)>", text):
            if "src=" not in attrs and "application/json" not in attrs:
                found.append(f"{name}: inline script")
    assert not found, "\n".join(found)
