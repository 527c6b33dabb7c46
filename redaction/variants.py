"""How a roster entry may be written: the folded, separator-free forms the matcher looks up.

A name becomes groups of tokens (a particle sticks to the token after it: "bin Salman",
"al-Rashid"), and every ordered selection of groups, with or without their particles, is a variant:
"Mohammed bin Salman al-Rashid" also yields "Mohammed al-Rashid", "Rashid", "bin Salman",
"Rashid Mohammed" (family name first) and initials ("M. al-Rashid"). Variants are stored without
separators, so "Abu-Bakr", "Abu Bakr" and "AbuBakr" are one variant.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from itertools import combinations, product

from .lexicon import COMMON_WORDS, FUNCTION_WORDS, MONTHS, PARTICLES, POST_TITLES, TITLE_WORDS, WEEKDAYS
from .spelling import KOREAN_SURNAMES
from .text import SYLLABIC, fold, fold_char, words

_MAX_GROUPS = 6  # beyond this only contiguous selections: 2^n selections grow fast
_TITLES = frozenset(TITLE_WORDS) | frozenset(POST_TITLES)
# Abbreviations and titles that are also given names or name syllables ("Min" in "Kang-min", "Don",
# "Sen", "Pan") are never taken off a roster name.
_PURE_TITLES = _TITLES - COMMON_WORDS - {
    "min", "don", "pan", "sen", "sri", "ato", "nana", "haji", "hajji", "san", "selvi", "kumari", "thiru",
    "tiru",
}  # fmt: skip
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


class Strictness(IntEnum):
    """When a lone token counts as a mention. Higher is stricter."""

    ANY_CASE = 0  # "okafor", "Okafor", "OKAFOR"
    CAPITALISED = 1  # a common word: "Hope" yes, "hope" no
    MID_SENTENCE = 2  # a function word: "May" mid-sentence yes, "May I ..." no
    NEVER_ALONE = 3  # also a party name ("Israel", "Jordan"): only inside a longer mention


@dataclass(frozen=True)
class Variant:
    compact: str
    kind: str  # "participant" | "organisation" | "role"
    strictness: Strictness
    month: bool  # a lone month name: in "May 2024" it reads as a date
    initials: int = 0  # how many one-letter tokens: only a capital with a dot counts ("L.K.", "Tamar S.")


def token_strictness(token: str, party_forms: frozenset[str]) -> Strictness:
    if token in party_forms:
        return Strictness.NEVER_ALONE
    if token in FUNCTION_WORDS:
        return Strictness.MID_SENTENCE
    if token in COMMON_WORDS or token in MONTHS or token in WEEKDAYS or token in _TITLES:
        return Strictness.CAPITALISED
    return Strictness.ANY_CASE


def _groups(tokens: list[str]) -> list[tuple[str, ...]]:
    """Attach particles to the token after them; a trailing particle is dropped."""
    groups: list[tuple[str, ...]] = []
    pending: list[str] = []
    for token in tokens:
        pending.append(token)
        if token not in PARTICLES:
            groups.append(tuple(pending))
            pending = []
    return groups


def _strip_titles(tokens: list[str]) -> list[str]:
    """Display names sometimes carry the title ("Dr. Amina Okafor"); the title is matched apart.

    Titles that are also given names ("Justice Mensah", "Major Wanjiru") are kept: the caller
    generates forms with and without them."""
    while len(tokens) > 1 and tokens[0] in _PURE_TITLES:
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1] in _PURE_TITLES and tokens[-1] in POST_TITLES:
        tokens = tokens[:-1]
    return tokens


def _selections(count: int) -> list[tuple[int, ...]]:
    if count <= _MAX_GROUPS:
        return [c for size in range(1, count + 1) for c in combinations(range(count), size)]
    return [tuple(range(a, b)) for a in range(count) for b in range(a + 1, count + 1)]


def _spellings(name: str) -> set[str]:
    """The name, its German umlauts spelled out, a CJK name romanised as family + given name
    ("王小明" → "wang xiaoming", "김정은" → "gim jeongeun"), and a Korean family name as ICU
    romanises its Hangul ("Lee Kang-min" → "i Kang-min", to meet "이강민")."""
    spellings = {name, name.translate(_UMLAUTS)}
    bare = "".join(name.split())
    if len(bare) >= 2 and all(SYLLABIC.match(ch) for ch in bare):
        syllables = [fold_char(ch).strip() for ch in bare]
        spellings = {syllables[0] + " " + "".join(syllables[1:])}
    tokens = name.split()
    for index in {0, len(tokens) - 1} if len(tokens) > 1 else set():
        romanised = KOREAN_SURNAMES.get(fold(tokens[index]))
        if romanised and romanised != fold(tokens[index]):
            spellings.add(" ".join([*tokens[:index], romanised, *tokens[index + 1 :]]))
    return spellings


def name_forms(name: str) -> set[tuple[str, ...]]:
    """Token tuples (folded) under which a person's name may appear."""
    spellings = _spellings(name)
    forms: set[tuple[str, ...]] = set()
    for spelling in spellings:
        groups = _groups(_strip_titles(words(fold(spelling))))
        if not groups:
            continue
        for selection in _selections(len(groups)):
            chosen = [groups[i] for i in selection]
            options = [{g, g[-1:]} for g in chosen]  # with or without particles
            for combo in product(*options):
                forms.add(tuple(t for g in combo for t in g))
                if len(combo) == 2:
                    forms.add(tuple(t for g in reversed(combo) for t in g))
        if len(groups) > 1:
            # Initials are "a." tokens: the matcher counts only a capital with a dot as one. Given
            # names' initials with the family name, family name first ("Kim Min-jun" is "M.J. Kim"),
            # all initials ("L.K."), and the given name with the family initial ("Tamar S.").
            last, head = groups[-1], groups[0]
            initials = tuple(g[-1][0] + "." for g in groups[:-1])
            for tail in {last, last[-1:]}:
                forms.add((*initials, *tail))
                forms.add((head[-1][0] + ".", *tail))
            forms.add((*(g[-1][0] + "." for g in groups[1:]), head[-1]))
            # Spanish and Portuguese names: given names' initials with the first surname ("F.J. Ruiz").
            for split in range(1, len(groups) - 1):
                forms.add((*(g[-1][0] + "." for g in groups[:split]), *groups[split]))
            forms.add(tuple(g[-1][0] + "." for g in groups))
            forms.add((*head, last[-1][0] + "."))
            forms.add((head[-1], last[-1][0] + "."))
    return {f for f in forms if len(f) > 1 or (len(f[0]) > 1 and f[0] not in PARTICLES)}


def form_strictness(form: tuple[str, ...], party_forms: frozenset[str]) -> Strictness:
    """A multi-token form is as lenient as its most distinctive token (initials ignored)."""
    levels = [
        token_strictness(t, party_forms)
        for t in form
        if len(t) > 1 and not t.endswith(".") and t not in PARTICLES
    ]
    if not levels:
        return Strictness.ANY_CASE
    if len(form) == 1:
        return levels[0]
    return min(min(levels), Strictness.MID_SENTENCE)


def phrase_forms(text: str, leading: frozenset[str] = frozenset({"the"})) -> tuple[str, ...]:
    """Token tuple of an organisation or role, without leading articles or qualifiers."""
    tokens = words(fold(text))
    while tokens and tokens[0] in leading:
        tokens = tokens[1:]
    return tuple(tokens)


def acronym_of(name: str) -> str:
    """ "International Crisis Group" → "ICG"; only capitalised words count; "" when under 3 letters."""
    letters = [w[0] for w in name.replace("-", " ").split() if w[:1].isupper()]
    return "".join(letters) if len(letters) >= 3 else ""


def is_acronym(alias: str) -> bool:
    bare = alias.replace(".", "").replace("&", "")
    return bare.isalnum() and bare.upper() == bare and any(c.isalpha() for c in bare) and len(bare) <= 10
