"""Rapporteur notes of an in-person session, read into the same sources a room produces.

Format (plain UTF-8 text; docs/summaries.md has a worked example):

    ## Water releases                    an agenda item starts (everything before the first: "General")
    Amina Okafor: Releases must be ...   a contribution by that speaker (a roster person, or Facilitator)
      ... more lines continue it ...
    PROPOSAL: Publish releases weekly.   a captured outcome: PROPOSAL, AGREEMENT, DISAGREEMENT, ACTION
                                         (with "; owner: ...; due: YYYY-MM-DD"), QUESTION
    (blank line)                         ends a contribution

A speaker not on the roster counts as a participant (their words are treated like anyone's and their
name is redacted where it is on the roster) and is reported, so the facilitator can check the notes.
Anything else is an error naming the line, never a traceback.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext

from facilitation.models import CaptureKind

from .sources import AgendaEntry, SourceCapture, SourceMessage, Sources

if TYPE_CHECKING:  # importing redaction loads Presidio and spaCy: the web process reads notes without it
    from redaction import Roster

MAX_BYTES = 2_000_000
FACILITATOR = "facilitator"
OUTCOMES = {
    "PROPOSAL": CaptureKind.PROPOSAL,
    "AGREEMENT": CaptureKind.AGREEMENT,
    "DISAGREEMENT": CaptureKind.DISAGREEMENT,
    "ACTION": CaptureKind.ACTION,
    "QUESTION": CaptureKind.QUESTION,
}
_OUTCOME = re.compile(rf"^({'|'.join(OUTCOMES)})\s*:\s*(.*)$")
_HEADING = re.compile(r"^##\s+(.+?)\s*$")
# A speaker is a short name before the first colon: up to eight words, no sentence punctuation.
_SPEAKER = re.compile(r"^([^\W\d_][^:.!?;\n]{0,80}?)\s*:\s+(\S.*)$")
_SPEAKER_WORDS = 8


class NotesError(ValueError):
    """Notes that cannot be read; the message names the line and says what was expected."""


@dataclass(frozen=True)
class Speaker:
    author_id: int  # a stable id for counting distinct people (never shown)
    participant: bool  # False for the facilitator (and other staff): not in participant counts
    party: str = ""


@dataclass
class ParsedNotes:
    items: list[str] = field(default_factory=list)  # agenda item titles, in order
    messages: list[tuple[int | None, str, str]] = field(default_factory=list)  # (item, speaker, text)
    captures: list[tuple[int | None, str, str]] = field(default_factory=list)  # (item, kind, text)


def decode_notes(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise NotesError(
            gettext("The notes are larger than %(value)s MB; split them by session.")
            % {"value": MAX_BYTES // 1_000_000}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotesError(
            gettext("The notes are not UTF-8 text (byte %(start)s cannot be read).") % {"start": exc.start}
        ) from None
    return text


def parse_notes(text: str) -> ParsedNotes:
    """Read notes into agenda items, contributions and captured outcomes (see the module docstring)."""
    if "\x00" in text:
        raise NotesError(gettext("The notes contain a NUL character: is this a text file?"))
    notes = ParsedNotes()
    item: int | None = None
    speaker = ""
    said: list[str] = []

    def flush() -> None:
        nonlocal speaker
        if speaker and said:
            notes.messages.append((item, speaker, " ".join(said)))
        speaker, said[:] = "", []

    for number, raw in enumerate(unicodedata.normalize("NFC", text).splitlines(), start=1):
        line = raw.strip()
        if not line:
            flush()
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            notes.items.append(heading.group(1))
            item = len(notes.items) - 1
            continue
        outcome = _OUTCOME.match(line)
        if outcome:
            flush()
            if not outcome.group(2).strip():
                raise NotesError(
                    gettext("Line %(number)s: %(group)s: has no text after it.")
                    % {"number": number, "group": outcome.group(1)}
                )
            notes.captures.append((item, OUTCOMES[outcome.group(1)], outcome.group(2).strip()))
            continue
        contribution = _SPEAKER.match(line)
        if contribution and len(contribution.group(1).split()) <= _SPEAKER_WORDS:
            flush()
            speaker, said[:] = contribution.group(1).strip(), [contribution.group(2).strip()]
            continue
        if speaker:
            said.append(line)  # a contribution runs on until a blank line
            continue
        raise NotesError(
            gettext(
                "Line %(number)s: expected 'Name: what they said', a '## ' agenda heading or an "
                "outcome line (PROPOSAL:, AGREEMENT:, DISAGREEMENT:, ACTION:, QUESTION:), got %(line)s."
            )
            % {"number": number, "line": f"{line[:60]!r}"}
        )
    flush()
    if not notes.messages and not notes.captures:
        raise NotesError(gettext("The notes hold no contribution and no outcome."))
    return notes


def notes_sources(
    notes: ParsedNotes,
    resolve: Callable[[str], Speaker | None],
    *,
    base: Sources | None = None,
) -> Sources:
    """Sources from parsed notes, added to `base` (a session's own sources) or on their own.

    `resolve(name)` finds a roster person (None: unknown). "Facilitator" is always the facilitator.
    Agenda items match the base's by title (case-insensitive); others are added after them.
    """
    sources = base or Sources(
        session_id=0, dialogue_id=0, agenda=[], messages=[], captures=[], statements=[], votes=[]
    )
    by_title = {entry.title.casefold(): entry.id for entry in sources.agenda}
    next_id = min([0, *by_title.values()]) - 1
    item_ids: list[int] = []
    for title in notes.items:
        if title.casefold() not in by_title:
            sources.agenda.append(AgendaEntry(next_id, title))
            by_title[title.casefold()] = next_id
            next_id -= 1
        item_ids.append(by_title[title.casefold()])

    def key(item: int | None) -> int | None:
        return None if item is None else item_ids[item]

    party_of = dict(sources.party_of)
    participants = set(sources.participant_ids)
    unknown: dict[str, int] = {}
    next_author = min([0, *party_of, *participants]) - 1_000_000
    for item, name, text in notes.messages:
        if name.casefold() == FACILITATOR:
            author = -1
        else:
            found = resolve(name)
            if found is None:
                if name.casefold() not in unknown:
                    unknown[name.casefold()] = next_author - len(unknown)
                    sources.unknown_speakers = (*sources.unknown_speakers, name)
                author = unknown[name.casefold()]
                participants.add(author)
            else:
                author = found.author_id
                party_of.setdefault(author, found.party)
                if found.participant:
                    participants.add(author)
        sources.messages.append(SourceMessage(text, author, key(item)))
    for item, kind, text in notes.captures:
        sources.captures.append(SourceCapture(kind, text, key(item), False))
    sources.party_of = party_of
    sources.participant_ids = frozenset(participants)
    return sources


_TOKEN = re.compile(r"[^\W\d_]+")


def _tokens(text: str) -> frozenset[str]:
    return frozenset(t.casefold() for t in _TOKEN.findall(text))


def name_resolver(people: list[tuple[list[str], Speaker]]) -> Callable[[str], Speaker | None]:
    """A speaker lookup over (names, speaker) pairs: an exact name or alias (any case) first, else the
    one person whose name holds every word given ("Okafor", "Dr Amina Okafor"). Ambiguous is unknown."""
    exact: dict[str, Speaker] = {}
    for names, speaker in people:
        for name in names:
            exact.setdefault(" ".join(name.split()).casefold(), speaker)

    def resolve(name: str) -> Speaker | None:
        found = exact.get(" ".join(name.split()).casefold())
        if found is not None:
            return found
        words = _tokens(name) - {"dr", "mr", "mrs", "ms", "prof", "professor", "ambassador", "minister"}
        if not words:
            return None
        matches = {id(s): s for names, s in people if any(words <= _tokens(n) for n in names)}
        return next(iter(matches.values())) if len(matches) == 1 else None

    return resolve


def roster_resolver(roster: Roster) -> Callable[[str], Speaker | None]:
    """Speakers of a ROSTER.json (as for `manage.py redact`): everyone on it is a participant."""
    return name_resolver(
        [
            ([p.name, *p.aliases], Speaker(author_id=index, participant=True, party=p.party))
            for index, p in enumerate(roster.people, start=1)
        ]
    )


def with_session_notes(sources: Sources) -> Sources:
    """A session's sources plus its newest rapporteur notes, if any (speakers matched to members)."""
    from dialogues.choices import Role
    from dialogues.models import Membership

    from .models import RapporteurNotes

    uploaded = RapporteurNotes.objects.filter(session_id=sources.session_id).first()
    if uploaded is None:
        return sources
    people: list[tuple[list[str], Speaker]] = []
    for user_id, role, party, username, display, first, last in Membership.objects.filter(
        dialogue_id=sources.dialogue_id
    ).values_list(
        "user_id",
        "role",
        "party__name",
        "user__account__login_name",  # sealed (participants/accounts.py): auth_user holds a hash
        "user__profile__display_name",
        "user__account__full_name",
        "user__last_name",  # blank since sealing; full_name above holds both
    ):
        names = [n for n in (display, username, f"{first} {last}".strip()) if n]
        people.append((names, Speaker(user_id, role == Role.PARTICIPANT, party or "")))
    return notes_sources(parse_notes(uploaded.text), name_resolver(people), base=sources)
