"""Redaction of criticism for the facilitator's report, and the leak gate a release must pass.

Both use the dialogue's redaction roster (participants.roster), built when needed, so a member who
joined yesterday is covered today. The redactor is cached per roster (redaction.build_redactor).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from participants.roster import roster_for_dialogue
from redaction import build_redactor, leak_findings


def redactor_for(dialogue_id: int) -> Callable[[str], str]:
    redactor = build_redactor(roster_for_dialogue(dialogue_id), k=int(settings.PARLEY_K_ANONYMITY))
    return lambda text: redactor.redact(text).text


@dataclass(frozen=True)
class GateFinding:
    where: str  # "title" or "clause N"
    kind: str
    text: str
    message: str


def release_findings(dialogue_id: int, title: str, clauses: list[str]) -> list[GateFinding]:
    """Every reason the text may not be released; an empty list is the only pass (no override)."""
    roster = roster_for_dialogue(dialogue_id)
    k = int(settings.PARLEY_K_ANONYMITY)
    out = [GateFinding("title", f.kind, f.text, f.message) for f in leak_findings(title, roster, k)]
    for number, clause in enumerate(clauses, start=1):
        out += [
            GateFinding(f"clause {number}", f.kind, f.text, f.message)
            for f in leak_findings(clause, roster, k)
        ]
    return out
