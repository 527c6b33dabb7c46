"""Reads for the console: the captured list, statements with k-safe results, one's own votes, and the
facilitator's speaking balance. Every dict here is what a frame carries; none names an author or voter."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Count, Q
from django.utils import timezone

from core.crypto import dialogue_scope, person_tag
from dialogues.authorship import message_counts_by_author
from dialogues.choices import Role, RoomKind
from dialogues.live.frames import Balance, CaptureRow, GroupLine, PersonBalance, StatementRow
from dialogues.live.identity import identities
from dialogues.models import FloorTurn, Membership, Message, Room, Session

from ..models import CapturedItem, CaptureKind, Statement, Vote

NO_PARTY = "No party"
NO_SECTOR = "Sector not given"


def voter_hash(session_id: int, user_id: int, dialogue_id: int | None = None) -> str:
    """The stored stand-in for a voter: stable per session and person, useless without the dialogue's key.

    It lets a person change their vote and the analysis follow each voter's vector, while the table
    never holds an account id. Per session, so votes in two sessions cannot be joined by the hash, and
    keyed by the dialogue's data key (core.crypto `person_tag`): once the purge destroys it, not even
    the application's secret links a copied vote to a person.
    """
    if dialogue_id is None:
        dialogue_id = Session.objects.values_list("dialogue_id", flat=True).get(pk=session_id)
    return person_tag(dialogue_scope(dialogue_id), user_id, context=f"vote:{session_id}")


def k_min() -> int:
    return int(settings.PARLEY_K_ANONYMITY)


# --- captured outcomes ---------------------------------------------------------------------------------


def captures_state(session_id: int) -> list[CaptureRow]:
    """The session's captured items, oldest first. No author, and no source message: a seq would point
    at the message, and the message at its author."""
    labels = dict(CaptureKind.choices)
    rows = CapturedItem.objects.filter(session_id=session_id, removed_at__isnull=True).order_by(
        "created_at", "id"
    )
    return [
        {
            "id": c.pk,
            "kind": c.kind,
            # The labels are lazy translations now; a frame is encoded to JSON once for the whole room.
            "kind_label": str(labels.get(c.kind, c.kind)),
            "text": c.text,
            "agenda_item": c.agenda_item_id,
            "resolved": c.resolved,
            "carried": c.carried_from_id is not None,
        }
        for c in rows
    ]


# --- statements and votes --------------------------------------------------------------------------------


def statements_state(session_id: int) -> list[StatementRow]:
    """Statements with vote totals; the agree / disagree / pass split only once k people voted.

    Below k, "2 agree, 1 disagrees" in a room of people who can see each other narrows each vote
    down to a person; the total alone says only how many have voted.
    """
    k = k_min()
    rows = (
        Statement.objects.filter(session_id=session_id)
        .annotate(
            n=Count("votes"),
            agree=Count("votes", filter=Q(votes__value=Vote.Value.AGREE)),
            disagree=Count("votes", filter=Q(votes__value=Vote.Value.DISAGREE)),
            passed=Count("votes", filter=Q(votes__value=Vote.Value.PASS)),
        )
        .order_by("created_at", "id")
    )
    out: list[StatementRow] = []
    for number, s in enumerate(rows, start=1):
        shown = s.n >= k
        out.append(
            {
                "id": s.pk,
                "number": number,
                "text": s.text,
                "status": s.status,
                "agenda_item": s.agenda_item_id,
                "votes": s.n,
                "results": {"agree": s.agree, "disagree": s.disagree, "pass": s.passed} if shown else None,
            }
        )
    return out


def my_votes(session_id: int, user_id: int) -> dict[str, int]:
    """The person's own current votes (statement id -> value), for their own socket only."""
    rows = Vote.objects.filter(statement__session_id=session_id, voter=voter_hash(session_id, user_id))
    return {str(sid): value for sid, value in rows.values_list("statement_id", "value")}


# --- speaking balance ------------------------------------------------------------------------------------


def _share(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole else 0.0


def _sector_labels() -> dict[str, str]:
    # Looked up through the app registry: facilitation does not import participants (same layer).
    field = apps.get_model("participants", "Profile")._meta.get_field("sector")
    return {str(value): str(label) for value, label in field.choices or []}


def speaking_balance(room: Room, now: datetime | None = None) -> Balance:
    """Airtime in this room: on-record messages, floor time and turns, per person, party and sector.

    People appear as in the room (member key and name: pseudonyms in a veiled room). A person's row
    carries no party or sector, so those lines are aggregates only; all of it is for the facilitator.
    """
    now = now or timezone.now()
    session = Session.objects.only("dialogue_id").get(pk=room.session_id)
    messages = message_counts_by_author(Message.objects.filter(room=room, removed_at__isnull=True))
    seconds: defaultdict[int, float] = defaultdict(float)
    turns: Counter[int] = Counter()
    for user_id, start, end in FloorTurn.objects.filter(room=room).values_list(
        "user_id", "started_at", "ended_at"
    ):
        seconds[user_id] += max(0.0, ((end or now) - start).total_seconds())
        turns[user_id] += 1
    # Everyone who may speak here counts, silent or not: the silent are what the view is for.
    expected = Membership.objects.filter(
        dialogue_id=session.dialogue_id, is_active=True, role=Role.PARTICIPANT
    )
    if room.kind == RoomKind.BREAKOUT:
        expected = expected.filter(user__breakout_rooms=room)
    party_of = dict(
        Membership.objects.filter(dialogue_id=session.dialogue_id).values_list("user_id", "party__name")
    )
    users = set(expected.values_list("user_id", flat=True)) | set(messages) | set(seconds)
    labels = _sector_labels()
    sector_of = {
        pk: labels.get(sector or "", NO_SECTOR)
        for pk, sector in User.objects.filter(pk__in=users).values_list("pk", "profile__sector")
    }
    people = identities(room.session_id, users)
    total_messages = sum(messages.values())
    total_seconds = sum(seconds.values())

    persons: list[PersonBalance] = []
    parties = _Groups()
    sectors = _Groups()
    for user_id in users:
        who = people.get(user_id)
        if who is None:  # not seated in this session yet; they cannot have spoken either
            continue
        n, secs, t = messages.get(user_id, 0), seconds.get(user_id, 0.0), turns.get(user_id, 0)
        persons.append(
            {
                **who.frame(),
                "messages": n,
                "message_share": _share(n, total_messages),
                "floor_seconds": round(secs),
                "floor_share": _share(secs, total_seconds),
                "turns": t,
            }
        )
        parties.add(party_of.get(user_id) or NO_PARTY, n, secs, t)
        sectors.add(sector_of.get(user_id, NO_SECTOR), n, secs, t)
    persons.sort(key=lambda p: (-p["messages"], -p["floor_seconds"], p["key"]))
    return {
        "room": room.pk,
        "at": now.isoformat(),
        "messages": total_messages,
        "floor_seconds": round(total_seconds),
        "people": persons,
        "parties": [
            {"party": name, **line}
            for name, line in parties.lines(total_messages, total_seconds, last=NO_PARTY)
        ],
        "sectors": [
            {"sector": name, **line}
            for name, line in sectors.lines(total_messages, total_seconds, last=NO_SECTOR)
        ],
    }


class _Groups:
    """Aggregate lines (people, messages, floor time, turns) by a group name."""

    def __init__(self) -> None:
        self.people: Counter[str] = Counter()
        self.messages: Counter[str] = Counter()
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.turns: Counter[str] = Counter()

    def add(self, name: str, messages: int, seconds: float, turns: int) -> None:
        self.people[name] += 1
        self.messages[name] += messages
        self.seconds[name] += seconds
        self.turns[name] += turns

    def lines(self, total_messages: int, total_seconds: float, last: str) -> list[tuple[str, GroupLine]]:
        return [
            (
                name,
                {
                    "people": count,
                    "messages": self.messages[name],
                    "floor_seconds": round(self.seconds[name]),
                    "message_share": _share(self.messages[name], total_messages),
                    "floor_share": _share(self.seconds[name], total_seconds),
                    "turns": self.turns[name],
                },
            )
            for name, count in sorted(self.people.items(), key=lambda kv: (kv[0] == last, kv[0]))
        ]
