"""Writes for summary versions: request a compile, compile (the task's body), edit, approve, release.

Every state change is a conditional UPDATE (compare-and-swap on the status, and on the task id while
compiling), so a redelivered task, a double click or two facilitators at once change a version at most
once. A released version is never written again: a correction is a new version.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext

from core.audit import audit_record
from core.crypto import seal_text
from core.errors import ParleyError
from dialogues import languages
from dialogues.models import Session

from . import lease
from .document import content_hash, normalise_body
from .flags import seal
from .gate import GateFinding, gate_report, title_findings
from .liaison.notify import release_recorded
from .models import ReadBackFlag, SummaryStatus, SummaryVersion

log = logging.getLogger(__name__)

IN_FLIGHT = (SummaryStatus.QUEUED, SummaryStatus.COMPILING)
HAS_BODY = (SummaryStatus.DRAFT, SummaryStatus.APPROVED, SummaryStatus.RELEASED)
# The step after which the test hook PARLEY_SUMMARY_PAUSE_SECONDS pauses a compile (redaction done).
PAUSE_AT_PERCENT = 60


class SummaryError(ParleyError):
    """A refused summary action, with a message for the facilitator."""


class ReleaseRefused(SummaryError):
    """The leak gate found something; `findings` says what and where."""

    def __init__(self, findings: list[GateFinding]) -> None:
        message = f"Release refused: the leak gate found {len(findings)} problem(s)."
        super().__init__("release_refused", message)
        self.findings = findings


class ClaimLost(Exception):
    """Another run finished or took over this version; stop without writing."""


def stale_after() -> timedelta:
    """An in-flight version older than this has lost its task (the broker redelivers sooner)."""
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    return timedelta(seconds=int(visibility) + 600)


def _next_number(session_id: int) -> int:
    # Callers hold the session row lock, so two requests cannot take the same number.
    top = SummaryVersion.objects.filter(session_id=session_id).aggregate(m=Max("number"))["m"]
    return (top or 0) + 1


def _enqueue(version_id: int) -> None:
    _enqueue_as(version_id, None)


def _enqueue_as(version_id: int, task_id: str | None) -> None:
    from kombu.exceptions import OperationalError as BrokerError

    from .tasks import compile_summary

    try:
        if task_id is None:
            compile_summary.delay(version_id)
        else:  # a re-queue names its task, so a second death is recognised (summaries/lease.py)
            compile_summary.apply_async((version_id,), task_id=task_id)
    except BrokerError:
        # The request itself has committed (a session has ended, say): do not fail it, but do not leave
        # a version queued that no worker will ever see either.
        log.exception("summary v%s: the task queue could not be reached", version_id)
        summary_fail(
            version_id=version_id,
            task_id=task_id or "",
            reason="The task queue could not be reached. Compile again.",
        )


def summary_request(*, session_id: int, requested_by_id: int | None, language: str = "") -> SummaryVersion:
    """Queue a compile of the session's summary, or return the one already queued or compiling.

    `language`: compile main points from the interpreters' renderings into it (docs/interpretation.md);
    "" reads every message as it was said. A code the deployment does not read is refused (`invalid`).

    The task is sent after commit, so a worker never looks for a version that is not there yet. A
    compiling version whose lease expired (its worker died: summaries/lease.py), or a queued one older
    than `stale_after()`, lost its task: it is marked failed and replaced.
    """
    if language and not languages.is_supported(language):
        raise ParleyError("invalid", gettext("Summaries cannot be compiled in that language here."))
    with transaction.atomic():
        Session.objects.select_for_update().filter(pk=session_id).get()
        in_flight = SummaryVersion.objects.filter(
            session_id=session_id, status__in=IN_FLIGHT, language=language
        ).order_by("-number")
        cutoff = timezone.now() - stale_after()
        for version in in_flight:
            if (version.claimed_at or version.created_at) > cutoff and not lease.expired(version):
                return version
        in_flight.update(status=SummaryStatus.FAILED, error="The compile did not finish; it was replaced.")
        version = SummaryVersion.objects.create(
            session_id=session_id,
            number=_next_number(session_id),
            status=SummaryStatus.QUEUED,
            progress_note="Waiting for a worker",
            created_by_id=requested_by_id,
            language=language,
        )
        transaction.on_commit(partial(_enqueue, version.pk))
    return version


def queue_after_session_end(session_id: int, user_id: int) -> None:
    """SESSION_ENDED_HOOKS entry: a session that ends gets a draft summary compiled."""
    summary_request(session_id=session_id, requested_by_id=user_id)


def _claim(version_id: int, task_id: str) -> bool:
    """Take the version for this run: if queued, or already compiling under the same task id (the
    broker redelivered the task after its worker died, or the task is retrying)."""
    return bool(
        SummaryVersion.objects.filter(pk=version_id)
        .filter(Q(status=SummaryStatus.QUEUED) | Q(status=SummaryStatus.COMPILING, task_id=task_id))
        .update(
            status=SummaryStatus.COMPILING,
            task_id=task_id,
            claimed_at=timezone.now(),
            progress=0,
            progress_note="Starting",
            error="",
        )
    )


def _mine(version_id: int, task_id: str) -> Q:
    return Q(pk=version_id, status=SummaryStatus.COMPILING, task_id=task_id)


def _progress_writer(version_id: int, task_id: str) -> partial[None]:
    return partial(_write_progress, version_id, task_id, {"paused": False})


def _write_progress(version_id: int, task_id: str, state: dict[str, bool], percent: int, note: str) -> None:
    percent = max(0, min(99, percent))
    if not SummaryVersion.objects.filter(_mine(version_id, task_id)).update(
        progress=percent, progress_note=note[:200]
    ):
        raise ClaimLost
    pause = float(getattr(settings, "PARLEY_SUMMARY_PAUSE_SECONDS", 0) or 0)
    if pause and percent >= PAUSE_AT_PERCENT and not state["paused"]:
        # Test hook only (never set in deployments): holds a compile mid-way so a test can kill the worker.
        state["paused"] = True
        time.sleep(pause)


def summary_compile(*, version_id: int, task_id: str) -> str:
    """Compile a queued version (the Celery task's body). Returns "compiled", "skipped" (someone else
    has or had it) or "superseded" (another run of the same task finished first)."""
    from participants.roster import roster_for_dialogue
    from redaction import build_redactor

    from .notes import with_session_notes
    from .pipeline import compile_body
    from .sources import load_sources

    if not _claim(version_id, task_id):
        return "skipped"
    version = SummaryVersion.objects.select_related("session").get(pk=version_id)
    k = settings.PARLEY_K_ANONYMITY
    progress = _progress_writer(version_id, task_id)
    try:
        with lease.heartbeat(version_id, task_id):
            progress(1, "Reading the session")
            sources = with_session_notes(load_sources(version.session_id, language=version.language))
            redactor = build_redactor(roster_for_dialogue(version.session.dialogue_id), k=k)
            compiled = compile_body(sources, redactor, k=k, progress=progress)
    except ClaimLost:
        return "superseded"
    counts, review = seal(compiled.flags)
    # update() skips the field's pre_save: seal the draft under the dialogue's key here, as a save would.
    scope = version.encryption_scope()
    written = SummaryVersion.objects.filter(_mine(version_id, task_id)).update(
        status=SummaryStatus.DRAFT,
        body=seal_text(scope, compiled.body),
        provenance=compiled.provenance,
        flags=counts,
        review=seal_text(scope, review) if review else "",
        content_hash=content_hash(compiled.body),
        progress=100,
        progress_note="Draft ready",
        compiled_at=timezone.now(),
        error="",
    )
    log.info("summary v%s compiled in %s", version_id, {k: round(v, 2) for k, v in compiled.timings.items()})
    return "compiled" if written else "superseded"


def summary_fail(*, version_id: int, task_id: str, reason: str) -> None:
    """Mark a version failed after a non-transient error or the last retry (never one that finished)."""
    SummaryVersion.objects.filter(
        Q(pk=version_id)
        & (Q(status=SummaryStatus.QUEUED) | Q(status=SummaryStatus.COMPILING, task_id=task_id))
    ).update(status=SummaryStatus.FAILED, error=reason[:500], progress_note="Failed")


class CoverRefused(SummaryError):
    """The cover title the facilitator wrote would not pass the gate; `findings` says why."""

    def __init__(self, findings: list[GateFinding]) -> None:
        super().__init__(
            "cover_refused",
            "The cover title would not pass the leak gate: "
            + "; ".join(f"{f.text!r}: {f.message}" for f in findings),
        )
        self.findings = findings


def summary_edit(
    *, version: SummaryVersion, body: str, user: User, cover_title: str | None = None
) -> SummaryVersion:
    """Save an edit as a new draft version after `version`; the edited version is left as it was.

    `cover_title` (None: keep the edited version's) is checked by the gate as it is written, so a title
    that names someone is refused here rather than at release. An unchanged body and cover create
    nothing and return `version`.
    """
    if version.status not in HAS_BODY:
        raise SummaryError("not_draft", gettext("Only a compiled version can be edited."))
    text = normalise_body(body)
    if not text.strip():
        raise SummaryError("invalid", gettext("The summary cannot be empty."))
    cover = version.cover_title if cover_title is None else " ".join(cover_title.split())[:200]
    if cover != version.cover_title and cover:
        found = title_findings(dialogue_id=version.session.dialogue_id, where="cover title", text=cover)
        if found:
            raise CoverRefused(found)
    digest = content_hash(text)
    if digest == version.content_hash and cover == version.cover_title:
        return version
    with transaction.atomic():
        Session.objects.select_for_update().filter(pk=version.session_id).get()
        return SummaryVersion.objects.create(
            session_id=version.session_id,
            number=_next_number(version.session_id),
            status=SummaryStatus.DRAFT,
            parent=version,
            body=text,
            flags=version.flags,
            review=version.review,
            provenance=version.provenance,
            language=version.language,
            cover_title=cover,
            content_hash=digest,
            progress=100,
            progress_note="Edited",
            compiled_at=timezone.now(),
            created_by=user,
        )


def solo_facilitator(version: SummaryVersion) -> bool:
    """Whether the version's dialogue has one active facilitator only (who may approve alone, saying so)."""
    from dialogues.choices import Role
    from dialogues.models import Membership

    return (
        Membership.objects.filter(
            dialogue_id=version.session.dialogue_id, role=Role.FACILITATOR, is_active=True
        ).count()
        <= 1
    )


def summary_approve(*, version: SummaryVersion, user: User, solo_reason: str = "") -> None:
    """Approve a draft: four eyes. The approver must be a different facilitator from the version's last
    editor (who wrote it, or asked for the compile); a dialogue's only facilitator may approve their own
    version with `solo_reason`, which is recorded and shown with the release."""
    solo_reason = solo_reason.strip()[:1000]
    own = version.created_by_id is not None and version.created_by_id == user.pk
    if own:
        if not solo_facilitator(version):
            raise SummaryError(
                "four_eyes",
                gettext("You edited this version: another facilitator of the dialogue must approve it."),
            )
        if not solo_reason:
            raise SummaryError(
                "four_eyes",
                gettext(
                    "You are the only facilitator and you edited this version: approving it alone needs a "
                    "recorded acknowledgement."
                ),
            )
    if not SummaryVersion.objects.filter(pk=version.pk, status=SummaryStatus.DRAFT).update(
        status=SummaryStatus.APPROVED,
        approved_by=user,
        approved_at=timezone.now(),
        # update() does not call pre_save: seal it under the draft's key here, as save() would.
        solo_reason=seal_text(version.encryption_scope(), solo_reason) if own else "",
    ):
        raise SummaryError("not_draft", gettext("Only a draft can be approved."))


def open_read_back_flags(version: SummaryVersion) -> int:
    """Participants' flags on any version of the session that no facilitator has resolved yet."""
    return ReadBackFlag.objects.filter(
        read_back__version__session_id=version.session_id, resolved_at__isnull=True
    ).count()


def summary_release(*, version: SummaryVersion, user: User) -> None:
    """Release an approved version to the dialogue's liaisons if every gate finding is resolved (by an
    edit, or a recorded decision), the approval was four-eyed (or solo, acknowledged), and every
    read-back flag of the session is resolved.

    Raises ReleaseRefused with the open findings, or SummaryError. The body is checked against its
    stored hash first, so what was checked is what is released.
    """
    version.refresh_from_db()
    if version.status != SummaryStatus.APPROVED:
        raise SummaryError("not_approved", gettext("Only an approved version can be released."))
    if content_hash(version.body) != version.content_hash:
        raise SummaryError(
            "conflict", gettext("This version's text does not match its content hash; it cannot be released.")
        )
    if version.approved_by_id == version.created_by_id and version.created_by_id and not version.solo_reason:
        raise SummaryError(
            "four_eyes", gettext("This version was approved by its own editor; a second facilitator must.")
        )
    flags = open_read_back_flags(version)
    if flags:
        raise SummaryError(
            "read_back_open",
            gettext("%(flags)s read-back flag(s) from participants are not resolved yet.") % {"flags": flags},
        )
    report = gate_report(version)
    if not report.passes:
        raise ReleaseRefused(report.open)
    if not SummaryVersion.objects.filter(
        pk=version.pk, status=SummaryStatus.APPROVED, content_hash=version.content_hash
    ).update(
        status=SummaryStatus.RELEASED,
        released_at=timezone.now(),
        released_by=user,
        # Out from under the dialogue's data key into the key ring: what is released outlives the
        # purge, which destroys that key (docs/data-lifecycle.md). Plain text here is encrypted under the
        # ring; the content hash in the condition makes it the very text that was checked.
        body=version.body,
        review=version.review,
        cover_title=version.cover_title,
        solo_reason=version.solo_reason,
    ):
        raise SummaryError(
            "conflict", gettext("This version changed while it was being checked; look at it again.")
        )
    audit_record(
        "summary.release",
        actor_id=user.pk,
        dialogue_id=version.session.dialogue_id,
        target=f"summary:{version.pk}",
    )
    # The liaisons' link-only email goes out on commit.
    release_recorded(version=version)
    log.info("summary v%s released by user %s", version.pk, user.pk)
