"""Writes for the liaison portal and the handoff log: access records, uptake, and bringing a response
into the next session's agenda. Views and API operations call these after a selector has checked who
may act."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from core.audit import audit_record
from core.errors import ParleyError
from dialogues import agenda
from dialogues.models import AgendaItem, Session

from ..access import ReaderAccess
from ..models import ReleaseAccess, Uptake
from .proposals import Proposal, proposals_of
from .selectors import next_session, release_of

MAX_COMMENT = 5_000
TITLE_MAX = 200  # AgendaItem.title
UPTAKE_TIMEBOX = 15  # minutes; the facilitator adjusts it on the session page


class UptakeError(ParleyError):
    """A refused uptake action; `code` is stable (the API's error code), the message is for people."""


def access_record(*, access: ReaderAccess, kind: str) -> ReleaseAccess | None:
    """Record a liaison's read or download of a released version (every one: the log groups them).

    Facilitators reading their own release are not recorded: the handoff log is about liaison accounts.
    """
    audit_record(
        "summary.read" if kind == ReleaseAccess.Kind.READ else "export.download",
        actor_id=access.membership.user_id,
        dialogue_id=access.membership.dialogue_id,
        target=f"summary:{access.version.pk}",
        detail={"kind": kind},
    )
    if not access.is_liaison:
        return None
    return ReleaseAccess.objects.create(version=access.version, user=access.membership.user, kind=kind)


def uptake_record(*, access: ReaderAccess, proposal_key: str, status: str, comment: str = "") -> Uptake:
    """Append a liaison's response to a proposal of the current release of a session.

    Responses are never edited: a change of mind is a new row, and the newest one counts.
    """
    if not access.is_liaison:
        raise UptakeError(
            "forbidden", gettext("Only the dialogue's liaisons record how proposals were taken up.")
        )
    if status not in Uptake.Status.values:
        raise UptakeError(
            "invalid", gettext("Choose one of: %(join)s.") % {"join": ", ".join(Uptake.Status.values)}
        )
    comment = comment.strip()
    if len(comment) > MAX_COMMENT:
        raise UptakeError(
            "invalid",
            gettext("Keep the comment under %(max_comment)s characters.") % {"max_comment": MAX_COMMENT},
        )
    release = release_of(access.version)
    if not release.is_current:
        raise UptakeError(
            "superseded",
            gettext(
                "Version %(number)s was corrected by version %(number2)s; respond on the current version."
            )
            % {"number": access.version.number, "number2": release.current.number},
        )
    if proposal_key not in {p.key for p in proposals_of(access.version.body)}:
        raise UptakeError("invalid", gettext("That proposal is not in this summary."))
    return Uptake.objects.create(
        version=access.version,
        proposal_key=proposal_key,
        liaison=access.membership.user,
        status=status,
        comment=comment,
    )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _proposal_for(uptake: Uptake) -> Proposal | None:
    for p in proposals_of(uptake.version.body):
        if p.key == uptake.proposal_key:
            return p
    return None


def agenda_item_text(uptake: Uptake, note: str = "") -> tuple[str, str]:
    """The agenda item a response becomes: the proposal as its title, the status as its description, and
    `note`, the facilitator's own words, if any.

    The liaison is not named, and their comment is never copied: the form promises it is "Seen by the
    facilitators of this dialogue", and the agenda is read by participants. What a government said
    reaches participants only as a facilitator chooses to put it.
    """
    proposal = _proposal_for(uptake)
    wording = proposal.plain if proposal else "a proposal"
    title = _shorten(f"Follow-up: {wording}", TITLE_MAX)
    session = uptake.version.session
    description = (
        f"A government liaison recorded “{uptake.get_status_display()}” on this proposal from the summary of "
        f"“{session.title}” (version {uptake.version.number})."
    )
    if note.strip():
        description += f"\n\nFrom the facilitators: {note.strip()[:MAX_COMMENT]}"
    return title, description


def uptake_to_agenda(*, uptake: Uptake, session: Session | None = None, note: str = "") -> AgendaItem:
    """Add a response as an agenda item of the next scheduled session after the summarised one (or of
    `session`, if given), with the facilitator's `note` (their edit of what the liaison said).

    Refused when there is no scheduled session ahead, or when that agenda already has the item (a double
    click adds it once).
    """
    dialogue_id = uptake.version.session.dialogue_id
    target = session or next_session(after=uptake.version.session)
    if target is None or target.dialogue_id != dialogue_id:
        raise UptakeError(
            "no_next_session", gettext("Schedule the next session, then add this to its agenda.")
        )
    title, description = agenda_item_text(uptake, note)
    with transaction.atomic():
        # Lock the session as agenda.item_create does, so two clicks cannot both pass the check.
        Session.objects.select_for_update().filter(pk=target.pk).first()
        # In Python: titles are sealed, so SQL would compare ciphertext.
        if any(item.title == title for item in target.agenda_items.all()):
            raise UptakeError(
                "already_on_agenda",
                gettext("“%(title)s” already has this on its agenda.") % {"title": target.title},
            )
        return agenda.item_create(
            session=target, title=title, description=description, timebox_minutes=UPTAKE_TIMEBOX
        )
