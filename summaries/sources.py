"""What a compile reads from the database: everything said on the record, and nothing else.

Sources are on-the-record messages of every room of the session (plenary and breakouts) that were not
withdrawn or retracted and were posted once the session had started (not while it was still
Scheduled: those are people trying the room out), captured items that were not removed, statements
and their votes; never the facilitators' channel. Off-the-record
messages are never stored, so they cannot be read here. Author ids are kept only to count distinct
people; they never reach the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.crypto import person_open
from dialogues.authorship import written_by_any
from dialogues.choices import Role, RoomKind
from dialogues.models import AgendaItem, Membership, Message, MessageRendering, Party, Pseudonym, Session
from facilitation.models import CapturedItem, Statement, Vote

GENERAL = None  # the agenda key of what was said outside any agenda item
# Rooms whose messages a summary reads: an allow-list, so a room of any other kind (the facilitators'
# channel) is left out by construction.
SAID_IN = (RoomKind.PLENARY, RoomKind.BREAKOUT)


@dataclass(frozen=True)
class AgendaEntry:
    id: int
    title: str


@dataclass(frozen=True)
class SourceMessage:
    text: str
    author_id: int
    item_id: int | None
    id: int = 0  # the Message row (0 for rapporteur notes): only for the facilitator's provenance list
    # Compiled in a language (docs/interpretation.md): the text is an interpreter's rendering of a message
    # said in this language ("" when not detected); None: the text is as it was said.
    rendered_from: str | None = None


@dataclass(frozen=True)
class SourceCapture:
    kind: str
    text: str
    item_id: int | None
    resolved: bool


@dataclass(frozen=True)
class SourceStatement:
    id: int
    text: str
    item_id: int | None


@dataclass(frozen=True)
class SourceVote:
    voter: str  # the keyed hash stored on the vote, never an account id
    statement_id: int
    value: int
    party: str  # "" when the voter has no party


@dataclass(frozen=True)
class StaffName:
    name: str
    role: str  # "the facilitator", "an observer"


@dataclass
class Sources:
    session_id: int
    dialogue_id: int
    agenda: list[AgendaEntry]
    messages: list[SourceMessage]
    captures: list[SourceCapture]
    statements: list[SourceStatement]
    votes: list[SourceVote]
    # Party name per author id, for "participants from different parties"; "" for no party.
    party_of: dict[int, str] = field(default_factory=dict)
    # Authors who took part as participants (not facilitators), for the participation counts.
    participant_ids: frozenset[int] = frozenset()
    parties: tuple[str, ...] = ()
    pseudonyms: tuple[str, ...] = ()
    # How the people who run or watch the session are named in a summary ("the facilitator"), by the
    # names they are known by; see `staff.py`. Participants' names stay placeholders.
    staff: tuple[StaffName, ...] = ()
    participant_names: tuple[str, ...] = ()
    # Unknown speakers of rapporteur notes (counted as participants, flagged for the facilitator).
    unknown_speakers: tuple[str, ...] = ()


ROLE_NAMES: dict[str, str] = {Role.FACILITATOR: "the facilitator", Role.OBSERVER: "an observer"}


def load_sources(session_id: int, language: str = "") -> Sources:
    """Read one session's sources. Messages come in time order across rooms.

    With a `language`, a message with an interpreter's rendering into it is read as that rendering
    (already in the language: as said). Interpreters' own messages are never read.
    """
    session = Session.objects.only("id", "dialogue_id", "started_at").get(pk=session_id)
    agenda = [
        AgendaEntry(item.pk, item.title)
        for item in AgendaItem.objects.filter(session_id=session_id).order_by("position", "id")
    ]
    known_items = {entry.id for entry in agenda}

    def item_key(item_id: int | None) -> int | None:
        return item_id if item_id in known_items else GENERAL

    # The room and its breakouts only: the facilitators' channel never reaches a summary.
    said = Message.objects.filter(
        room__session_id=session_id, room__kind__in=SAID_IN, removed_at__isnull=True
    )
    if session.started_at is not None:
        said = said.filter(created_at__gte=session.started_at)
    interpreters = Membership.objects.filter(dialogue_id=session.dialogue_id, role=Role.INTERPRETER)
    said = said.exclude(written_by_any(session.dialogue_id, interpreters.values_list("user_id", flat=True)))
    rendered: dict[int, str] = {}
    if language:
        renderings = MessageRendering.objects.filter(message__in=said, language=language)
        rendered = dict(renderings.values_list("message_id", "text"))
    rows = said.order_by("created_at", "room_id", "seq").values_list(
        "body", "author_tag", "author_seal", "agenda_item_id", "pk", "language"
    )
    messages = []
    for body, tag, seal, item, pk, spoken in rows.iterator(2000):
        author = person_open(tag, seal)  # a dict look-up after each person's first message
        rendering = rendered.get(pk) if spoken != language else None
        if rendering is None:
            messages.append(SourceMessage(body, author, item_key(item), pk))
        else:
            messages.append(SourceMessage(rendering, author, item_key(item), pk, rendered_from=spoken))
    captures = [
        SourceCapture(kind, text, item_key(item), resolved)
        for kind, text, item, resolved in CapturedItem.objects.filter(
            session_id=session_id, removed_at__isnull=True
        )
        .order_by("created_at", "id")
        .values_list("kind", "text", "agenda_item_id", "resolved")
    ]
    statements = [
        SourceStatement(pk, text, item_key(item))
        for pk, text, item in Statement.objects.filter(session_id=session_id)
        .order_by("created_at", "id")
        .values_list("pk", "text", "agenda_item_id")
    ]
    votes = [
        SourceVote(voter, statement, value, party or "")
        for voter, statement, value, party in Vote.objects.filter(statement__session_id=session_id)
        .order_by("statement_id", "voter")
        .values_list("voter", "statement_id", "value", "party__name")
    ]
    memberships = list(
        Membership.objects.filter(dialogue_id=session.dialogue_id).values_list(
            "user_id", "role", "party__name", "user__account__login_name", "user__profile__display_name"
        )
    )
    party_of = {user: party or "" for user, _, party, _, _ in memberships}
    participant_ids = frozenset(user for user, role, _, _, _ in memberships if role == Role.PARTICIPANT)
    staff = tuple(
        StaffName(name, ROLE_NAMES[role])
        for _, role, _, username, display in memberships
        if role in ROLE_NAMES
        for name in (display, username)
        if name
    )
    participant_names = tuple(
        name
        for _, role, _, username, display in memberships
        if role not in ROLE_NAMES
        for name in (display, username)
        if name
    )
    # Sorted in Python: party names are sealed, so SQL would order ciphertext.
    parties = tuple(
        sorted(Party.objects.filter(dialogue_id=session.dialogue_id).values_list("name", flat=True))
    )
    pseudonyms = tuple(Pseudonym.objects.filter(session_id=session_id).values_list("label", flat=True))
    return Sources(
        session_id=session_id,
        dialogue_id=session.dialogue_id,
        agenda=agenda,
        messages=messages,
        captures=captures,
        statements=statements,
        votes=votes,
        party_of=party_of,
        participant_ids=participant_ids,
        parties=parties,
        pseudonyms=pseudonyms,
        staff=staff,
        participant_names=participant_names,
    )
