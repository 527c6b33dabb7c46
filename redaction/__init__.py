"""Redaction and the leak gate for Chatham House summaries.

Public API (see docs/redaction.md):

    roster_from_json(data) -> Roster          # ROSTER.json document; RosterError on bad input
    build_redactor(roster, *, k=None) -> Redactor
    Redactor.redact(text) -> RedactionResult  # .text, .spans, .flags
    leak_findings(text, roster, k) -> list[LeakFinding]
"""

from __future__ import annotations

import os

# Presidio's email recognizer builds a tldextract extractor at import time, which fetches the
# public suffix list unless told not to: set before any submodule imports Presidio, so this holds
# outside Django settings too (management commands, scripts, workers).
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

from .gate import leak_findings
from .redactor import Redactor, build_redactor
from .results import Flag, LeakFinding, RedactedSpan, RedactionResult
from .roster import Roster, RosterError, RosterPerson, roster_from_json

__all__ = [
    "Flag",
    "LeakFinding",
    "RedactedSpan",
    "RedactionResult",
    "Redactor",
    "Roster",
    "RosterError",
    "RosterPerson",
    "build_redactor",
    "leak_findings",
    "roster_from_json",
]
