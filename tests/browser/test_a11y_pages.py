"""WCAG 2.2 AA (issue 17, item 4): axe-core finds no violation on any page, as each role that can see it,
in English and in Arabic (right to left). The pages come from the URL conf (tests/browser/a11y.py)."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page

from dialogues.choices import CONSENTING_ROLES, ROOM_ROLES
from tests.browser.a11y import (
    LANGUAGES,
    NOT_PAGES,
    Visit,
    open_context,
    page_names,
    sign_in,
    unaccounted,
    visitors,
    visits,
)
from tests.browser.axe import audit
from tests.factories import consent, member
from tests.live import Server
from tests.permission_world import World, build_world, page_args
from tests.test_permission_table import ROLES

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_every_named_url_is_visited_or_said_not_to_be_a_page() -> None:
    missing = unaccounted()
    assert not missing, (
        f"URL patterns the accessibility crawl neither visits nor lists in NOT_PAGES: {missing} "
        "(give them a row in tests/test_permission_table.py, or say why they are no page)"
    )
    pages, _ = page_names()
    assert not pages & set(NOT_PAGES)


def expected_lang(language: str) -> str | None:
    """The <html lang> the page must carry, once the site offers the language."""
    code = LANGUAGES[language]
    offered = {c for c, _ in settings.LANGUAGES}
    return code if code in offered else None


# The page's structure without its words: elements, their ids, classes, roles, ARIA and states, and which
# ones hold text. Two roles shown the same structure (a participant and an observer reading the same
# text page) give axe the same thing to judge, so it runs once per structure and language.
STRUCTURE = """() => {
  let h = 0;
  const add = (s) => { for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0; };
  for (const n of document.querySelectorAll("body *")) {
    add(n.localName);
    for (const a of n.attributes) {
      if (a.name === "value" || a.name === "href" || a.name === "datetime") continue;
      add(a.name.startsWith("aria-") || a.name === "class" || a.name === "role" || a.name === "id"
        || a.name === "type" || a.name === "hidden" || a.name === "disabled" ? a.name + a.value : a.name);
    }
    add([...n.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim()) ? "t" : "-");
  }
  return String(h);
}"""


def check(page: Page, visit: Visit, language: str, seen: dict[str, str], status: int = 200) -> list[str]:
    """What is wrong with one page: its answer, its language, then axe's violations."""
    where = f"[{language}] {visit.where}"
    response = page.goto(visit.url)
    assert response is not None, where
    kind = response.headers.get("content-type", "")
    if not kind.startswith("text/html"):
        return [f"{where} is {kind}: list it in NOT_PAGES if it is no page"]
    if response.status != status:
        return [f"{where} answered {response.status}"]
    wrong = []
    lang = expected_lang(language)
    if lang is not None:
        got = (page.get_attribute("html", "lang"), page.get_attribute("html", "dir"))
        if got != (lang, "rtl" if language == "ar" else "ltr"):
            wrong.append(f"{where}: <html lang dir> is {got}")
    if (
        page.locator("body > a.skip-link[href='#main']").count() != 1
        or page.locator("main#main").count() != 1
    ):
        wrong.append(f"{where}: no skip link to <main id=main>")
    structure = page.evaluate(STRUCTURE)
    if structure in seen:
        return wrong
    seen[structure] = where
    return wrong + [str(v) for v in audit(page, where)]


def extra_roles(world: World) -> dict[str, str]:
    """A member of the world's dialogue for each room role the permission table does not list."""
    made = {}
    for role in ROOM_ROLES:
        if role not in ROLES:
            user = member(world.dialogue, role, username=f"a11y-{role}")
            if role in CONSENTING_ROLES:
                consent(user, world.dialogue)
            made[str(role)] = user.username
    return made


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_page_as_every_role_has_no_axe_violation(
    browser: Browser, server: Server, transactional_db: None, language: str
) -> None:
    world = build_world()
    pages: dict[str, Page] = {}
    for role in visitors():
        user = world.users[role]
        pages[role] = sign_in(open_context(browser, server, language), user.username if user else None)
    found: list[str] = []
    seen: dict[str, str] = {}
    visited = []
    started = time.monotonic()
    for visit in visits(world):
        found += check(pages[visit.role], visit, language, seen)
        visited.append(visit.where)
    # Roles the permission table has no column for yet (the interpreter): every page that opens for them.
    for role, username in extra_roles(world).items():
        page = sign_in(open_context(browser, server, language), username)
        for name in sorted(page_names()[0]):
            url = World.reverse(name, page_args(world, name))
            response = page.request.get(url, max_redirects=0)
            if response.status == 200 and response.headers.get("content-type", "").startswith("text/html"):
                found += check(page, Visit(name, role, url), language, seen)
                visited.append(f"{name} as {role}")
    # What anyone may meet: a missing page, and a page their role may not open.
    found += check(pages["anonymous"], Visit("404", "anonymous", "/no-such-page/"), language, seen, 404)
    refused = Visit("403", "participant", World.reverse("dialogues:create", []))
    found += check(pages["participant"], refused, language, seen, 403)
    print(
        f"[{language}] {len(visited)} visits, axe on {len(seen)} page structures,"
        f" {time.monotonic() - started:.0f} s"
    )
    assert len(visited) > 60, visited
    assert not found, f"{len(found)} problem(s):\n" + "\n".join(found)
