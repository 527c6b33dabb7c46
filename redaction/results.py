"""What redaction and the leak gate return."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RedactedSpan:
    """A replaced span of the *original* text. `text` is what was removed: keep it out of logs."""

    start: int
    end: int
    kind: str  # participant, organisation, role, email, phone, contact, url, account, ip-address
    text: str

    @property
    def placeholder(self) -> str:
        return f"[{self.kind}]"


@dataclass(frozen=True)
class Flag:
    """A sentence for the facilitator to review: neither silently kept nor silently removed."""

    kind: str  # self_identifying | unknown_name | descriptor
    reason: str
    sentence: str  # from the original text
    start: int  # offsets of the trigger in the original text
    end: int


@dataclass(frozen=True)
class RedactionResult:
    text: str
    spans: tuple[RedactedSpan, ...]
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class LeakFinding:
    """One reason a text may not be released, with a message the facilitator can act on."""

    kind: str
    text: str
    start: int
    end: int
    message: str
