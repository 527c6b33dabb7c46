"""The people who run or watch a session are named by role ("the facilitator"), never "[participant]".

Redaction replaces every roster name with "[participant]". For a facilitator that changes the meaning:
"Fiona to circulate a draft" is an action the facilitation team took on, and "[participant] to circulate
a draft" reads as if a delegate had. Facilitators and observers are not protected by the Rule in the same
way (their role is public to everyone in the room), so a redacted span that names one of them, and no
participant, becomes their role. A span that could be either stays a placeholder: when in doubt, the
participant's protection wins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from redaction import RedactionResult

from .sources import StaffName

_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
# Honorifics and titles that may come with a name in a redacted span; they say nothing about who it is.
_TITLES = frozenset(
    "mr mrs ms miss mx dr prof professor sir madam dame lord lady ambassador minister ato h e his her "
    "excellency the".split()
)


def _tokens(text: str) -> frozenset[str]:
    return frozenset(t.casefold() for t in _TOKEN.findall(text)) - _TITLES


@lru_cache(maxsize=64)
def _index(
    staff: tuple[StaffName, ...], participants: tuple[str, ...]
) -> tuple[tuple[tuple[frozenset[str], str], ...], tuple[frozenset[str], ...]]:
    return (
        tuple((_tokens(s.name), s.role) for s in staff if _tokens(s.name)),
        tuple(_tokens(p) for p in participants),
    )


def role_of(span_text: str, staff: tuple[StaffName, ...], participants: tuple[str, ...]) -> str | None:
    """The role phrase of the staff member `span_text` names, or None (a participant, or unsure)."""
    words = _tokens(span_text)
    if not words:
        return None
    staff_index, participant_index = _index(staff, participants)
    roles = {role for names, role in staff_index if words <= names}
    if len(roles) != 1 or any(words & names for names in participant_index):
        return None
    return roles.pop()


def name_roles(
    original: str, result: RedactionResult, staff: tuple[StaffName, ...], participants: Sequence[str]
) -> str:
    """`result.text`, with each participant placeholder that stands for a facilitator or observer
    replaced by their role. Falls back to `result.text` unchanged if the spans do not rebuild it."""
    if not staff or not result.spans:
        return result.text
    people = tuple(participants)
    out: list[str] = []
    plain: list[str] = []
    cursor = 0
    changed = False
    for span in sorted(result.spans, key=lambda s: s.start):
        if span.start < cursor:
            return result.text
        gap = original[cursor : span.start]
        out.append(gap)
        plain.append(gap)
        role = role_of(span.text, staff, people) if span.kind == "participant" else None
        if role:
            changed = True
            # A sentence that starts with the name starts with the role, capitalised.
            at_start = not "".join(out).strip() or "".join(out).rstrip().endswith((".", "!", "?", "\n"))
            out.append(role[0].upper() + role[1:] if at_start else role)
        else:
            out.append(span.placeholder)
        plain.append(span.placeholder)
        cursor = span.end
    out.append(original[cursor:])
    plain.append(original[cursor:])
    if not changed or "".join(plain) != result.text:
        return result.text
    return "".join(out)
