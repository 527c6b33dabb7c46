"""The leak gate applied to a summary version: what release checks, and what the draft page previews.

Everything a released export shows as text is checked: the dialogue title, the session title and the
body as edited. It fails closed: any finding refuses the release, and there is no override.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from .models import SummaryVersion


@dataclass(frozen=True)
class GateFinding:
    where: str  # "summary", "dialogue title" or "session title"
    kind: str
    text: str
    message: str
    line: int  # 1-based line of the body (0 for titles)


def release_findings(version: SummaryVersion) -> list[GateFinding]:
    """Every reason `version` may not be released; an empty list is the only pass."""
    from participants.roster import roster_for_dialogue
    from redaction import leak_findings

    session = version.session
    roster = roster_for_dialogue(session.dialogue_id)
    k = settings.PARLEY_K_ANONYMITY
    out: list[GateFinding] = []
    for where, text in (("dialogue title", session.dialogue.title), ("session title", session.title)):
        out += [GateFinding(where, f.kind, f.text, f.message, 0) for f in leak_findings(text, roster, k)]
    body = version.body or ""
    for f in leak_findings(body, roster, k):
        out.append(GateFinding("summary", f.kind, f.text, f.message, body.count("\n", 0, f.start) + 1))
    return out
