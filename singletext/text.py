"""The single text itself, without Django: clauses, bracketed alternatives, the word diff between two
versions and which brackets a revision resolved.

A text is a list of clauses, numbered from 1 in order. A clause may hold bracketed alternatives, the
negotiator's notation for language not yet agreed: `[option A / option B]`, or `[text]` for one
contested phrase. Brackets do not nest. The facilitator writes one clause per line; a leading "1." or
"(1)" is the clause's number and is dropped (numbers are always the position).
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass

from django.utils.translation import gettext

MAX_CLAUSES = 200
MAX_CLAUSE_CHARS = 4000
MAX_TITLE_CHARS = 200

_NUMBER = re.compile(r"^\s*(?:\(?\d{1,3}[.)]|\d{1,3}\s*[:-])\s+")
_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_WORD = re.compile(r"\s+|\w+|[^\w\s]")
# Options are separated by a slash standing alone ("and/or" inside an option stays one word).
_SLASH = re.compile(r"(?<!\S)/(?!\S)")


class TextError(ValueError):
    """Text the facilitator must correct, with a message saying where and why."""


@dataclass(frozen=True)
class Bracket:
    """One bracketed passage of a clause: its options (one for a single contested phrase)."""

    raw: str  # as written, with the brackets
    options: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {"raw": self.raw, "options": list(self.options)}


@dataclass(frozen=True)
class Resolution:
    """A bracket of the previous version that the new version no longer holds."""

    clause: int  # its number in the previous version
    bracket: Bracket
    chosen: str | None  # the option the new clause kept, or None when it was reworded or dropped

    def as_dict(self) -> dict[str, object]:
        return {"clause": self.clause, "bracket": self.bracket.raw, "chosen": self.chosen}


def _check_brackets(clause: str, number: int) -> None:
    depth = 0
    for char in clause:
        if char == "[":
            depth += 1
            if depth > 1:
                raise TextError(gettext("Clause %(number)s: brackets cannot be nested.") % {"number": number})
        elif char == "]":
            depth -= 1
            if depth < 0:
                raise TextError(
                    gettext("Clause %(number)s: a ']' closes a bracket that was never opened.")
                    % {"number": number}
                )
    if depth:
        raise TextError(gettext("Clause %(number)s: a '[' is never closed.") % {"number": number})


def brackets(clause: str) -> list[Bracket]:
    """The bracketed passages of a clause, in order."""
    out = []
    for match in _BRACKET.finditer(clause):
        options = tuple(o.strip() for o in _SLASH.split(match.group(1)))
        out.append(Bracket(raw=match.group(0), options=options))
    return out


def parse_clauses(source: str) -> list[str]:
    """The clauses written one per line (blank lines ignored), checked; TextError says what to fix."""
    if not isinstance(source, str):
        raise TextError(gettext("The text must be a string."))
    clauses = []
    for line in source.replace("\r\n", "\n").split("\n"):
        clause = " ".join(_NUMBER.sub("", line, count=1).split())
        if clause:
            clauses.append(clause)
    if not clauses:
        raise TextError(gettext("A text needs at least one clause: write one clause per line."))
    if len(clauses) > MAX_CLAUSES:
        raise TextError(
            gettext("A text holds at most %(max_clauses)s clauses.") % {"max_clauses": MAX_CLAUSES}
        )
    for number, clause in enumerate(clauses, start=1):
        if len(clause) > MAX_CLAUSE_CHARS:
            raise TextError(
                gettext("Clause %(number)s is longer than %(max_clause_chars)s characters.")
                % {"number": number, "max_clause_chars": MAX_CLAUSE_CHARS}
            )
        if any(0xD800 <= ord(c) <= 0xDFFF for c in clause):
            raise TextError(
                gettext("Clause %(number)s holds characters that are not valid text.") % {"number": number}
            )
        _check_brackets(clause, number)
        for bracket in brackets(clause):
            if any(not option for option in bracket.options):
                raise TextError(
                    gettext("Clause %(number)s: the bracket %(raw)s has an empty option.")
                    % {"number": number, "raw": bracket.raw}
                )
    return clauses


def as_source(clauses: list[str]) -> str:
    """Clauses as the facilitator edits them: one per line."""
    return "\n".join(clauses)


def open_brackets(clauses: list[str]) -> int:
    return sum(len(brackets(c)) for c in clauses)


def resolved_brackets(previous: list[str], current: list[str]) -> list[Resolution]:
    """Brackets of `previous` that `current` no longer holds, clause by clause (by number).

    A bracket counts as resolved when its exact text is gone from the clause of the same number; the
    option whose words now stand in that clause (outside any bracket) is the one chosen.
    """
    out = []
    for number, old in enumerate(previous, start=1):
        new = current[number - 1] if number <= len(current) else ""
        unbracketed = _BRACKET.sub(" ", new)
        for bracket in brackets(old):
            if bracket.raw in new:
                continue
            kept = [o for o in bracket.options if o and _contains_words(unbracketed, o)]
            chosen = max(kept, key=len) if kept else None
            out.append(Resolution(clause=number, bracket=bracket, chosen=chosen))
    return out


def _contains_words(text: str, phrase: str) -> bool:
    pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, phrase.split())) + r"(?!\w)"
    return re.search(pattern, text) is not None


def word_diff_html(old: str, new: str) -> str:
    """`new` against `old`, word by word, as HTML: removed words in <del>, added words in <ins>."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(html.escape("".join(b[j1:j2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{html.escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{html.escape(''.join(b[j1:j2]))}</ins>")
    return "".join(parts)


@dataclass(frozen=True)
class ClauseDiff:
    number: int | None  # in the new version; None for a clause the new version dropped
    previous_number: int | None
    html: str
    changed: bool


def diff_versions(previous: list[str], current: list[str]) -> list[ClauseDiff]:
    """Clause by clause: unchanged, reworded (word diff), added or dropped.

    Clauses are aligned by their text (a clause inserted in the middle does not make every later one
    look rewritten), and pairs of nearby clauses that changed are diffed word by word.
    """
    out: list[ClauseDiff] = []
    matcher = difflib.SequenceMatcher(a=previous, b=current, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                out.append(ClauseDiff(j1 + k + 1, i1 + k + 1, html.escape(current[j1 + k]), False))
            continue
        old, new = previous[i1:i2], current[j1:j2]
        for k in range(max(len(old), len(new))):
            if k < len(old) and k < len(new):
                out.append(ClauseDiff(j1 + k + 1, i1 + k + 1, word_diff_html(old[k], new[k]), True))
            elif k < len(new):
                out.append(ClauseDiff(j1 + k + 1, None, f"<ins>{html.escape(new[k])}</ins>", True))
            else:
                out.append(ClauseDiff(None, i1 + k + 1, f"<del>{html.escape(old[k])}</del>", True))
    return out
