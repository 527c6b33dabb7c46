"""Building sessions with people, messages, captures and votes, and compiling their summary."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Max
from django.utils import timezone

from dialogues.choices import Role
from dialogues.models import AgendaItem, Dialogue, Message, Party, Room, Session
from facilitation.models import CapturedItem, Statement, Vote
from summaries import services
from summaries.models import SummaryVersion
from tests.factories import member

# A roster from several naming traditions, six people a party, so party buckets can reach k = 5.
PEOPLE: dict[str, list[dict[str, Any]]] = {
    "Northvale": [
        {
            "display_name": "Amina Okafor",
            "title": "Dr.",
            "aliases": ["Mina"],
            "organisation": "Basin Research Institute",
            "organisation_aliases": ["BRI"],
            "sector": "academic",
            "phones": ["+234 803 555 0142"],
            "handles": ["@aokafor"],
        },
        {
            "display_name": "Yusuf Abu-Bakr al-Masri",
            "sector": "academic",
            "organisation": "Delta Water Forum",
        },
        {"display_name": "Hans Müller", "sector": "business", "organisation": "Müller Irrigation"},
        {
            "display_name": "Oleksandr Petrovych Kovalenko",
            "aliases": ["Aleksandr Kovalenko"],
            "sector": "academic",
            "organisation": "Kyiv Hydrology Centre",
        },
        {"display_name": "María José García Medina", "sector": "ngo", "organisation": "Ríos Vivos"},
        {"display_name": "Wang Xiaoming", "sector": "media", "organisation": "River Daily"},
    ],
    "Southmark": [
        {"display_name": "Ahmet Çelik", "sector": "academic", "organisation": "Anatolia Policy Lab"},
        {"display_name": "Nguyễn Thị Thu Hà", "sector": "ngo", "organisation": "Mekong Voices"},
        {
            "display_name": "Tesfaye Bekele Haile",
            "title": "Ato",
            "sector": "former_official",
            "roles": ["former Minister of Water and Energy"],
            "organisation": "Blue Nile Council",
        },
        {
            "display_name": "Gohar Sargsyan",
            "title": "Ambassador",
            "sector": "former_official",
            "organisation": "Caucasus Peace Initiative",
        },
        {"display_name": "Rahel Gebremedhin", "sector": "media", "organisation": "Abay Media House"},
        {"display_name": "Kwame Mensah", "sector": "ngo", "organisation": "Volta Basin Network"},
    ],
}


@dataclass
class Cast:
    facilitator: User
    by_party: dict[str, list[User]]

    @property
    def participants(self) -> list[User]:
        return [u for users in self.by_party.values() for u in users]


def cast(dialogue: Dialogue, facilitator: User, per_party: int = 6) -> Cast:
    """Members of `dialogue` (which has parties Northvale and Southmark): `per_party` people each."""
    by_party: dict[str, list[User]] = {}
    for party_name, people in PEOPLE.items():
        party = Party.objects.get(dialogue=dialogue, name=party_name)
        by_party[party_name] = []
        for profile in people[:per_party]:
            username = "u-" + hashlib.sha1(profile["display_name"].encode()).hexdigest()[:10]
            by_party[party_name].append(
                member(dialogue, Role.PARTICIPANT, username=username, party=party, **profile)
            )
    return Cast(facilitator, by_party)


def plenary(session: Session) -> Room:
    return session.rooms.get(kind="plenary")


def post(
    room: Room, author: User, body: str, item: AgendaItem | None = None, *, removal: str = ""
) -> Message:
    seq = (Message.objects.filter(room=room).aggregate(m=Max("seq"))["m"] or 0) + 1
    now = timezone.now()
    msg = Message.build(
        room=room,
        author_id=author.pk,
        seq=seq,
        client_id=uuid.uuid4(),
        body=body,
        agenda_item=item,
        created_at=now,
        removed_at=now if removal else None,
        removal=removal,
    )
    msg.save()
    return msg


def post_many(room: Room, lines: Iterable[tuple[User, str, AgendaItem | None]]) -> None:
    start = (Message.objects.filter(room=room).aggregate(m=Max("seq"))["m"] or 0) + 1
    now = timezone.now()
    Message.objects.bulk_create(
        Message.build(
            room=room,
            author_id=author.pk,
            seq=start + i,
            client_id=uuid.uuid4(),
            body=body,
            agenda_item=item,
            created_at=now,
        )
        for i, (author, body, item) in enumerate(lines)
    )


def capture(
    session: Session, kind: str, text: str, item: AgendaItem | None = None, **extra: Any
) -> CapturedItem:
    return CapturedItem.objects.create(session=session, kind=kind, text=text, agenda_item=item, **extra)


def statement_with_votes(
    session: Session,
    text: str,
    votes: dict[User, int],
    party_of: dict[User, Party | None],
    item: AgendaItem | None = None,
) -> Statement:
    statement = Statement.objects.create(session=session, text=text, agenda_item=item)
    Vote.objects.bulk_create(
        Vote(
            statement=statement,
            voter=hashlib.sha256(f"{session.pk}:{user.pk}".encode()).hexdigest(),
            party=party_of.get(user),
            value=value,
        )
        for user, value in votes.items()
    )
    return statement


def compile_now(session: Session, user: User, django_capture_on_commit_callbacks: Any) -> SummaryVersion:
    """Request a compile and run it (Celery is eager in tests) once the request commits."""
    with django_capture_on_commit_callbacks(execute=True):
        version = services.summary_request(session_id=session.pk, requested_by_id=user.pk)
    version.refresh_from_db()
    return version


def second_facilitator(dialogue: Dialogue) -> User:
    """Another facilitator of `dialogue` (four eyes: approves what the first one edited)."""
    from participants.accounts import stored_username  # the row holds a keyed hash of the login name

    existing = User.objects.filter(
        username=stored_username("cora-second"), memberships__dialogue=dialogue
    ).first()
    if existing is not None:
        return existing
    return member(dialogue, Role.FACILITATOR, username="cora-second", display_name="Cora Second")


def approve_as_second(version: SummaryVersion) -> None:
    """Four eyes in tests: a second facilitator of the dialogue approves `version`."""
    services.summary_approve(version=version, user=second_facilitator(version.session.dialogue))
