"""Generated names in generated sentences: every token of every mention goes, filler words stay.

This complements the hand-written corpus: names are built from syllables (with diacritics), then
written the ways people write them (case, stripped diacritics, hyphens, no space, titles,
possessives) in sentences made of plain words.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redaction import build_redactor, roster_from_json
from redaction.lexicon import COMMON_WORDS, FUNCTION_WORDS, PARTICLES, TITLE_WORDS
from redaction.text import fold, words

SYLLABLES = [
    "ka",
    "lo",
    "ven",
    "dra",
    "mir",
    "ösz",
    "çe",
    "nur",
    "ba",
    "tić",
    "shen",
    "gü",
    "rah",
    "el",
    "ko",
    "vna",
]
FILLER = ["the", "water", "committee", "agreed", "border", "railway", "proposal", "yesterday", "data", "with"]
TITLES = ["Dr.", "Ambassador", "Gen.", "Minister", "Prof."]
RESERVED = COMMON_WORDS | FUNCTION_WORDS | PARTICLES | frozenset(TITLE_WORDS) | frozenset(FILLER)

name_part = (
    st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=4)
    .map(lambda parts: "".join(parts).capitalize())
    .filter(lambda part: fold(part) not in RESERVED)
)


def strip_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@st.composite
def mention(draw: st.DrawFn, given_name: str, family: str) -> str:
    form = draw(st.sampled_from(["full", "family", "given", "titled", "reversed"]))
    separator = draw(st.sampled_from([" ", "-", "", "  "]))
    text = {
        "full": f"{given_name}{separator}{family}",
        "family": family,
        "given": given_name,
        "titled": f"{draw(st.sampled_from(TITLES))} {family}",
        "reversed": f"{family} {given_name}",
    }[form]
    if draw(st.booleans()):
        text = strip_marks(text)
    cases: list[Callable[[str], str]] = [str, str.lower, str.upper]
    text = draw(st.sampled_from(cases))(text)
    if draw(st.booleans()):
        text += "'s"
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    given_name=name_part,
    family=name_part,
    filler=st.lists(st.sampled_from(FILLER), min_size=3),
)
def test_every_token_of_every_mention_is_redacted(
    data: st.DataObject, given_name: str, family: str, filler: list[str]
) -> None:
    roster = roster_from_json({"people": [{"name": f"{given_name} {family}"}]})
    redactor = build_redactor(roster, k=5)
    said = data.draw(mention(given_name, family))
    position = data.draw(st.integers(0, len(filler)))
    sentence = " ".join([*filler[:position], said, *filler[position:]]) + "."
    out = redactor.redact(sentence).text
    leftover = set(words(fold(out)))
    names = {fold(given_name), fold(family), fold(given_name + family), fold(family + given_name)}
    assert not leftover & names, (sentence, out)
    assert "[participant]" in out
    assert [w for w in words(out) if w in FILLER] == [w for w in words(sentence) if w in FILLER]
