"""Writes: texts and versions, rounds and ratings, the package vote, release and uptake.

Each service owns its transaction, locks the text row so that two facilitators (or a rating and a
round's close) cannot interleave, appends an audit entry, and sends frames and email on commit.
Services take access objects: their callers went through `singletext.access`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from core.audit import audit_record
from core.crypto import dialogue_scope, seal_text
from core.errors import ParleyError

from . import notify
from . import text as textlib
from .access import ReleaseAccess, TextAccess
from .confidential import release_findings
from .models import (
    AuditEntry,
    Ballot,
    Clause,
    ClauseUptake,
    PackageVote,
    Rating,
    Round,
    SingleText,
    TextRelease,
    TextVersion,
)
from .selectors import (
    acceptance_profile,
    clauses_of,
    is_open,
    k_min,
    latest_round,
    latest_version,
    person_hash,
)

MAX_CRITICISM = 2000
MAX_NOTE = 4000
MAX_COMMENT = 2000
MAX_ROUND_DAYS = 60
MIN_ROUND_MINUTES = 5


def _audit(text: SingleText, kind: str, actor: User | None, detail: str = "") -> None:
    AuditEntry.objects.create(text=text, kind=kind, actor=actor, detail=detail)
    # Also in the dialogue's tamper-evident chain (core.audit), by ids only.
    audit_record(
        f"single_text.{kind}",
        actor_id=actor.pk if actor is not None else None,
        dialogue_id=text.dialogue_id,
        target=f"single_text:{text.pk}",
        detail={"note": detail[:200]} if detail else None,
    )


def _on_commit_tell(text_id: int, event: str) -> None:
    transaction.on_commit(partial(notify.participants_told, text_id, event))


def _clauses(source: str) -> list[str]:
    try:
        return textlib.parse_clauses(source)
    except textlib.TextError as exc:
        raise ParleyError("invalid", str(exc)) from exc


def _title(title: str) -> str:
    clean = " ".join(str(title).split())
    if not clean:
        raise ParleyError("invalid", gettext("A text needs a title."))
    if len(clean) > textlib.MAX_TITLE_CHARS:
        raise ParleyError(
            "invalid",
            gettext("Titles are limited to %(max_title_chars)s characters.")
            % {"max_title_chars": textlib.MAX_TITLE_CHARS},
        )
    return clean


def _note(note: str) -> str:
    note = str(note or "").strip()
    if len(note) > MAX_NOTE:
        raise ParleyError(
            "invalid", gettext("The note is limited to %(max_note)s characters.") % {"max_note": MAX_NOTE}
        )
    return note


def _add_version(text: SingleText, user: User, clauses: list[str], note: str) -> TextVersion:
    current = latest_version(text)
    number = (current.number if current is not None else 0) + 1
    version = TextVersion.objects.create(text=text, number=number, note=note, created_by=user)
    Clause.objects.bulk_create(
        [Clause(version=version, number=n, body=body) for n, body in enumerate(clauses, start=1)]
    )
    _audit(text, AuditEntry.Kind.VERSION, user, f"version {number}, {len(clauses)} clauses")
    return version


def text_create(*, dialogue_id: int, user: User, title: str, source: str, note: str = "") -> SingleText:
    """A new text with its first version (the caller checked `access_text_creation`)."""
    clean, clauses, note = _title(title), _clauses(source), _note(note)
    with transaction.atomic():
        text = SingleText.objects.create(dialogue_id=dialogue_id, title=clean, created_by=user)
        _audit(text, AuditEntry.Kind.CREATED, user)
        _add_version(text, user, clauses, note)
        _on_commit_tell(text.pk, "version")
    return text


def _locked(access: TextAccess) -> SingleText:
    return SingleText.objects.select_for_update().get(pk=access.text.pk)


def _settle(text: SingleText) -> Round | None:
    """Close the latest round formally if its deadline has passed (it stopped taking ratings then)."""
    round_ = latest_round(text)
    if round_ is not None and round_.closed_at is None and not is_open(round_):
        round_.closed_at = round_.deadline
        round_.save(update_fields=["closed_at"])
        _audit(text, AuditEntry.Kind.ROUND_CLOSED, None, f"round {round_.number}, deadline passed")
        _on_commit_tell(text.pk, "round_closed")
    return round_


def rounds_close_due() -> int:
    """Close every round whose deadline has passed (the beat task): the audit entry and the room
    notice come at the deadline, not when someone next acts on the text. Returns how many closed."""
    due = list(
        Round.objects.filter(closed_at__isnull=True, deadline__lte=timezone.now()).values_list(
            "text_id", flat=True
        )
    )
    closed = 0
    for text_id in due:
        with transaction.atomic():
            text = SingleText.objects.select_for_update().filter(pk=text_id).first()
            if text is None:
                continue
            round_ = latest_round(text)
            was_open = round_ is not None and round_.closed_at is None
            settled = _settle(text)
            closed += int(was_open and settled is not None and settled.closed_at is not None)
    return closed


def _not_agreed_yet(text: SingleText) -> None:
    if text.status == SingleText.Status.AGREED:
        raise ParleyError(
            "conflict", gettext("This text was agreed ad referendum; it is no longer revised or rated.")
        )


def version_create(*, access: TextAccess, user: User, source: str, note: str = "") -> TextVersion:
    """The facilitator's next version. Not while a round or the package vote is open on the current
    one: the parties would be rating a text that has already changed."""
    clauses, note = _clauses(source), _note(note)
    with transaction.atomic():
        text = _locked(access)
        _not_agreed_yet(text)
        if is_open(_settle(text)):
            raise ParleyError("conflict", gettext("Close the open round before you draft the next version."))
        if text.package_votes.filter(closed_at__isnull=True).exists():
            raise ParleyError(
                "conflict", gettext("Close the package vote before you draft the next version.")
            )
        current = latest_version(text)
        assert current is not None  # every text is created with its first version
        if clauses == clauses_of(current):
            raise ParleyError("invalid", gettext("The new version is the same as the current one."))
        version = _add_version(text, user, clauses, note)
        if text.status != SingleText.Status.DRAFTING:
            text.status = SingleText.Status.DRAFTING
            text.save(update_fields=["status"])
        _on_commit_tell(text.pk, "version")
    return version


def round_open(*, access: TextAccess, user: User, deadline: datetime) -> Round:
    """Open a round of criticism on the current version until `deadline`."""
    now = timezone.now()
    if timezone.is_naive(deadline):
        raise ParleyError("invalid", gettext("The deadline needs a time zone."))
    if deadline < now + timedelta(minutes=MIN_ROUND_MINUTES):
        raise ParleyError(
            "invalid",
            gettext("The deadline must be at least %(min_round_minutes)s minutes from now.")
            % {"min_round_minutes": MIN_ROUND_MINUTES},
        )
    if deadline > now + timedelta(days=MAX_ROUND_DAYS):
        raise ParleyError(
            "invalid",
            gettext("A round lasts at most %(max_round_days)s days.") % {"max_round_days": MAX_ROUND_DAYS},
        )
    with transaction.atomic():
        text = _locked(access)
        _not_agreed_yet(text)
        previous = _settle(text)
        if is_open(previous):
            raise ParleyError("conflict", gettext("A round is already open on this text."))
        if text.package_votes.filter(closed_at__isnull=True).exists():
            raise ParleyError("conflict", gettext("The package vote is open; close it before another round."))
        version = latest_version(text)
        assert version is not None  # every text is created with its first version
        round_ = Round.objects.create(
            text=text, version=version, number=(previous.number if previous else 0) + 1, deadline=deadline
        )
        _audit(text, AuditEntry.Kind.ROUND_OPENED, user, f"round {round_.number} on version {version.number}")
        _on_commit_tell(text.pk, "round_opened")
    return round_


def round_close(*, access: TextAccess, user: User) -> Round:
    with transaction.atomic():
        text = _locked(access)
        round_ = latest_round(text)
        if round_ is None or round_.closed_at is not None:
            raise ParleyError("conflict", gettext("There is no open round on this text."))
        if not is_open(round_):
            _settle(text)
        else:
            round_.closed_at = timezone.now()
            round_.save(update_fields=["closed_at"])
            _audit(text, AuditEntry.Kind.ROUND_CLOSED, user, f"round {round_.number}, closed early")
        _on_commit_tell(text.pk, "round_closed")
    return round_


def ratings_save(*, access: TextAccess, user: User, ratings: dict[int, tuple[str, str]]) -> int:
    """Record or replace the participant's ratings (clause number -> (value, criticism)) in the open
    round; returns how many were saved. Clauses left out keep any earlier rating."""
    if not ratings:
        raise ParleyError("invalid", gettext("Rate at least one clause."))
    for number, (value, criticism) in ratings.items():
        if value not in Rating.Value.values:
            raise ParleyError(
                "invalid",
                gettext("Clause %(number)s: choose acceptable, can live with or cannot accept.")
                % {"number": number},
            )
        if len(criticism) > MAX_CRITICISM:
            raise ParleyError(
                "invalid",
                gettext("Clause %(number)s: criticism is limited to %(max_criticism)s characters.")
                % {"number": number, "max_criticism": MAX_CRITICISM},
            )
        if any(0xD800 <= ord(c) <= 0xDFFF for c in criticism):
            raise ParleyError(
                "invalid",
                gettext("Clause %(number)s: the criticism holds characters that are not text.")
                % {"number": number},
            )
    with transaction.atomic():
        # Locked so that a rating and the round's close cannot interleave.
        text = _locked(access)
        round_ = latest_round(text)
        if not is_open(round_):
            raise ParleyError(
                "conflict", gettext("No round is open on this text; your ratings were not recorded.")
            )
        assert round_ is not None
        clauses = {c.number: c for c in Clause.objects.filter(version=round_.version)}
        unknown = sorted(set(ratings) - set(clauses))
        if unknown:
            raise ParleyError(
                "invalid", gettext("The current version has no clause %(unknown)s.") % {"unknown": unknown[0]}
            )
        rater = person_hash("round", round_.pk, user.pk)
        party_id = access.membership.party_id
        scope = dialogue_scope(text.dialogue_id)
        for number, (value, criticism) in ratings.items():
            # Sealed here, as a save would, for the update() below that skips the field's pre_save.
            said = criticism.strip()
            fields = {
                "value": value,
                "criticism": seal_text(scope, said) if said else "",
                "party_id": party_id,
                "round": round_,
            }
            try:
                with transaction.atomic():
                    Rating.objects.update_or_create(clause=clauses[number], rater=rater, defaults=fields)
            except IntegrityError:  # the same person's first rating raced in from another tab
                Rating.objects.filter(clause=clauses[number], rater=rater).update(**fields)
    return len(ratings)


def vote_open(*, access: TextAccess, user: User) -> PackageVote:
    """A package vote on the current version as a whole."""
    with transaction.atomic():
        text = _locked(access)
        _not_agreed_yet(text)
        if is_open(_settle(text)):
            raise ParleyError("conflict", gettext("Close the open round before the package vote."))
        if text.package_votes.filter(closed_at__isnull=True).exists():
            raise ParleyError("conflict", gettext("The package vote is already open."))
        version = latest_version(text)
        assert version is not None
        vote = PackageVote.objects.create(text=text, version=version)
        _audit(text, AuditEntry.Kind.VOTE_OPENED, user, f"on version {version.number}")
        _on_commit_tell(text.pk, "vote_opened")
    return vote


def ballot_cast(*, access: TextAccess, user: User, accept: bool) -> None:
    with transaction.atomic():
        text = _locked(access)
        vote = text.package_votes.filter(closed_at__isnull=True).first()
        if vote is None:
            raise ParleyError(
                "conflict", gettext("No package vote is open on this text; your vote was not recorded.")
            )
        Ballot.objects.update_or_create(
            vote=vote, voter=person_hash("vote", vote.pk, user.pk), defaults={"accept": bool(accept)}
        )


def vote_close(*, access: TextAccess, user: User) -> PackageVote:
    """Close the vote and decide: agreed ad referendum when at least k people voted and none rejected
    the package; not agreed when someone rejected it; no result below k votes (counts of fewer people
    would tell who voted how)."""
    with transaction.atomic():
        text = _locked(access)
        vote = text.package_votes.filter(closed_at__isnull=True).select_related("version").first()
        if vote is None:
            raise ParleyError("conflict", gettext("There is no open package vote on this text."))
        ballots = list(vote.ballots.values_list("accept", flat=True))
        accepted, rejected = sum(ballots), len(ballots) - sum(ballots)
        if len(ballots) < k_min():
            vote.result = PackageVote.Result.TOO_FEW
        else:
            vote.result = PackageVote.Result.AGREED if rejected == 0 else PackageVote.Result.NOT_AGREED
            vote.accepted, vote.rejected = accepted, rejected
        vote.closed_at = timezone.now()
        vote.save(update_fields=["result", "accepted", "rejected", "closed_at"])
        if vote.result == PackageVote.Result.AGREED:
            text.status = SingleText.Status.AGREED
        elif vote.result == PackageVote.Result.NOT_AGREED:
            text.status = SingleText.Status.NOT_AGREED
        text.save(update_fields=["status"])
        _audit(text, AuditEntry.Kind.VOTE_CLOSED, user, f"version {vote.version.number}: {vote.result}")
        _on_commit_tell(text.pk, "vote_closed")
    return vote


def text_release(*, access: TextAccess, user: User) -> TextRelease:
    """Release the current version (the agreed one, if agreed) with its acceptance profile, after the
    leak gate; any finding refuses the release and is recorded in the audit trail."""
    with transaction.atomic():
        text = _locked(access)
        version = latest_version(text)
        assert version is not None
        findings = release_findings(text.dialogue_id, text.title, clauses_of(version))
        if findings:
            where = ", ".join(sorted({f.where for f in findings}))
            _audit(text, AuditEntry.Kind.RELEASE_REFUSED, user, f"version {version.number}: {where}"[:200])
            refused = ParleyError(
                "release_refused",
                gettext(
                    "The leak gate found %(len)s problem(s) in: %(where)s. Revise the text, then release."
                )
                % {"len": len(findings), "where": where},
            )
            refused.findings = findings  # type: ignore[attr-defined]
        else:
            refused = None
    if refused is not None:  # the audit entry above is kept; nothing else was written
        raise refused
    with transaction.atomic():
        text = _locked(access)
        if latest_version(text) != version:
            raise ParleyError("conflict", gettext("The text changed while you released it; look again."))
        if text.releases.filter(version=version).exists():
            raise ParleyError("released", gettext("This version has already been released."))
        release = TextRelease.objects.create(
            text=text,
            version=version,
            agreed=text.status == SingleText.Status.AGREED,
            profile=acceptance_profile(version),
            released_by=user,
        )
        # What liaisons read outlives the purge, which destroys the dialogue's data key: the title, the
        # note and the clauses move under the key ring (plain text in update() is encrypted there).
        SingleText.objects.filter(pk=text.pk).update(title=text.title)
        TextVersion.objects.filter(pk=version.pk).update(note=version.note)
        for clause in Clause.objects.filter(version=version):
            Clause.objects.filter(pk=clause.pk).update(body=clause.body)
        _audit(text, AuditEntry.Kind.RELEASED, user, f"version {version.number}, release {release.pk}")
        transaction.on_commit(partial(notify.liaisons_told, release.pk))
    return release


def release_read(*, access: ReleaseAccess, user: User) -> None:
    """A liaison's read goes into the audit trail (the facilitator must know who read what)."""
    if access.is_liaison:
        _audit(access.release.text, AuditEntry.Kind.READ, user, f"release {access.release.pk}")


def uptake_record(
    *, access: ReleaseAccess, user: User, clause: int, status: str, comment: str = ""
) -> ClauseUptake:
    numbers = set(access.release.version.clauses.values_list("number", flat=True))
    if clause not in numbers:
        raise ParleyError("invalid", gettext("The released text has no such clause."))
    if status not in ClauseUptake.Status.values:
        raise ParleyError("invalid", gettext("Choose noted, under consideration, taken forward or declined."))
    comment = str(comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise ParleyError(
            "invalid",
            gettext("Comments are limited to %(max_comment)s characters.") % {"max_comment": MAX_COMMENT},
        )
    with transaction.atomic():
        row = ClauseUptake.objects.create(
            release=access.release, clause=clause, liaison=user, status=status, comment=comment
        )
        _audit(
            access.release.text, AuditEntry.Kind.UPTAKE, user, f"release {access.release.pk}, clause {clause}"
        )
    return row


def export_recorded(*, access: TextAccess, user: User, fmt: str) -> None:
    _audit(access.text, AuditEntry.Kind.EXPORTED, user, fmt)


def release_downloaded(*, access: ReleaseAccess, user: User, fmt: str) -> None:
    _audit(access.release.text, AuditEntry.Kind.EXPORTED, user, f"release {access.release.pk}, {fmt}")
