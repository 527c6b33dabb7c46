"""Suite-wide fixtures: named users, service requirements.

Under CI=true a test that needs PostgreSQL, Redis or Chromium fails when the service is missing;
elsewhere it is skipped with the reason, so `make test` passes on a machine without them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.conf import settings

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dialogues.models import Dialogue, Session

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = Path(os.environ.get("PARLEY_CHROMIUM", "/usr/bin/chromium"))
# Flags for a headless Chromium in a container: no sandbox, GPU or background network chatter.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def _require(service: str, available: bool, why: str) -> None:
    if available:
        return
    if CI:
        pytest.fail(f"{service} is required under CI=true but is not available: {why}", pytrace=False)
    pytest.skip(f"{service} not available: {why}")


def _redis_ok() -> tuple[bool, str]:
    if not settings.REDIS_URL:
        return False, "REDIS_URL is not set"
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        return False, f"cannot reach {settings.REDIS_URL}: {exc}"
    return True, ""


def pytest_configure(config: pytest.Config) -> None:
    # The .mo catalogs are built, not committed (docs/i18n.md): `make pytest` compiles them, and so does a
    # bare `python -m pytest`, once, in the controller before any xdist worker starts.
    if not hasattr(config, "workerinput"):
        from tests.i18n.catalogs import compile_catalogs

        compile_catalogs()


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("postgres"):
        engine = settings.DATABASES["default"]["ENGINE"]
        _require("PostgreSQL", engine == "django.db.backends.postgresql", f"DATABASE_URL gives {engine}")
    if item.get_closest_marker("redis"):
        ok, why = _redis_ok()
        if ok and not shutil.which("redis-server"):
            ok, why = False, "redis-server is not on PATH"
        _require("Redis", ok, why)
    if item.get_closest_marker("browser"):
        _require("Chromium", CHROMIUM.exists(), f"{CHROMIUM} does not exist")


@pytest.fixture(scope="session", autouse=True)
def _close_pool_before_teardown(request: pytest.FixtureRequest) -> Iterator[None]:
    """Pooled PostgreSQL connections stay open between tests; close them before the test database is
    dropped (pytest-django's teardown runs after ours because we depend on its setup)."""
    if "django_db_setup" not in request.fixturenames:
        request.getfixturevalue("django_db_setup")
    yield
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        close_pool = getattr(conn, "close_pool", None)
        if close_pool is not None and conn.vendor == "postgresql":
            close_pool()


@pytest.fixture(scope="session", autouse=True)
def _clean_redis_prefix() -> Iterator[None]:
    """Presence counts live in Redis under this run's prefix; start and end with none."""
    yield from _wipe_prefix()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the default language. A request through the test client leaves its language
    active in this thread (LocaleMiddleware activates it and nothing resets it), so a Russian page in
    one test made the next test's service errors Russian."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _forget_data_keys() -> Iterator[None]:
    """A test's rollback takes its dialogues' data keys with it; this process must not keep sealing
    under them (core.crypto caches keys per process, which in production only ever see commits)."""
    yield
    from core.crypto import forget_data_keys

    forget_data_keys()


def _wipe_prefix() -> Iterator[None]:
    if not settings.REDIS_URL:
        yield
        return
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)

    def wipe() -> None:
        try:
            keys = list(client.scan_iter(f"{settings.CHANNEL_LAYER_PREFIX}:*", count=1000))
            if keys:
                client.delete(*keys)
        except redis.RedisError:
            pass

    wipe()
    yield
    wipe()


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# --- Named people and a dialogue they belong to ---------------------------------------------------


@pytest.fixture
def dialogue(db: None) -> Dialogue:
    from tests.factories import DialogueFactory, PartyFactory

    d = DialogueFactory.create(title="Basin dialogue")
    PartyFactory.create(dialogue=d, name="Northvale")
    PartyFactory.create(dialogue=d, name="Southmark")
    return d


@pytest.fixture
def facilitator(dialogue: Dialogue) -> User:
    from django.contrib.auth.models import Permission

    from dialogues.choices import Role
    from tests.factories import member

    user = member(dialogue, Role.FACILITATOR, username="fiona", display_name="Fiona Facilitator")
    user.user_permissions.add(Permission.objects.get(codename="add_dialogue"))
    return user


@pytest.fixture
def participant(dialogue: Dialogue) -> User:
    from dialogues.choices import Role
    from tests.factories import member

    return member(dialogue, Role.PARTICIPANT, username="paula", display_name="Paula Participant")


@pytest.fixture
def observer(dialogue: Dialogue) -> User:
    from dialogues.choices import Role
    from tests.factories import member

    return member(dialogue, Role.OBSERVER, username="otto", display_name="Otto Observer")


@pytest.fixture
def liaison(dialogue: Dialogue) -> User:
    from dialogues.choices import Role
    from tests.factories import member

    return member(dialogue, Role.LIAISON, username="lena", display_name="Lena Liaison")


@pytest.fixture
def outsider(db: None) -> User:
    from tests.factories import ProfileFactory, UserFactory

    user = UserFactory.create(username="oscar")
    ProfileFactory.create(user=user, display_name="Oscar Outsider")
    return user


@pytest.fixture
def session(dialogue: Dialogue) -> Session:
    from tests.factories import AgendaItemFactory, SessionFactory

    s = SessionFactory.create(dialogue=dialogue, title="First session")
    AgendaItemFactory.create(session=s, position=1, title="Opening")
    AgendaItemFactory.create(session=s, position=2, title="Water releases")
    return s


@pytest.fixture
def participant2(dialogue: Dialogue) -> User:
    from dialogues.choices import Role
    from tests.factories import member

    return member(
        dialogue,
        Role.PARTICIPANT,
        username="pedro",
        display_name="Pedro Second",
        party=dialogue.parties.last(),
        organisation="Southmark Institute",
    )
