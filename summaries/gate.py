"""The leak gate applied to a summary version: what release checks, and what the draft page previews.

Everything a released export shows as text is checked: the cover title (the dialogue's title unless the
facilitator wrote one), the session title and the body as edited. It fails closed: a finding holds the
release until it is resolved, either by an edit that removes it, or by a facilitator's recorded decision
(who, when, why) that the text may stand ("The facilitation team" is not a person). Decisions are shown
to whoever approves, and they hold only for the exact text they were made on.

Small counts of people ("two participants", "3 voters") are findings too: no count below k anywhere.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.models import User
from django.utils.translation import gettext

from core.audit import audit_record
from core.errors import ParleyError

from .models import GateDecision, SummaryVersion

MAX_REASON = 1000
_PEOPLE = r"(?:participants?|people|persons?|members?|voters?|delegates?|contributors?|speakers?|officials?)"
_NUMBERS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


@dataclass(frozen=True)
class GateFinding:
    where: str  # "summary", "cover title" or "session title"
    kind: str
    text: str
    message: str
    line: int  # 1-based line of the body (0 for titles)

    @property
    def key(self) -> str:
        """Stable across versions for the same finding on the same text (what a decision is keyed by)."""
        raw = f"{self.kind}\x1f{self.where}\x1f{self.text.casefold()}"
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class GateReport:
    """Findings split into those still open and those a recorded decision lets stand."""

    open: list[GateFinding]
    decided: list[tuple[GateFinding, GateDecision]]

    @property
    def passes(self) -> bool:
        return not self.open


@lru_cache(maxsize=8)
def _small_count(k: int) -> re.Pattern[str]:
    words = "|".join(_NUMBERS[: k - 1]) if k > 1 else "(?!)"
    digits = "|".join(str(n) for n in range(1, k)) or "(?!)"
    return re.compile(
        rf"\b(?:{words}|{digits}|a single|only one|a pair of|a couple of)\s+(?:of\s+the\s+)?"
        rf"(?:\w+\s+)?{_PEOPLE}\b",
        re.IGNORECASE,
    )


def small_counts(text: str, k: int) -> list[tuple[str, int]]:
    """(matched text, offset) of every count of people below k ("two participants", "3 voters")."""
    return [(m.group(), m.start()) for m in _small_count(k).finditer(text)]


def cover_title(version: SummaryVersion) -> str:
    return version.cover_title or version.session.dialogue.title


def title_findings(*, dialogue_id: int, where: str, text: str) -> list[GateFinding]:
    """The gate on one title-like text of a dialogue (cover title, session title)."""
    from participants.roster import roster_for_dialogue
    from redaction import leak_findings

    k = settings.PARLEY_K_ANONYMITY
    roster = roster_for_dialogue(dialogue_id)
    found = [GateFinding(where, f.kind, f.text, f.message, 0) for f in leak_findings(text, roster, k)]
    found += [
        GateFinding(where, "small_count", t, _SMALL_MESSAGE.format(k=k), 0) for t, _ in small_counts(text, k)
    ]
    return found


# Findings a human must judge in running text (a capitalised word near a cue) are not refusals for a
# name written on a form: the title and party names are checked for what the gate can tell for sure.
_WORDING_IGNORED = {"unknown_name", "self_identifying"}


def dialogue_wording_problems(dialogue_id: int, title: str, parties: list[str]) -> list[tuple[str, str]]:
    """The leak gate on a dialogue's title and party names as they are written (registered with
    `dialogues.services.WORDING_CHECKS`): (form field, problem in words) for each finding."""
    texts = [("title", gettext("The title"), title)] + [
        ("parties", gettext("The party name “%(name)s”") % {"name": name}, name) for name in parties
    ]
    out: list[tuple[str, str]] = []
    for field, what, text in texts:
        for f in title_findings(dialogue_id=dialogue_id, where=field, text=text):
            if f.kind not in _WORDING_IGNORED:
                out.append((field, gettext("%(what)s: %(problem)s") % {"what": what, "problem": f.message}))
    return out


_SMALL_MESSAGE = (
    'A count of fewer than {k} people points at individuals: say "several participants", or leave the '
    "number out."
)


def release_findings(version: SummaryVersion) -> list[GateFinding]:
    """Every finding in what `version` would release (decided or not); an empty list is a clean pass."""
    from participants.roster import roster_for_dialogue
    from redaction import leak_findings

    session = version.session
    roster = roster_for_dialogue(session.dialogue_id)
    k = settings.PARLEY_K_ANONYMITY
    out: list[GateFinding] = []
    for where, text in (("cover title", cover_title(version)), ("session title", session.title)):
        out += [GateFinding(where, f.kind, f.text, f.message, 0) for f in leak_findings(text, roster, k)]
        out += [
            GateFinding(where, "small_count", t, _SMALL_MESSAGE.format(k=k), 0)
            for t, _ in small_counts(text, k)
        ]
    body = version.body or ""
    for f in leak_findings(body, roster, k):
        out.append(GateFinding("summary", f.kind, f.text, f.message, body.count("\n", 0, f.start) + 1))
    for text, start in small_counts(body, k):
        out.append(
            GateFinding(
                "summary", "small_count", text, _SMALL_MESSAGE.format(k=k), body.count("\n", 0, start) + 1
            )
        )
    return out


def gate_report(version: SummaryVersion) -> GateReport:
    """The findings of `version`, each either open or let stand by a recorded decision."""
    findings = release_findings(version)
    decisions = {
        d.key: d
        for d in GateDecision.objects.filter(session_id=version.session_id).select_related("decided_by")
    }
    report = GateReport(open=[], decided=[])
    for finding in findings:
        decision = decisions.get(finding.key)
        if decision is None:
            report.open.append(finding)
        else:
            report.decided.append((finding, decision))
    return report


def gate_decide(*, version: SummaryVersion, key: str, reason: str, user: User) -> GateDecision:
    """Record that an open finding of `version` may stand, and why. Refused for a released version,
    a finding that is not there, or an empty reason."""
    from .models import SummaryStatus

    reason = reason.strip()
    if version.status == SummaryStatus.RELEASED:
        raise ParleyError(
            "released", gettext("A released version does not change; edit it to make a new version.")
        )
    if not reason:
        raise ParleyError("invalid", gettext("Say why this text may stand: the approver reads it."))
    if len(reason) > MAX_REASON:
        raise ParleyError(
            "invalid",
            gettext("Keep the reason under %(max_reason)s characters.") % {"max_reason": MAX_REASON},
        )
    finding = next((f for f in gate_report(version).open if f.key == key), None)
    if finding is None:
        raise ParleyError("not_found", gettext("That finding is not open in this version."))
    decision, _ = GateDecision.objects.get_or_create(
        session_id=version.session_id,
        key=key,
        defaults={
            "version": version,
            "kind": finding.kind,
            "where": finding.where,
            "text": finding.text,
            "reason": reason,
            "decided_by": user,
        },
    )
    audit_record(
        "gate.decision",
        actor_id=user.pk,
        dialogue_id=version.session.dialogue_id,
        target=f"summary:{version.pk}",
        detail={"decision": decision.pk, "kind": finding.kind},
    )
    return decision
