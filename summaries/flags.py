"""The facilitator's review list: sentences redaction flagged, encrypted at rest, shown for review.

A flag carries a sentence and a reason quoting it, which can hold a name that is not on the roster
("Karimov said ..."). So the list in full goes in `SummaryVersion.review`, an encrypted field (rotated
with the others by `rotate_field_keys`); the plain JSON column `flags` keeps only each flag's kind and
whether its sentence is in the draft, for counting.

Sentences are shown as redacted, the way they can appear in the draft, so the facilitator can find
and fix them; flagged sentences that did not make it into the draft are kept, after the others.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # importing the redaction package loads Presidio and spaCy: only the compile needs it
    from redaction import Flag, Redactor

MAX_FLAGS = 1000
MIN_FRAGMENT = 20
KIND_LABELS = {
    "self_identifying": "Self-identifying",
    "unknown_name": "Possible name not on the roster",
    "descriptor": "Descriptor that may break the k rule",
    "unknown_speaker": "Speaker not on the roster",
}


@dataclass(frozen=True)
class ReviewFlag:
    kind: str
    reason: str
    sentence: str
    source: str  # message, captured item, statement, agenda item title
    section: str
    in_draft: bool

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind.replace("_", " ").capitalize())


class FlagCollector:
    """Collects redaction flags during a compile; `finish(body)` redacts and orders them."""

    def __init__(self, redactor: Redactor, pseudonyms: Sequence[str] = ()) -> None:
        self._redactor = redactor
        self._pseudonyms = tuple(pseudonyms)
        self._raw: dict[tuple[str, str], tuple[str, str, str]] = {}

    def add(self, flags: Iterable[Flag], *, source: str, section: str) -> None:
        for flag in flags:
            self._raw.setdefault((flag.kind, flag.sentence), (flag.reason, source, section))

    def _clean(self, text: str) -> str:
        from .scrub import scrub_pseudonyms

        return scrub_pseudonyms(self._redactor.redact(text).text, self._pseudonyms)

    def finish(self, body: str) -> list[dict[str, Any]]:
        """Plain flag dicts (kind, reason, sentence, source, section, in_draft), in-draft ones first."""
        out = []
        for (kind, sentence), (reason, source, section) in self._raw.items():
            shown = self._clean(sentence)
            out.append(
                {
                    "kind": kind,
                    "reason": self._clean(reason),
                    "sentence": shown,
                    "source": source,
                    "section": section,
                    "in_draft": appears_in(shown, body),
                }
            )
        out.sort(key=lambda f: not f["in_draft"])
        return out[:MAX_FLAGS]


_ESCAPE = re.compile(r"\\(?=[^\w\s])")
_FRAGMENT_BREAK = re.compile(r"\n|\*\([^()\n]*\)\*|\*\*|^\s*[-+*]\s+", re.MULTILINE)


def _norm(text: str) -> str:
    return " ".join(_ESCAPE.sub("", text).split()).casefold()


def appears_in(sentence: str, body: str) -> bool:
    """Whether a flagged sentence (or a sentence of it that became a main point) is in `body`."""
    needle = _norm(sentence)
    if not needle:
        return False
    if needle in _norm(body):
        return True
    for fragment in _FRAGMENT_BREAK.split(body):
        piece = _norm(fragment).strip(" :")
        if len(piece) >= MIN_FRAGMENT and piece in needle:
            return True
    return False


def seal(flags: Iterable[dict[str, Any]]) -> tuple[list[dict[str, Any]], str]:
    """What a version stores: `flags` (kind and in_draft only, in clear) and `review` (everything, as
    JSON text for the encrypted field)."""
    flags = list(flags)
    counts = [{"kind": f["kind"], "in_draft": bool(f["in_draft"])} for f in flags]
    detail = [{k: f[k] for k in ("kind", "reason", "sentence", "source", "section")} for f in flags]
    return counts, json.dumps(detail, ensure_ascii=False) if detail else ""


def unseal(review: str, body: str | None = None) -> list[ReviewFlag]:
    """The stored review list, readable. With `body`, whether each sentence is in the draft is
    recomputed against it (an edited version keeps its parent's flags, and the edit may have removed
    or kept the sentence)."""
    try:
        entries = json.loads(review) if review else []
    except ValueError:
        entries = []
    flags: list[ReviewFlag] = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        sentence = str(entry.get("sentence", ""))
        flags.append(
            ReviewFlag(
                kind=str(entry.get("kind", "")),
                reason=str(entry.get("reason", "")),
                sentence=sentence,
                source=str(entry.get("source", "")),
                section=str(entry.get("section", "")),
                in_draft=appears_in(sentence, body) if body is not None else True,
            )
        )
    flags.sort(key=lambda f: not f.in_draft)
    return flags
