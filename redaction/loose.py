"""The second look at words the exact lookup did not match: other scripts and spelling families.

Two cases, both reported as fuzzy participant matches (the gate calls them `name_fuzzy`):

- **Romanised words** (the original was Arabic, Hebrew, Hangul, Cyrillic...): a run of up to four
  such words whose consonant skeleton equals the skeleton of a roster name form ("محمد عباس" →
  "mhmd abas" → "mhmt aps" = Mohammed Abbas). Skeletons of three consonants or more only.
- **Latin spelling variants** ("Youssef" for a roster "Yusuf", "Husayn" for "Hussein"): one
  capitalised word, not an English dictionary word, whose skeleton or Metaphone key (jellyfish)
  equals a roster name's, and which still looks like it (same first sound, similar letters).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import jellyfish
from rapidfuzz import fuzz

from .spelling import REPEATS as _REPEATS
from .spelling import is_dictionary_word, loose_key, tokens_key
from .text import SYLLABIC as _SYLLABIC

_MAX_RUN = 4
_MIN_KEY = 3
_MIN_SIMILARITY = 60.0  # rapidfuzz ratio: Yusuf/Youssef 67, Mohammed/Muhammad 75, Dmitri/Dmitry 83


def _is_foreign(text: str, start: int) -> bool:
    """The word at `start` was written in a non-Latin script (romanised by the folding)."""
    ch = text[start : start + 1]
    return ch.isalpha() and ord(ch) > 0x24F


class LooseIndex:
    """Skeleton and phonetic keys of a roster's participant name forms."""

    def __init__(self, forms: Iterable[tuple[str, ...]], single_ok: Callable[[str], bool]) -> None:
        self.runs: dict[str, str] = {}  # skeleton of a compact form → the compact form
        self.run_prefixes: frozenset[str] = frozenset()
        self.singles: dict[str, list[str]] = {}  # skeleton or metaphone of a one-word form → names
        for form in forms:
            compact = "".join(form)
            key = tokens_key(form)
            if len(key) >= _MIN_KEY:
                self.runs.setdefault(key, compact)
            if len(form) == 1 and len(compact) >= 4 and single_ok(compact):
                for k in {f"s:{key}", f"m:{jellyfish.metaphone(compact)}"}:
                    if len(k) - 2 >= _MIN_KEY:
                        self.singles.setdefault(k, []).append(compact)
        self.run_prefixes = frozenset(k[:i] for k in self.runs for i in range(1, len(k) + 1))

    def foreign_run(self, text: str, starts: list[int], tokens: list[str], first: int, last: int) -> bool:
        """True when tokens[first..last], all romanised from another script, spell a roster name."""
        if not all(_is_foreign(text, starts[i]) for i in range(first, last + 1)):
            return False
        # One Han character or Hangul syllable is a syllable, not a name ("장" is not "Jong").
        if first == last and _SYLLABIC.match(text, starts[first]):
            return False
        compact = "".join(tokens[first : last + 1])
        key = tokens_key(tokens[first : last + 1])
        # Every word must add to the skeleton: "김정은 위" is Kim Jong Un and a vowel, not one name.
        if last > first and (
            tokens_key(tokens[first:last]) == key or tokens_key(tokens[first + 1 : last + 1]) == key
        ):
            return False
        candidates = [(key, compact)]
        if compact[:2] in {"al", "el"} and len(compact) > 4:  # the Arabic article written attached
            candidates.append((tokens_key([tokens[first][2:], *tokens[first + 1 : last + 1]]), compact[2:]))
        for k, spelled in candidates:
            name = self.runs.get(k) if len(k) >= _MIN_KEY else None
            # A lone word must also look like the name, not only share its consonants.
            if name is not None and (last > first or fuzz.ratio(spelled, name) >= 50):
                return True
        return False

    def longest_foreign_run(
        self, text: str, starts: list[int], tokens: list[str], first: int, free: Callable[[int, int], bool]
    ) -> int | None:
        """Index of the last token of the longest romanised run at `first` that spells a name."""
        if not _is_foreign(text, starts[first]):
            return None  # the common case: a Latin word
        # Only runs whose skeleton so far starts some roster skeleton are worth trying.
        reach = first - 1
        key = ""
        for last in range(first, min(len(tokens), first + _MAX_RUN)):
            key = _REPEATS.sub(r"\1", key + loose_key(tokens[last]))
            stripped = (
                loose_key(tokens[first][2:]) if last == first and tokens[first][:2] in {"al", "el"} else ""
            )
            if key not in self.run_prefixes and stripped not in self.run_prefixes:
                break
            reach = last
        for last in range(reach, first - 1, -1):
            if free(first, last) and self.foreign_run(text, starts, tokens, first, last):
                return last
        return None

    def spelling_variant(self, token: str) -> bool:
        """A Latin word that is another spelling of a one-word roster name form."""
        if len(token) < 4 or is_dictionary_word(token):
            return False
        key = loose_key(token)
        names = [*self.singles.get(f"s:{key}", ()), *self.singles.get(f"m:{jellyfish.metaphone(token)}", ())]
        return any(
            name != token and loose_key(name)[:1] == key[:1] and fuzz.ratio(token, name) >= _MIN_SIMILARITY
            for name in names
        )
