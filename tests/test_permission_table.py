"""Who may do what: ONE table of roles × every URL pattern and every API operation.

The table is checked against the site itself: every URL pattern found by walking `get_resolver()` and
every operation of the Ninja API must have a row, so a new page or operation without a decision about
who may use it fails here. Each cell is what that role gets: a status code, LOGIN (redirect to the login
page), ADMIN (redirect to the admin's login) or DONE (a successful form post redirects onwards). A 404
must be the very page, or JSON, that a missing object gets (compared with the CSRF token stripped).

Roles: anonymous; an outsider with an account; participant, observer, facilitator and liaison of the
dialogue; a liaison of another dialogue; and a deactivated account (a facilitator of the dialogue whose
account was deactivated, still holding a session cookie and an API token).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from config.api import api
from tests.permission_world import World, api_payload, build_world, page_args, page_payload

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "outsider",
    "participant",
    "observer",
    "facilitator",
    "liaison",
    "other_liaison",
    "deactivated",
)
LOGIN, ADMIN, DONE = "login", "admin-login", "done"
OK, NF, NO, GONE = 200, 404, 405, 403
Row = tuple[Any, ...]

# Frequent rows, in ROLES order.
MEMBERS_ONLY = (LOGIN, NF, OK, OK, OK, OK, NF, LOGIN)  # any member of the dialogue
IN_ROOM = (LOGIN, NF, OK, OK, OK, NF, NF, LOGIN)  # facilitators, participants, observers
FACILITATOR = (LOGIN, NF, NF, NF, OK, NF, NF, LOGIN)
FACILITATOR_POSTS = (LOGIN, NF, NF, NF, DONE, NF, NF, LOGIN)
READERS = (LOGIN, NF, NF, NF, OK, OK, NF, LOGIN)  # released summaries: liaisons and facilitators
LOGGED_IN = (LOGIN, OK, OK, OK, OK, OK, OK, LOGIN)
ANYONE = (OK,) * 8
POST_ONLY = (LOGIN, NO, NO, NO, NO, NO, NO, LOGIN)  # a GET to a form action
GET_ONLY = (LOGIN, NO, NO, NO, NO, NO, NO, LOGIN)  # a POST to a page

# (URL name, method) -> row. Names are "namespace:name"; Django's auth views have no namespace.
PAGES: dict[tuple[str, str], Row] = {
    # Django's auth views and the health check.
    ("login", "GET"): ANYONE,
    ("logout", "POST"): (LOGIN,) * 8,  # logged out, and on to the login page
    ("logout", "GET"): (NO,) * 8,
    ("password_change", "GET"): LOGGED_IN,
    ("password_change_done", "GET"): LOGGED_IN,
    ("password_reset", "GET"): ANYONE,
    ("password_reset_done", "GET"): ANYONE,
    ("password_reset_confirm", "GET"): ANYONE,  # an invalid link says so
    ("password_reset_complete", "GET"): ANYONE,
    ("healthz", "GET"): ANYONE,
    # The header's language picker (docs/i18n.md): anyone may choose; back to the home or login page.
    ("language", "POST"): (LOGIN, DONE, DONE, DONE, DONE, DONE, DONE, LOGIN),
    ("language", "GET"): (NO,) * 8,
    ("javascript-catalog", "GET"): ANYONE,
    # Accounts (tests/accounts): the code step and enrolment need a sign-in in progress or a session;
    # without a device or a role that requires one, the code step sends a signed-in person onwards.
    ("login_verify", "GET"): (LOGIN, DONE, DONE, DONE, DONE, DONE, DONE, LOGIN),
    ("two_factor", "GET"): LOGGED_IN,
    ("two_factor_recovery_codes", "POST"): (LOGIN, DONE, DONE, DONE, DONE, DONE, DONE, LOGIN),
    ("two_factor_recovery_codes", "GET"): POST_ONLY,
    ("two_factor_disable", "POST"): (LOGIN, DONE, DONE, DONE, DONE, DONE, DONE, LOGIN),
    ("two_factor_disable", "GET"): POST_ONLY,
    ("sign_out_everywhere", "POST"): (LOGIN,) * 8,  # signed out, and on to the login page
    ("sign_out_everywhere", "GET"): POST_ONLY,
    # The API's own pages; its operations are in OPERATIONS.
    ("api:openapi-json", "GET"): ANYONE,
    ("api:openapi-view", "GET"): ANYONE,
    ("api:api-root", "GET"): (NF,) * 8,
    # People.
    ("participants:invitation", "GET"): (OK, 409, 409, 409, 409, 409, 409, OK),  # 409: not your address
    ("participants:consent", "GET"): MEMBERS_ONLY,
    ("participants:consent", "POST"): (LOGIN, NF, DONE, DONE, DONE, DONE, NF, LOGIN),
    ("participants:consent_revoke", "POST"): (LOGIN, NF, DONE, DONE, DONE, DONE, NF, LOGIN),
    ("participants:consent_revoke", "GET"): POST_ONLY,
    ("participants:profile", "GET"): LOGGED_IN,
    ("participants:account_delete", "GET"): LOGGED_IN,
    # Without the password and the confirmation nothing is deleted: the form again, with its errors.
    ("participants:account_delete", "POST"): (LOGIN, 400, 400, 400, 400, 400, 400, LOGIN),
    ("participants:token_create", "POST"): (LOGIN, 201, 201, 201, 201, 201, 201, LOGIN),
    ("participants:token_create", "GET"): POST_ONLY,
    # Revoking is scoped to your own tokens: anyone else's id changes nothing and says nothing.
    ("participants:token_revoke", "POST"): (LOGIN, DONE, DONE, DONE, DONE, DONE, DONE, LOGIN),
    # Dialogues, sessions, agendas.
    ("dialogues:home", "GET"): LOGGED_IN,
    ("dialogues:create", "GET"): (LOGIN, GONE, GONE, GONE, OK, GONE, GONE, LOGIN),
    ("dialogues:create", "POST"): (LOGIN, GONE, GONE, GONE, DONE, GONE, GONE, LOGIN),
    ("dialogues:detail", "GET"): MEMBERS_ONLY,
    ("dialogues:edit", "GET"): FACILITATOR,
    ("dialogues:edit", "POST"): FACILITATOR_POSTS,
    ("participants:invitations", "GET"): FACILITATOR,
    # Sending renders the page with the new link to copy (shown once), rather than redirecting.
    ("participants:invitations", "POST"): FACILITATOR,
    ("participants:invitations_bulk", "GET"): FACILITATOR,
    ("participants:invitations_bulk", "POST"): FACILITATOR,  # a preview (or the form's errors)
    ("participants:invitation_resend", "POST"): FACILITATOR,
    ("participants:invitation_resend", "GET"): POST_ONLY,
    ("participants:invitation_revoke", "POST"): FACILITATOR_POSTS,
    ("participants:invitation_revoke", "GET"): POST_ONLY,
    ("participants:roster", "GET"): FACILITATOR,
    ("dialogues:audit", "GET"): FACILITATOR,
    ("participants:member_remove", "POST"): FACILITATOR_POSTS,
    ("dialogues:session_create", "GET"): FACILITATOR,
    ("dialogues:session_create", "POST"): FACILITATOR_POSTS,
    ("dialogues:session", "GET"): IN_ROOM,
    ("dialogues:session_edit", "GET"): FACILITATOR,
    ("dialogues:session_edit", "POST"): FACILITATOR_POSTS,
    ("dialogues:agenda_add", "POST"): FACILITATOR_POSTS,
    ("dialogues:agenda_add", "GET"): POST_ONLY,
    ("participants:session_roster", "GET"): FACILITATOR,
    ("dialogues:room", "GET"): IN_ROOM,
    # The room's language control (docs/interpretation.md): anyone signed in keeps their own choice.
    ("dialogues:reading_language", "POST"): (LOGIN, DONE, DONE, DONE, DONE, DONE, DONE, LOGIN),
    ("dialogues:reading_language", "GET"): POST_ONLY,
    ("dialogues:agenda_edit", "GET"): FACILITATOR,
    ("dialogues:agenda_edit", "POST"): FACILITATOR_POSTS,
    ("dialogues:agenda_delete", "POST"): FACILITATOR_POSTS,
    ("dialogues:agenda_move", "POST"): FACILITATOR_POSTS,
    # Summaries: facilitators only, drafts and released versions alike.
    ("summaries:summaries", "GET"): FACILITATOR,
    ("summaries:summary_compile", "POST"): FACILITATOR_POSTS,
    ("summaries:summary_compile", "GET"): POST_ONLY,
    ("summaries:summary_compare", "GET"): FACILITATOR,
    ("summaries:summary", "GET"): FACILITATOR,
    ("summaries:summary_progress", "GET"): FACILITATOR,
    ("summaries:summary_edit", "GET"): FACILITATOR,
    ("summaries:summary_edit", "POST"): FACILITATOR_POSTS,
    ("summaries:summary_approve", "POST"): FACILITATOR_POSTS,
    ("summaries:summary_release", "POST"): FACILITATOR_POSTS,
    ("summaries:summary_export", "GET"): FACILITATOR,
    ("summaries:notes_upload", "GET"): FACILITATOR,
    ("summaries:notes_upload", "POST"): (LOGIN, NF, NF, NF, 400, NF, NF, LOGIN),  # 400: no file sent
    ("summaries:gate_decide", "POST"): FACILITATOR_POSTS,
    ("summaries:gate_decide", "GET"): POST_ONLY,
    ("summaries:read_back_open", "POST"): FACILITATOR_POSTS,
    ("summaries:read_back_open", "GET"): POST_ONLY,
    ("summaries:flag_resolve", "POST"): FACILITATOR_POSTS,
    ("summaries:flag_resolve", "GET"): POST_ONLY,
    # The participants' outcome page: the session's participants only (read-back, then the release).
    ("summaries:outcome", "GET"): (LOGIN, NF, OK, NF, NF, NF, NF, LOGIN),
    ("summaries:outcome_flag", "POST"): (LOGIN, NF, DONE, NF, NF, NF, NF, LOGIN),
    ("summaries:outcome_flag", "GET"): POST_ONLY,
    # The console's pages beside the room.
    ("console:session_ics", "GET"): IN_ROOM,
    ("console:dialogue_ics", "GET"): IN_ROOM,
    ("console:common_ground", "GET"): IN_ROOM,
    ("console:agenda_suggestions", "GET"): FACILITATOR,
    ("console:suggestion_add", "POST"): FACILITATOR_POSTS,
    ("console:suggestion_add", "GET"): POST_ONLY,
    ("console:capture_resolve", "POST"): FACILITATOR_POSTS,
    # The liaison portal and the handoff log.
    ("liaison:read", "GET"): READERS,
    ("liaison:read", "POST"): GET_ONLY,
    ("liaison:download", "GET"): READERS,
    ("liaison:uptake", "POST"): (LOGIN, NF, NF, NF, GONE, DONE, NF, LOGIN),  # 403: facilitators read only
    ("liaison:uptake", "GET"): POST_ONLY,
    ("liaison:handoff", "GET"): FACILITATOR,
    # Retention and erasure (docs/data-lifecycle.md): facilitators only; purging needs the confirmation.
    ("summaries:retention", "GET"): FACILITATOR,
    ("summaries:retention", "POST"): FACILITATOR_POSTS,
    ("summaries:purge", "GET"): FACILITATOR,
    ("summaries:purge", "POST"): (LOGIN, NF, NF, NF, 400, NF, NF, LOGIN),
    ("liaison:uptake_agenda", "POST"): FACILITATOR_POSTS,
    ("liaison:uptake_agenda", "GET"): POST_ONLY,
    # Single texts (tests/singletext): members of the rooms read; participants rate and vote (observers and
    # facilitators hear 403); facilitators draft and release; liaisons read releases and record uptake.
    ("singletext:list", "GET"): IN_ROOM,
    ("singletext:create", "POST"): FACILITATOR_POSTS,
    ("singletext:create", "GET"): POST_ONLY,
    ("singletext:text", "GET"): IN_ROOM,
    ("singletext:history", "GET"): IN_ROOM,
    ("singletext:export", "GET"): IN_ROOM,
    ("singletext:rate", "POST"): (LOGIN, NF, DONE, GONE, GONE, NF, NF, LOGIN),
    ("singletext:rate", "GET"): POST_ONLY,
    ("singletext:ballot", "POST"): (LOGIN, NF, DONE, GONE, GONE, NF, NF, LOGIN),
    ("singletext:revise", "GET"): FACILITATOR,
    ("singletext:revise", "POST"): FACILITATOR_POSTS,
    ("singletext:report", "GET"): FACILITATOR,
    ("singletext:round_open", "POST"): FACILITATOR_POSTS,
    ("singletext:round_open", "GET"): POST_ONLY,
    ("singletext:round_close", "POST"): FACILITATOR_POSTS,
    ("singletext:vote_open", "POST"): FACILITATOR_POSTS,
    ("singletext:vote_close", "POST"): FACILITATOR_POSTS,
    ("singletext:release", "POST"): FACILITATOR_POSTS,
    ("singletext:release", "GET"): POST_ONLY,
    ("singletext:audit", "GET"): FACILITATOR,
    ("singletext:released", "GET"): READERS,
    ("singletext:download", "GET"): READERS,
    ("singletext:uptake", "POST"): (LOGIN, NF, NF, NF, GONE, DONE, NF, LOGIN),
    ("singletext:uptake", "GET"): POST_ONLY,
}

# API operations by token (both scopes; scopes are tested in tests/api). 401 = no valid credentials.
A_MEMBERS = (401, NF, OK, OK, OK, OK, NF, 401)
A_IN_ROOM = (401, NF, OK, OK, OK, NF, NF, 401)
A_FACILITATOR = (401, NF, NF, NF, OK, NF, NF, 401)
A_READERS = (401, NF, NF, NF, OK, OK, NF, 401)
A_ANY = (401, OK, OK, OK, OK, OK, OK, 401)

OPERATIONS: dict[tuple[str, str], Row] = {
    ("GET", "/me"): A_ANY,
    ("GET", "/dialogues"): A_ANY,
    ("POST", "/dialogues"): (401, GONE, GONE, GONE, 201, GONE, GONE, 401),
    ("GET", "/dialogues/{dialogue_id}"): A_MEMBERS,
    ("PUT", "/dialogues/{dialogue_id}"): A_FACILITATOR,
    ("GET", "/dialogues/{dialogue_id}/sessions"): A_IN_ROOM,
    ("POST", "/dialogues/{dialogue_id}/sessions"): (401, NF, NF, NF, 201, NF, NF, 401),
    ("GET", "/sessions/{session_id}"): A_IN_ROOM,
    ("PUT", "/sessions/{session_id}"): A_FACILITATOR,
    ("GET", "/sessions/{session_id}/agenda"): A_IN_ROOM,
    ("POST", "/sessions/{session_id}/agenda"): (401, NF, NF, NF, 201, NF, NF, 401),
    ("PUT", "/sessions/{session_id}/agenda/order"): A_FACILITATOR,
    ("PUT", "/agenda/{item_id}"): A_FACILITATOR,
    ("DELETE", "/agenda/{item_id}"): (401, NF, NF, NF, 204, NF, NF, 401),
    ("GET", "/dialogues/{dialogue_id}/invitations"): A_FACILITATOR,
    ("POST", "/dialogues/{dialogue_id}/invitations"): (401, NF, NF, NF, 201, NF, NF, 401),
    ("DELETE", "/invitations/{invitation_id}"): (401, NF, NF, NF, 204, NF, NF, 401),
    ("GET", "/dialogues/{dialogue_id}/summaries"): A_READERS,
    ("GET", "/sessions/{session_id}/summary"): A_READERS,
    ("GET", "/summaries/{version_id}"): A_READERS,
    ("GET", "/summaries/{version_id}/export.{fmt}"): A_READERS,
    ("GET", "/summaries/{version_id}/uptake"): A_READERS,
    ("POST", "/summaries/{version_id}/uptake"): (401, NF, NF, NF, GONE, 201, NF, 401),
    ("GET", "/dialogues/{dialogue_id}/handoff"): A_FACILITATOR,
    ("POST", "/uptake/{uptake_id}/agenda"): (401, NF, NF, NF, 201, NF, NF, 401),
    ("POST", "/sessions/{session_id}/summaries"): (401, NF, NF, NF, 202, NF, NF, 401),
    # Single texts. In the world no round or vote is open and version 1 is released already: the
    # participant's rating and ballot and the facilitator's close and release reach the service (409).
    ("GET", "/dialogues/{dialogue_id}/texts"): A_IN_ROOM,
    ("POST", "/dialogues/{dialogue_id}/texts"): (401, NF, NF, NF, 201, NF, NF, 401),
    ("GET", "/texts/{text_id}"): A_IN_ROOM,
    ("GET", "/texts/{text_id}/history"): A_IN_ROOM,
    ("GET", "/texts/{text_id}/export.{fmt}"): A_IN_ROOM,
    ("POST", "/texts/{text_id}/ratings"): (401, NF, 409, GONE, GONE, NF, NF, 401),
    ("POST", "/texts/{text_id}/ballot"): (401, NF, 409, GONE, GONE, NF, NF, 401),
    ("POST", "/texts/{text_id}/versions"): (401, NF, NF, NF, 201, NF, NF, 401),
    ("POST", "/texts/{text_id}/rounds"): (401, NF, NF, NF, 201, NF, NF, 401),
    ("GET", "/texts/{text_id}/report"): A_FACILITATOR,
    ("POST", "/texts/{text_id}/package-vote"): (401, NF, NF, NF, 201, NF, NF, 401),
    ("POST", "/texts/{text_id}/package-vote/close"): (401, NF, NF, NF, 409, NF, NF, 401),
    ("POST", "/texts/{text_id}/releases"): (401, NF, NF, NF, 409, NF, NF, 401),
    ("GET", "/dialogues/{dialogue_id}/text-releases"): A_READERS,
    ("GET", "/text-releases/{release_id}"): A_READERS,
    ("POST", "/text-releases/{release_id}/uptake"): (401, NF, NF, NF, GONE, 201, NF, 401),
}
# A method the path does not have: 405 before authentication, whoever asks (every id has the path).
WRONG_METHODS = [("PATCH", "/dialogues"), ("DELETE", "/summaries/{version_id}"), ("PUT", "/me")]


# --- what exists ---------------------------------------------------------------------------------


def url_patterns() -> Iterator[tuple[str, str]]:
    """(name, route) of every URL pattern; unnamed ones are named by their route."""

    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[tuple[str, str]]:
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                inner = ":".join(filter(None, [namespace, p.namespace or ""]))
                yield from walk(p.url_patterns, route, inner)
            elif isinstance(p, URLPattern):
                name = p.name or route
                yield (f"{namespace}:{name}" if namespace else name), route

    yield from walk(get_resolver().url_patterns, "", "")


def api_operations() -> set[tuple[str, str]]:
    """(method, path) of every operation of the Ninja API, from its routers' path operations."""
    found = set()
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for method in operation.methods:
                    found.add((method, ("/" + prefix.strip("/") + "/" + path.lstrip("/")).replace("//", "/")))
    return found


def _api_named(name: str) -> bool:
    return name.startswith("api:") and name not in {"api:openapi-json", "api:openapi-view", "api:api-root"}


def test_every_url_pattern_is_in_the_table() -> None:
    named = {name for key in PAGES for name in [key[0]]}
    missing = sorted(
        name
        for name, _ in url_patterns()
        if name not in named and not name.startswith("admin:") and not _api_named(name)
    )
    assert not missing, f"URL patterns without a row in PAGES: {missing}"
    stale = sorted(named - {name for name, _ in url_patterns()})
    assert not stale, f"rows for URL patterns that no longer exist: {stale}"


def test_every_api_operation_is_in_the_table() -> None:
    ops = api_operations()
    assert ops - set(OPERATIONS) == set(), f"API operations without a row: {sorted(ops - set(OPERATIONS))}"
    assert set(OPERATIONS) - ops == set(), f"rows for missing operations: {sorted(set(OPERATIONS) - ops)}"


# --- checking the cells ----------------------------------------------------------------------------


def outcome(response: Any) -> Any:
    if response.status_code == 302:
        target = response["Location"]
        if target.startswith("/accounts/login/"):
            return LOGIN
        if target.startswith("/admin/login/"):
            return ADMIN
        return DONE
    return response.status_code


@dataclass
class Cell:
    role: str
    expected: Any
    got: Any
    note: str = ""


def run_roles(
    world: World,
    expected: Row,
    request: Callable[[Client, str], Any],
    *,
    api_call: bool = False,
    clients: dict[str, Client] | None = None,
) -> list[Cell]:
    """Each role in its own rolled-back savepoint, so one role's write never changes the next one's view.
    `clients`, signed in outside the savepoints, serve many requests (GETs that change nothing)."""
    wrong = []
    for role, want in zip(ROLES, expected, strict=True):
        with transaction.atomic():
            client = clients[role] if clients is not None else world.client(role)
            response = request(client, role)
            got = outcome(response)
            note = ""
            if got == NF and want == NF:
                note = world.differs_from_missing(client, role, response, api_call=api_call)
            if got != want or note:
                wrong.append(Cell(role, want, got, note))
            transaction.set_rollback(True)
    return wrong


@pytest.mark.parametrize(("name", "method"), sorted(PAGES))
def test_page_permissions(name: str, method: str) -> None:
    world = build_world()
    data = page_payload(world, name) if method == "POST" else None

    def request(client: Client, role: str) -> Any:
        url = world.reverse(name, page_args(world, name))
        return client.post(url, data) if method == "POST" else client.generic(method, url)

    wrong = run_roles(world, PAGES[(name, method)], request)
    assert not wrong, f"{method} {name}: " + "; ".join(
        f"{c.role} expected {c.expected} got {c.got} {c.note}" for c in wrong
    )


@pytest.mark.parametrize(("method", "path"), sorted(OPERATIONS))
def test_api_permissions(method: str, path: str) -> None:
    world = build_world()
    payload = api_payload(world, method, path)

    def request(client: Client, role: str) -> Any:
        return world.api_call(client, role, method, path, payload)

    wrong = run_roles(world, OPERATIONS[(method, path)], request, api_call=True)
    assert not wrong, f"{method} {path}: " + "; ".join(
        f"{c.role} expected {c.expected} got {c.got} {c.note}" for c in wrong
    )


@pytest.mark.parametrize(("method", "path"), WRONG_METHODS)
def test_api_wrong_method(method: str, path: str) -> None:
    world = build_world()
    expected = (NO,) * 8
    wrong = run_roles(world, expected, lambda c, role: world.api_call(c, role, method, path, None))
    assert not wrong, f"{method} {path}: {wrong}"


def _admin_expected(name: str) -> Row:
    """Django's admin: staff only, and none of these roles is staff."""
    if name == "admin:login":
        # Signed-out people go to our login (password, second factor, lockout); a signed-in non-staff
        # account gets the admin's page telling it it may not enter.
        return (LOGIN, OK, OK, OK, OK, OK, OK, LOGIN)
    if name == "admin:logout":
        return (DONE,) * 8  # a GET logs nobody out; it sends you back to the admin's index
    return (ADMIN,) * 8


def test_admin_is_staff_only() -> None:
    world = build_world()
    # One sign-in per role for the ~190 admin URLs (none of these GETs changes a session; one that did
    # would show up as a wrong cell for every URL after it).
    clients = {role: world.client(role) for role in ROLES}
    wrong = []
    for name, route in url_patterns():
        if not name.startswith("admin:"):
            continue
        url = world.admin_url(route)

        def get(c: Client, role: str, url: str = url) -> Any:
            return c.get(url)

        cells = run_roles(world, _admin_expected(name), get, clients=clients)
        wrong += [f"{name} {c.role}: expected {c.expected} got {c.got}" for c in cells]
    assert not wrong, wrong
