"""What redaction and the leak gate return."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    """One reason a text may not be released, with a message the facilitator can act on.

    `key` names the finding independently of where it is: the kind and the flagged words, folded
    ("name_fuzzy:facilitation"). A facilitator's recorded decision ("this is not a participant",
    with a reason) is kept against the key, and `leak_findings(..., dismissed=keys)` leaves such
    findings out, so the decision holds for the next version of the text too.
    """

    kind: str
    text: str
    start: int
    end: int
    message: str
    key: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", finding_key(self.kind, self.text))


def finding_key(kind: str, text: str) -> str:
    """The stable key of a finding of `kind` on `text` (case, accents and spacing do not matter)."""
    from .text import fold, words

    return f"{kind}:{' '.join(words(fold(text)))}"
