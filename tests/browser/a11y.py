"""What the accessibility tests share: who visits, in which language, and the pages of the URL conf.

The list of pages is built from the URL conf (tests/test_permission_table.py walks it): every named
pattern is either visited as each role the permission table lets see it, or listed in NOT_PAGES with
the reason, so a new page cannot be missed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page

from tests.browser.axe import axe_init_script
from tests.factories import PASSWORD
from tests.live import Server
from tests.permission_world import World, page_args
from tests.test_permission_table import OK, PAGES, ROLES, url_patterns

# The two languages every page is checked in: the source language and the right-to-left one.
LANGUAGES = {"en": "en-gb", "ar": "ar"}

# Roles of the permission table that are not visited, and why; every other role is (a role added to the
# table, such as the interpreter, is visited without a change here).
NOT_VISITED = {
    "outsider": "an account in another dialogue: the same templates as a participant, with less in them",
    "other_liaison": "a liaison of another dialogue: sees only pages a liaison of this one sees",
    "deactivated": "cannot sign in",
}

# Named URL patterns that are no page to check, and why.
NOT_PAGES = {
    "healthz": "plain text for the load balancer",
    "api:openapi-json": "JSON",
    "api:api-root": "404 for everyone",
    "api:openapi-view": "Swagger UI, the API's reference for developers, served from its own package",
    "console:session_ics": "a calendar file to download",
    "console:dialogue_ics": "a calendar file to download",
    "liaison:download": "a PDF or Word file to download",
    "summaries:summary_export": "a file to download",
    "singletext:export": "a file to download",
    "singletext:download": "a file to download",
    "summaries:summary_progress": "JSON (the compile progress the summary page polls)",
    "javascript-catalog": "JavaScript (the interface's translations for static/js)",
    "language": "the language picker's form action (POST)",
    "login_verify": "a redirect without a sign-in in progress (the code step is checked in the sign-in walk)",
}
WAIT = 20_000


@dataclass(frozen=True)
class Visit:
    name: str
    role: str
    url: str

    @property
    def where(self) -> str:
        return f"{self.name} as {self.role} ({self.url})"


def visitors() -> list[str]:
    return [role for role in ROLES if role not in NOT_VISITED]


def named_patterns() -> set[str]:
    """Every named URL pattern but the admin's (staff only; no role here is staff) and the API's
    operations (JSON, checked in tests/api)."""
    own_api = {"api:openapi-json", "api:openapi-view", "api:api-root"}
    return {
        name
        for name, _ in url_patterns()
        if not name.startswith("admin:") and (not name.startswith("api:") or name in own_api)
    }


def page_names() -> tuple[set[str], set[str]]:
    """(names with a GET page some visitor may see, names that are only form actions)."""
    names = named_patterns() - set(NOT_PAGES)
    pages = {
        name
        for name in names
        if any(
            cell == OK
            for role, cell in zip(ROLES, PAGES.get((name, "GET"), ()), strict=False)
            if role not in NOT_VISITED
        )
    }
    actions = {name for name in names - pages if (name, "POST") in PAGES}
    return pages, actions


def unaccounted() -> list[str]:
    """Named patterns neither visited, nor a form action, nor listed as no page."""
    pages, actions = page_names()
    return sorted(named_patterns() - pages - actions - set(NOT_PAGES))


def visits(world: World) -> Iterator[Visit]:
    pages, _ = page_names()
    for name in sorted(pages):
        row = PAGES[(name, "GET")]
        for role, cell in zip(ROLES, row, strict=True):
            if role in NOT_VISITED or cell != OK:
                continue
            yield Visit(name, role, World.reverse(name, page_args(world, name)))


def open_context(browser: Browser, server: Server, language: str, **options: Any) -> BrowserContext:
    """A context that asks for `language` the way a browser and the language picker do, with axe-core
    ready to load in every page it opens (tests/browser/axe.py)."""
    options.setdefault("viewport", {"width": 1280, "height": 900})
    context = browser.new_context(
        base_url=server.url,
        locale=LANGUAGES[language],
        bypass_csp=True,  # lets Playwright add axe's <script>; test_csp.py checks the policy itself
        **options,
    )
    context.add_cookies([{"name": "django_language", "value": LANGUAGES[language], "url": server.url}])
    context.add_init_script(script=axe_init_script())
    return context


CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def sign_in(context: BrowserContext, username: str | None) -> Page:
    """A page of the context, signed in as `username` (None: anonymous).

    The sign-in form is posted by the context's HTTP client, which shares the context's cookies: two
    plain requests instead of two page loads with their scripts and styles. The form itself is audited
    as the anonymous visitor's login page (test_a11y_pages.py) and filled in by the other browser
    tests (conftest.Person).
    """
    page = context.new_page()
    page.set_default_timeout(WAIT)
    if username is None:
        return page
    form = context.request.get("/accounts/login/")
    token = CSRF_FIELD.search(form.text())
    assert token is not None, f"no CSRF token on the login page ({form.status})"
    signed = context.request.post(
        "/accounts/login/",
        form={"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD},
        max_redirects=0,  # the page it sends to is the caller's to open (or not)
    )
    where = signed.headers.get("location", "")
    assert signed.status == 302 and "/accounts/login/" not in where, f"{username} could not sign in"
    return page
