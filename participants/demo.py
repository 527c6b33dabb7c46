"""The demo dialogue and the load-test dialogue, created idempotently (`manage.py seed_demo`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission, User
from django.db import transaction
from django.utils import timezone

from dialogues.channel import channel_create
from dialogues.choices import AttributionMode, DialogueStatus, Role, RoomKind, SessionStatus
from dialogues.consent import current_rule
from dialogues.models import AgendaItem, Consent, Dialogue, Membership, Party, Room, Session

from . import accounts
from .models import Account, Profile, Sector

_T = TypeVar("_T", Dialogue, Session)

DEMO_TITLE = "Riverlands dialogue on shared waters (demo)"
LOAD_TITLE = "Load-test dialogue"
PARTIES = ["Northvale", "Southmark", "Eastreach"]
FACILITATORS_GROUP = "Facilitators"


@dataclass(frozen=True)
class DemoPerson:
    username: str
    role: str
    display_name: str
    party: str | None = None
    sector: str = Sector.OTHER
    title: str = ""
    organisation: str = ""
    organisation_aliases: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()


PEOPLE = [
    DemoPerson(
        "facilitator", Role.FACILITATOR, "Helena Brandt", title="Dr.", organisation="Parley Facilitation"
    ),
    DemoPerson(
        "amina",
        Role.PARTICIPANT,
        "Amina Okafor",
        "Northvale",
        Sector.ACADEMIC,
        "Dr.",
        "University of Northvale",
        ("UNV",),
        ("Mina",),
    ),
    DemoPerson(
        "yusuf",
        Role.PARTICIPANT,
        "Yusuf al-Rashid",
        "Southmark",
        Sector.FORMER_OFFICIAL,
        "",
        "Southmark Ministry of Water",
        ("SMW",),
        ("Abu Karim", "Youssef Al Rashid"),
        ("former Deputy Water Minister",),
    ),
    DemoPerson(
        "olena",
        Role.PARTICIPANT,
        "Olena Kovalenko",
        "Eastreach",
        Sector.NGO,
        "",
        "Rivers Without Borders",
        ("RWB",),
        ("Olena Kovalenko-Shevchuk", "Elena Kovalenko"),
    ),
    DemoPerson(
        "chen",
        Role.PARTICIPANT,
        "Chen Wei",
        "Northvale",
        Sector.BUSINESS,
        "",
        "Delta Logistics",
        (),
        ("Wei Chen",),
    ),
    DemoPerson(
        "maria",
        Role.PARTICIPANT,
        "María José García López",
        "Southmark",
        Sector.MEDIA,
        "",
        "Southmark Daily",
        (),
        ("Majo",),
    ),
    DemoPerson(
        "tomas",
        Role.PARTICIPANT,
        "Tomas Müller",
        "Eastreach",
        Sector.NGO,
        "",
        "Peace Bridges",
        ("PB",),
        ("Tom Mueller",),
    ),
    DemoPerson(
        "observer", Role.OBSERVER, "Priya Raman", None, Sector.ACADEMIC, "", "Institute for Peace Studies"
    ),
    DemoPerson(
        "liaison", Role.LIAISON, "Jordan Hayes", None, Sector.OTHER, "", "Foreign Ministry Liaison Office"
    ),
]

SESSIONS = [
    (
        "Session 1: Shared waters",
        AttributionMode.VEILED,
        1,
        [
            ("Opening and ground rules", "Welcome, the Chatham House Rule, how the room works.", 10),
            ("Dry-season releases", "How upstream releases are decided and communicated.", 30),
            ("Data sharing", "What river-flow data each side could share, and how.", 30),
            ("Next steps", "Proposals to carry to officials.", 15),
        ],
    ),
    (
        "Session 2: Crossings and trade",
        AttributionMode.NAMED,
        8,
        [
            ("Border crossing hours", "Seasonal opening of the river crossings.", 30),
            ("Joint inspections", "Could inspections be done once, jointly?", 30),
        ],
    ),
]

DEMO_PASSWORD = "parley-demo-2026"
# The demo's facilitator and liaison must use two-factor sign-in like real ones (PARLEY_REQUIRE_2FA_ROLES),
# so the seed gives them an authenticator with this published key (20 bytes, hex; stored encrypted like
# any seed, participants/authenticators.py).
# Add it to an authenticator app, or print the current code with `manage.py demo_totp_code USERNAME`.
DEMO_TOTP_KEY = b"Parley demo 2FA key!".hex()
LOAD_PASSWORD = "parley-load-2026"


@dataclass
class SeedResult:
    users: list[dict[str, Any]] = field(default_factory=list)
    rooms: list[dict[str, Any]] = field(default_factory=list)


def _user(username: str, email: str, password_hash: str) -> User:
    user = User.objects.filter(username=accounts.stored_username(username)).first()
    if user is None:
        user = User(username=username, email=email, password=password_hash)
        user.save()  # sealed on save (participants/accounts.py): the row holds a hash of the name
    return user


def _consent(user: User, dialogue: Dialogue) -> None:
    Consent.objects.get_or_create(
        user=user,
        dialogue=dialogue,
        rule_version=current_rule(),
        revoked_at=None,
        defaults={"accepted_at": timezone.now()},
    )


def _demo_authenticator(user: User) -> None:
    from .authenticators import Authenticator

    if not Authenticator.objects.filter(user=user, confirmed=True).exists():
        Authenticator.objects.create(user=user, name="Demo authenticator", key=DEMO_TOTP_KEY, confirmed=True)


def demo_totp_secret() -> str:
    """The demo authenticator's key as authenticator apps take it (base32)."""
    from base64 import b32encode

    return b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode("ascii")


def _next_slot(days_ahead: int) -> datetime:
    day = timezone.now().date() + timedelta(days=days_ahead)
    return datetime.combine(day, time(13, 0), tzinfo=UTC)


def _titled(rows: Iterable[_T], title: str) -> _T | None:
    """The first row with this title, compared in Python: titles are encrypted (SQL compares ciphertext)."""
    return next((row for row in rows if row.title == title), None)


def _sessions(dialogue: Dialogue) -> None:
    existing = list(Session.objects.filter(dialogue=dialogue))
    for title, mode, days, agenda in SESSIONS:
        session = _titled(existing, title)
        created = session is None
        if session is None:
            session = Session.objects.create(
                dialogue=dialogue,
                title=title,
                starts_at=_next_slot(days),
                duration_minutes=90,
                timezone="Europe/Zurich",
                attribution_mode=mode,
            )
        Room.objects.get_or_create(session=session, kind=RoomKind.PLENARY, defaults={"title": title})
        channel_create(session)
        if created:
            AgendaItem.objects.bulk_create(
                AgendaItem(session=session, position=i, title=t, description=d, timebox_minutes=m)
                for i, (t, d, m) in enumerate(agenda, start=1)
            )


def _room_rows(dialogue: Dialogue, load: bool = False) -> list[dict[str, Any]]:
    rows = []
    for room in Room.objects.filter(session__dialogue=dialogue, kind=RoomKind.PLENARY).select_related(
        "session"
    ):
        row: dict[str, Any] = {
            "id": room.pk,
            "ws_path": f"/ws/rooms/{room.pk}/",
            "session": room.session_id,
            "mode": room.session.attribution_mode,
        }
        if load:
            row["load"] = True
        rows.append(row)
    return rows


def seed_demo() -> SeedResult:
    result = SeedResult()
    password_hash = make_password(DEMO_PASSWORD)
    with transaction.atomic():
        group, _ = Group.objects.get_or_create(name=FACILITATORS_GROUP)
        group.permissions.add(
            Permission.objects.get(codename="add_dialogue", content_type__app_label="dialogues")
        )
        dialogue = _titled(Dialogue.objects.all(), DEMO_TITLE)
        if dialogue is None:
            dialogue = Dialogue.objects.create(
                title=DEMO_TITLE,
                status=DialogueStatus.ACTIVE,
                objectives="Find practical steps on dry-season water releases and river-flow data sharing "
                "that officials on all sides could take forward.",
                background="Official talks on the river basin stalled last year after a drought. This track "
                "brings together academics, NGO staff, former officials, business and media voices from the "
                "three parties.",
            )
        parties = {name: Party.objects.get_or_create(dialogue=dialogue, name=name)[0] for name in PARTIES}
        for person in PEOPLE:
            email = f"{person.username}@demo.parley.invalid"
            user = _user(person.username, email, password_hash)
            Profile.objects.update_or_create(
                user=user,
                defaults={
                    "display_name": person.display_name,
                    "title": person.title,
                    "sector": person.sector,
                    "organisation": person.organisation,
                    "organisation_aliases": list(person.organisation_aliases),
                    "aliases": list(person.aliases),
                    "roles": list(person.roles),
                    "country": person.party or "",
                    "timezone": "Europe/Zurich",
                },
            )
            Membership.objects.update_or_create(
                dialogue=dialogue,
                user=user,
                defaults={
                    "role": person.role,
                    "party": parties[person.party] if person.party else None,
                    "is_active": True,
                },
            )
            if person.role == Role.FACILITATOR:
                user.groups.add(group)
            if person.role in (Role.FACILITATOR, Role.LIAISON):
                _demo_authenticator(user)
            if person.role in (Role.PARTICIPANT, Role.OBSERVER):
                _consent(user, dialogue)
            result.users.append(
                {
                    "username": person.username,
                    "password": DEMO_PASSWORD,
                    "role": person.role,
                    "display_name": person.display_name,
                    "organisation": person.organisation,
                    "email": email,
                    "aliases": list(person.aliases),
                }
            )
        _sessions(dialogue)
    result.rooms.extend(_room_rows(dialogue))
    return result


def seed_load(participants: int, result: SeedResult) -> None:
    """A dialogue with one veiled room holding `participants` consented members, for load tests.

    One password hash serves every load user: Argon2 is deliberately slow, and 500 hashes would take
    most of a minute.
    """
    password_hash = make_password(LOAD_PASSWORD)
    rule = current_rule()
    with transaction.atomic():
        facilitator = User.objects.get(username=accounts.stored_username("facilitator"))
        dialogue = _titled(Dialogue.objects.all(), LOAD_TITLE)
        if dialogue is None:
            dialogue = Dialogue.objects.create(title=LOAD_TITLE, status=DialogueStatus.ACTIVE)
            Membership.objects.create(dialogue=dialogue, user=facilitator, role=Role.FACILITATOR)
        party_a, _ = Party.objects.get_or_create(dialogue=dialogue, name="Load A")
        party_b, _ = Party.objects.get_or_create(dialogue=dialogue, name="Load B")
        session = _titled(Session.objects.filter(dialogue=dialogue), "Load-test session")
        if session is None:
            session = Session.objects.create(
                dialogue=dialogue,
                title="Load-test session",
                starts_at=_next_slot(1),
                attribution_mode=AttributionMode.VEILED,
            )
        # Live: the load is what is said on the record (before live, nothing is stored).
        Session.objects.filter(pk=session.pk).exclude(status=SessionStatus.LIVE).update(
            status=SessionStatus.LIVE, started_at=timezone.now()
        )
        Room.objects.get_or_create(session=session, kind=RoomKind.PLENARY, defaults={"title": session.title})
        names = [f"load{i:05d}" for i in range(1, participants + 1)]
        # bulk_create sends no signals: seal by hand what accounts.py seals on save.
        clear = {accounts.stored_username(n): n for n in names}
        existing = set(User.objects.filter(username__in=clear).values_list("username", flat=True))
        created = User.objects.bulk_create(
            User(username=stored, password=password_hash) for stored in clear if stored not in existing
        )
        Account.objects.bulk_create(
            Account(
                user=u,
                login_name=clear[u.username],
                email=f"{clear[u.username]}@load.parley.invalid",
                email_hash=accounts.email_hash(f"{clear[u.username]}@load.parley.invalid"),
            )
            for u in User.objects.filter(username__in=[c.username for c in created])
        )
        users = sorted(User.objects.filter(username__in=clear), key=lambda u: clear[u.username])
        for u in users:
            u.username = clear[u.username]
            u.email = f"{u.username}@load.parley.invalid"
        have_profile = set(Profile.objects.filter(user__in=users).values_list("user_id", flat=True))
        Profile.objects.bulk_create(
            Profile(user=u, display_name=f"Load user {u.username[4:]}", sector=Sector.OTHER)
            for u in users
            if u.pk not in have_profile
        )
        members = set(
            Membership.objects.filter(dialogue=dialogue, user__in=users).values_list("user_id", flat=True)
        )
        Membership.objects.bulk_create(
            Membership(dialogue=dialogue, user=u, role=Role.PARTICIPANT, party=party_a if i % 2 else party_b)
            for i, u in enumerate(users)
            if u.pk not in members
        )
        consented = set(
            Consent.objects.filter(
                dialogue=dialogue, user__in=users, revoked_at__isnull=True, rule_version=rule
            ).values_list("user_id", flat=True)
        )
        now = timezone.now()
        Consent.objects.bulk_create(
            Consent(user=u, dialogue=dialogue, rule_version=rule, accepted_at=now)
            for u in users
            if u.pk not in consented
        )
    for u in users:
        result.users.append(
            {
                "username": u.username,
                "password": LOAD_PASSWORD,
                "role": Role.PARTICIPANT,
                "display_name": f"Load user {u.username[4:]}",
                "organisation": "",
                "email": u.email,
                "aliases": [],
                "load": True,
            }
        )
    result.rooms.extend(_room_rows(dialogue, load=True))
