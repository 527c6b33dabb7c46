"""The k rule for descriptors: "a former official from Armenia" is safe only when at least k people
in the room are former officials from Armenia.

A sentence that names a sector ("journalist", "academics", "a retired general") and a party is
checked against the roster count for that pair; a sector alone against the sector count; a party
alone, when the sentence speaks of people ("an Armenian participant"), against the party count.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .lexicon import PERSON_CUES, SECTOR_CUES, SECTOR_LABELS
from .parties import party_forms, party_key, party_pattern
from .roster import Roster
from .text import fold_text, sentences

_SECTOR_RE = re.compile(
    "|".join(rf"(?P<{code}>(?<![^\W_])(?:{cue})(?![^\W_]))" for code, cue in SECTOR_CUES.items())
)
_PERSON_RE = re.compile(rf"(?<![^\W_])(?:{PERSON_CUES})(?![^\W_])")


@dataclass(frozen=True)
class DescriptorHit:
    start: int
    end: int
    text: str
    what: str  # "former official + Armenia"
    count: int


class DescriptorChecker:
    def __init__(self, roster: Roster, k: int) -> None:
        self.k = k
        self._forms = party_forms(roster)
        self._party_re = party_pattern(self._forms)
        self._pairs: Counter[tuple[str, str]] = Counter((p.sector, p.party) for p in roster.people)
        self._sectors: Counter[str] = Counter(p.sector for p in roster.people)
        self._parties: Counter[str] = Counter(p.party for p in roster.people)

    def may_apply(self, folded: str) -> bool:
        return bool(_SECTOR_RE.search(folded) or (self._party_re and self._party_re.search(folded)))

    def find(self, text: str, covered: Iterable[tuple[int, int]] = ()) -> list[DescriptorHit]:
        """Descriptors in `text` below k; cues inside `covered` spans (already redacted or
        reported, like the "Ambassador" of "Ambassador Okafor") are ignored."""
        ft = fold_text(text)
        if not self.may_apply(ft.folded):
            return []
        done = list(covered)

        def free(span: tuple[int, int]) -> bool:
            return not any(a < span[1] and span[0] < b for a, b in done)

        sectors = [(ft.span(*m.span()), m.lastgroup or "") for m in _SECTOR_RE.finditer(ft.folded)]
        sectors = [(span, code) for span, code in sectors if free(span)]
        parties = []
        if self._party_re is not None:
            parties = [
                (ft.span(*m.span()), self._forms.get(party_key(m.group()), ""))
                for m in self._party_re.finditer(ft.folded)
            ]
            parties = [(span, party) for span, party in parties if party and free(span)]
        people = [ft.span(*m.span()) for m in _PERSON_RE.finditer(ft.folded)]
        hits: list[DescriptorHit] = []
        for s_start, s_end in sentences(text):

            def inside(span: tuple[int, int], a: int = s_start, b: int = s_end) -> bool:
                return a <= span[0] < b

            here_sectors = [(span, code) for span, code in sectors if inside(span)]
            here_parties = [(span, party) for span, party in parties if inside(span)]
            for sector_span, code in here_sectors:
                label = SECTOR_LABELS[code]
                for party_span, party in here_parties:
                    count = self._pairs[(code, party)]
                    if count < self.k:
                        hits.append(self._hit(text, sector_span, party_span, f"{label} + {party}", count))
                if not here_parties and self._sectors[code] < self.k:
                    hits.append(self._hit(text, sector_span, sector_span, label, self._sectors[code]))
            if not here_sectors and any(inside(span) for span in people):
                for party_span, party in here_parties:
                    if self._parties[party] < self.k:
                        hits.append(self._hit(text, party_span, party_span, party, self._parties[party]))
        return hits

    @staticmethod
    def _hit(text: str, a: tuple[int, int], b: tuple[int, int], what: str, count: int) -> DescriptorHit:
        start, end = min(a[0], b[0]), max(a[1], b[1])
        return DescriptorHit(start, end, text[start:end], what, count)
