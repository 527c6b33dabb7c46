"""Action items as officials need them: what, who (a role, never a person) and by when.

A captured action item (or a rapporteur's `ACTION:` line) may carry its owner and due date after the
action, separated by `;` or `|`: "Circulate the monitoring protocol; owner: the secretariat; due:
2026-12-15". The line in the summary reads "Circulate the monitoring protocol *(owner: the secretariat;
due 15 December 2026)*", and says so when either is missing, so the facilitator sees what to fill in.
The owner goes through the same redaction as everything else: a person's name becomes a placeholder, a
facilitator's their role.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from .document import inline

_FIELD = re.compile(r"\s*[;|]\s*(owner|lead|due|by)\s*:\s*", re.IGNORECASE)
NO_OWNER = "owner to be agreed"
NO_DUE = "no due date"


def split_action(text: str) -> tuple[str, str, str]:
    """(action, owner, due) of an action item's text; owner and due are "" when not given."""
    parts = _FIELD.split(text)
    action, owner, due = parts[0].strip(), "", ""
    for name, value in zip(parts[1::2], parts[2::2], strict=False):
        if name.casefold() in ("owner", "lead"):
            owner = value.strip()
        else:
            due = value.strip()
    return action, owner, due


def due_in_words(due: str) -> str:
    """An ISO date as words ("15 December 2026"); anything else as written."""
    try:
        day = date.fromisoformat(due)
    except ValueError:
        return due
    return f"{day.day} {day:%B %Y}"


def action_line(text: str, *, clean: Callable[[str], str], done: bool = False) -> str:
    """The Markdown of one action item; `clean` redacts a piece of text."""
    action, owner, due = split_action(text)
    who = f"owner: {inline(clean(owner))}" if owner else NO_OWNER
    when = f"due {inline(due_in_words(due))}" if due else NO_DUE
    return f"{inline(clean(action))} *({'done; ' if done else ''}{who}; {when})*"
