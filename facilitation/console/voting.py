"""Statements put up for an anonymous agree / disagree / pass vote.

Participants vote; observers only watch; facilitators stay neutral and do not vote. A vote is stored
under `voter_hash(session, user)`, never the account, and voting again replaces the earlier vote.
Rooms hear `statements` (totals, and the split once k people voted); only the voter's own socket
hears `my_votes`.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from core.errors import ParleyError
from dialogues import events
from dialogues.access import access_room
from dialogues.choices import Role

from ..access import statement_in_room
from ..models import Statement, Vote
from .coalesce import Coalescer
from .selectors import k_min, my_votes, statements_state, voter_hash

MAX_STATEMENT_CHARS = 280
MAX_STATEMENTS_PER_SESSION = 200


# Votes come in bursts: one `statements` frame per half second and session carries them all.
ANNOUNCE_DELAY_SECONDS = 0.5


def _broadcast_statements(session_id: int) -> None:
    events.session_broadcast(session_id, events.statements(statements_state(session_id), k_min=k_min()))


_statements_announcer = Coalescer(_broadcast_statements, ANNOUNCE_DELAY_SECONDS)


def announce_statements(session_id: int) -> None:
    _statements_announcer.request(session_id)


def statement_propose(*, user_id: int, room_id: int, text: str) -> Statement:
    """Put a statement up for a vote: the facilitator, or participants when the session allows it."""
    access = access_room(user_id, room_id, speak=True)
    if not access.is_facilitator and not access.session.participants_may_propose:
        raise ParleyError("forbidden", gettext("Only the facilitator puts statements up in this session."))
    body = " ".join(text.split())
    if not body:
        raise ParleyError("invalid", gettext("A statement needs some text."))
    if len(body) > MAX_STATEMENT_CHARS:
        raise ParleyError(
            "too_long",
            gettext("Statements are limited to %(max_statement_chars)s characters.")
            % {"max_statement_chars": MAX_STATEMENT_CHARS},
        )
    session_id = access.session.pk
    with transaction.atomic():
        if Statement.objects.filter(session_id=session_id).count() >= MAX_STATEMENTS_PER_SESSION:
            raise ParleyError(
                "invalid",
                gettext("A session holds at most %(max_statements_per_session)s statements.")
                % {"max_statements_per_session": MAX_STATEMENTS_PER_SESSION},
            )
        statement = Statement(
            session=access.session, agenda_item_id=access.session.current_item_id, text=body
        )
        statement.proposed_by_id = user_id  # sealed under the dialogue's key, never a foreign key
        statement.save()
        transaction.on_commit(lambda: announce_statements(session_id))
    return statement


def statement_close(*, user_id: int, room_id: int, statement_id: int) -> None:
    """Close voting on a statement; its results stay (and feed the common-ground analysis)."""
    access = access_room(user_id, room_id, facilitator=True)
    session_id = access.session.pk
    with transaction.atomic():
        statement = statement_in_room(access, statement_id, lock=True)
        if statement.status == Statement.Status.CLOSED:
            raise ParleyError("invalid", gettext("Voting on that statement has already closed."))
        statement.status, statement.closed_at = Statement.Status.CLOSED, timezone.now()
        statement.save(update_fields=["status", "closed_at"])
        transaction.on_commit(lambda: announce_statements(session_id))


def statement_remove(*, user_id: int, room_id: int, statement_id: int) -> None:
    """Take a statement down with its votes (a proposal that identifies someone, a duplicate)."""
    access = access_room(user_id, room_id, facilitator=True)
    session_id = access.session.pk
    with transaction.atomic():
        statement_in_room(access, statement_id, lock=True).delete()
        transaction.on_commit(lambda: announce_statements(session_id))


def vote_cast(*, user_id: int, room_id: int, statement_id: int, value: int) -> dict[str, int]:
    """Record or change the person's vote; returns their own votes (for their socket only)."""
    access = access_room(user_id, room_id, speak=True)
    if access.membership.role != Role.PARTICIPANT:
        raise ParleyError("forbidden", gettext("Facilitators stay neutral: only participants vote."))
    if value not in Vote.Value.values:
        raise ParleyError("invalid", gettext("`value` must be 1 (agree), -1 (disagree) or 0 (pass)."))
    session_id = access.session.pk
    with transaction.atomic():
        # Locked so that a vote and the statement's closing cannot interleave.
        statement = statement_in_room(access, statement_id, lock=True)
        if statement.status != Statement.Status.OPEN:
            raise ParleyError(
                "invalid", gettext("Voting on this statement has closed; your vote was not recorded.")
            )
        voter = voter_hash(session_id, user_id, access.session.dialogue_id)
        fields = {"value": value, "party_id": access.membership.party_id}
        try:
            with transaction.atomic():
                Vote.objects.update_or_create(statement=statement, voter=voter, defaults=fields)
        except IntegrityError:  # the same person's first vote raced in from another tab
            Vote.objects.filter(statement=statement, voter=voter).update(**fields)
        transaction.on_commit(lambda: announce_statements(session_id))
    return my_votes(session_id, user_id)
