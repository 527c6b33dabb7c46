"""Near misses of roster names: other scripts, other spellings, typos (the matcher's second look).

After the exact lookup (matcher.py), the words it left are tried as a name romanised from another
script or spelled another way (loose.py), then as a typo of a distinctive name within edit distance
(rapidfuzz). Both give fuzzy participant matches: the redactor replaces them, the gate reports them
as `name_fuzzy`. Ordinary English words are never fuzzy matches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .lexicon import COMMON_WORDS, FUNCTION_WORDS, MONTHS, TITLE_WORDS
from .loose import LooseIndex
from .spelling import is_dictionary_word
from .text import FoldedText, is_capitalised

Fuzzy = Literal["off", "capitalised", "all"]
NOT_FUZZY = COMMON_WORDS | FUNCTION_WORDS | MONTHS | frozenset(TITLE_WORDS)
_GAP_CHARS = frozenset(" \t\r\n-'.")


@dataclass(frozen=True)
class RosterMatch:
    start: int
    end: int
    kind: str  # participant | organisation | role | email | phone | contact
    fuzzy: bool = False
    # Set when the text is also an ordinary word here (a month in a date): the redactor keeps it,
    # the leak gate asks a human.
    ambiguous: str = ""


def gap_ok(gap: str, previous_token: str) -> bool:
    """What may separate two words of one name: a space, hyphen, apostrophe or an initial's dot."""
    if len(gap) > 3 or not set(gap) <= _GAP_CHARS:
        return False
    return "." not in gap or len(previous_token) == 1  # "A. Okafor", not "... Okafor. Amina"


class NearMisses:
    """The second look, mixed into RosterMatcher (which builds these attributes)."""

    loose: LooseIndex
    party_forms: dict[str, str]
    fuzzy_names: list[str]

    def _extend(self, text: str, match: RosterMatch) -> RosterMatch:
        raise NotImplementedError  # pragma: no cover - RosterMatcher's

    def _loose(
        self,
        text: str,
        ft: FoldedText,
        spans: list[tuple[int, int]],
        tokens: list[str],
        used: list[bool],
        mode: Fuzzy,
    ) -> list[RosterMatch]:
        """Names written in another script or another transliteration (see loose.py)."""
        starts = [ft.span(*span)[0] for span in spans]
        ascii_text = ft.starts is None  # no word from another script to look at

        def free(first: int, last: int) -> bool:
            return not any(used[first : last + 1]) and all(
                gap_ok(ft.folded[spans[x][1] : spans[x + 1][0]], tokens[x]) for x in range(first, last)
            )

        found: list[RosterMatch] = []
        i = 0
        while i < len(tokens):
            last = None
            if not used[i] and not ascii_text:
                last = self.loose.longest_foreign_run(text, starts, tokens, i, free)
            if (
                last is None
                and not used[i]
                and (mode == "all" or is_capitalised(text, starts[i]))
                and tokens[i] not in NOT_FUZZY
                and tokens[i] not in self.party_forms
                and self.loose.spelling_variant(tokens[i])
            ):
                last = i
            if last is None:
                i += 1
                continue
            match = RosterMatch(starts[i], ft.span(*spans[last])[1], "participant", fuzzy=True)
            found.append(self._extend(text, match))
            for index in range(i, last + 1):
                used[index] = True
            i = last + 1
        return found

    def _fuzzy(
        self,
        text: str,
        ft: FoldedText,
        spans: list[tuple[int, int]],
        tokens: list[str],
        used: list[bool],
        mode: Fuzzy,
    ) -> list[RosterMatch]:
        if not self.fuzzy_names:
            return []
        found: list[RosterMatch] = []
        for index, token in enumerate(tokens):
            if used[index]:
                continue
            start = ft.span(*spans[index])[0]
            if mode == "capitalised" and not is_capitalised(text, start):
                continue
            candidates: list[tuple[str, int]] = []
            # Never an ordinary word: "facilitation" is not a typo of anybody's name.
            word = is_dictionary_word(token)
            if len(token) >= 5 and not word and token not in NOT_FUZZY and token not in self.party_forms:
                candidates.append((token, index))
            following = index + 1
            if (
                mode == "all"
                and following < len(tokens)
                and not used[following]
                and gap_ok(ft.folded[spans[index][1] : spans[following][0]], token)
                and not (
                    word
                    and len(token) > 3
                    and len(tokens[following]) > 3
                    and is_dictionary_word(tokens[following])
                )
            ):
                candidates.append((token + tokens[following], following))  # "Oka fro": spacing and a typo
            for candidate, last in candidates:
                hit = process.extractOne(candidate, self.fuzzy_names, scorer=OSA.distance, score_cutoff=2)
                if hit is None or len(candidate) < 5:
                    continue
                name, distance = hit[0], hit[1]
                if 0 < distance <= (1 if len(name) < 8 else 2):
                    match = RosterMatch(start, ft.span(*spans[last])[1], "participant", fuzzy=True)
                    found.append(self._extend(text, match))
                    break
        return found
