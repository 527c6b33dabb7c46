"""The labeled corpus: parsing the inline labels and scoring a redactor against them.

Label format (documented in corpus/README.md): `[[K:text]]` marks `text` as kind K, where K is
P (roster person), O (roster organisation), R (roster role), C (roster contact: email, phone, handle),
X (other personal data) or D (a decoy that must be kept). One chat message per line; lines starting
with "#" and blank lines are ignored.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from redaction import Redactor, Roster, roster_from_json

CORPUS = Path(__file__).resolve().parent / "corpus"
ROSTER_KINDS = frozenset("PORC")
_LABEL = re.compile(r"\[\[([PORCXD]):(.+?)\]\]")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Label:
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Message:
    text: str
    labels: tuple[Label, ...]


@dataclass(frozen=True)
class Transcript:
    name: str
    roster: Roster
    messages: tuple[Message, ...]


def parse_line(line: str) -> Message:
    plain: list[str] = []
    labels: list[Label] = []
    position = 0
    cursor = 0
    for m in _LABEL.finditer(line):
        plain.append(line[cursor : m.start()])
        position += m.start() - cursor
        labels.append(Label(m.group(1), position, position + len(m.group(2))))
        plain.append(m.group(2))
        position += len(m.group(2))
        cursor = m.end()
    plain.append(line[cursor:])
    text = "".join(plain)
    assert "[[" not in text and "]]" not in text, f"unbalanced label in: {line!r}"
    return Message(text, tuple(labels))


def load_corpus() -> list[Transcript]:
    transcripts = []
    for path in sorted(CORPUS.glob("*.txt")):
        roster = roster_from_json(json.loads(path.with_suffix(".roster.json").read_text(encoding="utf-8")))
        lines = path.read_text(encoding="utf-8").splitlines()
        messages = tuple(parse_line(line) for line in lines if line.strip() and not line.startswith("#"))
        transcripts.append(Transcript(path.stem, roster, messages))
    return transcripts


@dataclass
class Score:
    roster_tokens: int = 0
    roster_hit: int = 0
    other_tokens: int = 0
    other_hit: int = 0
    plain_tokens: int = 0
    plain_hit: int = 0
    decoys: int = 0
    decoys_kept: int = 0
    missed: list[str] = field(default_factory=list)
    over: list[str] = field(default_factory=list)
    lost_decoys: list[str] = field(default_factory=list)

    @property
    def roster_recall(self) -> float:
        return self.roster_hit / self.roster_tokens if self.roster_tokens else 1.0

    @property
    def other_recall(self) -> float:
        return self.other_hit / self.other_tokens if self.other_tokens else 1.0

    @property
    def over_redaction(self) -> float:
        return self.plain_hit / self.plain_tokens if self.plain_tokens else 0.0

    @property
    def decoy_retention(self) -> float:
        return self.decoys_kept / self.decoys if self.decoys else 1.0


def apply_spans(text: str, spans: list[tuple[int, int, str]]) -> str:
    """What the redacted text must be if only the reported spans were replaced."""
    out, cursor = [], 0
    for start, end, kind in sorted(spans):
        out += [text[cursor:start], f"[{kind}]"]
        cursor = end
    return "".join([*out, text[cursor:]])


def score(redactor: Redactor, transcript: Transcript, into: Score) -> list[str]:
    """Score one transcript into `into`; returns the redacted messages."""
    redacted = []
    for message in transcript.messages:
        result = redactor.redact(message.text)
        spans = [(s.start, s.end, s.kind) for s in result.spans]
        assert result.text == apply_spans(message.text, spans), "output differs from the reported spans"
        redacted.append(result.text)
        mask = [False] * len(message.text)
        for start, end, _ in spans:
            mask[start:end] = [True] * (end - start)
        owner = [""] * len(message.text)
        for label in message.labels:
            owner[label.start : label.end] = [label.kind] * (label.end - label.start)
        for m in _WORD.finditer(message.text):
            kinds = set(owner[m.start() : m.end()])
            hit = all(mask[m.start() : m.end()])
            where = f"{transcript.name}: {m.group()!r} in {message.text!r}"
            if kinds & ROSTER_KINDS:
                into.roster_tokens += 1
                into.roster_hit += hit
                if not hit:
                    into.missed.append(where)
            elif "X" in kinds:
                into.other_tokens += 1
                into.other_hit += hit
                if not hit:
                    into.missed.append("other PII " + where)
            else:
                into.plain_tokens += 1
                into.plain_hit += any(mask[m.start() : m.end()])
                if any(mask[m.start() : m.end()]):
                    into.over.append(where)
        for label in message.labels:
            if label.kind == "D":
                into.decoys += 1
                kept = not any(mask[label.start : label.end])
                into.decoys_kept += kept
                if not kept:
                    into.lost_decoys.append(f"{transcript.name}: {message.text[label.start : label.end]!r}")
    return redacted
