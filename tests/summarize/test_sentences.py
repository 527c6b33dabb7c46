"""Sentence splitting: offline, pysbd's rules, nothing lost."""

from __future__ import annotations

import itertools
import re

import pysbd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest import split_sentences
from digest.text import is_noise, sentence_spans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dr. Haddad met the U.N. envoy at 3.5 p.m. today. It went well! Did it?",
            ["Dr. Haddad met the U.N. envoy at 3.5 p.m. today.", "It went well!", "Did it?"],
        ),
        ("Flows fell by 3.5 percent. Quotas rose.", ["Flows fell by 3.5 percent.", "Quotas rose."]),
        ("We met Mr. Smith and Gen. Ali in St. Paul.", ["We met Mr. Smith and Gen. Ali in St. Paul."]),
        ("Some issues, e.g. water, are urgent.", ["Some issues, e.g. water, are urgent."]),
        ("first line\nsecond line\n\n  third  ", ["first line", "second line", "third"]),
        ("agreed", ["agreed"]),
        ("", []),
        ("   \n\t ", []),
    ],
)
def test_splits_like_a_reader(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_no_character_is_lost(text: str) -> None:
    sentences = split_sentences(text)
    assert _squeeze("".join(sentences)) == _squeeze(text)
    assert all(s == s.strip() and s for s in sentences)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from('ab .!?\n\r\u2028\t"D3'), max_size=120))
def test_spans_point_at_the_sentences_in_order(text: str) -> None:
    # The redaction's flags quote the sentence around a hit by these offsets.
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == split_sentences(text)
    assert all(a < b for a, b in spans) and all(b <= c for (_, b), (c, _) in itertools.pairwise(spans))


_BLOCKS = st.sampled_from(
    ["Dr.", "Mr.", "U.N.", "e.g.", "3.5", "etc.", "The", "the", "water", "Dam", "is.", "costs.", "rose!",
     "why?", "It", "St.", "Gen.", "no.", "5", "p.m.", "ii.", "Yahoo!", "don't", '"said."', "(see.)", "A.",
     "I", "ok.", "ok?!", "...", "Wait...", "U.S.", "Inc.", "Jan.", "vs.", "US.", "x.", "café.", "Édith",
     "okay!!", "no?", "So"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_BLOCKS, min_size=1, max_size=12).map(" ".join))
def test_fast_path_agrees_with_pysbd(line: str) -> None:
    # Lines are cut at obvious boundaries before pysbd sees them; the result must be pysbd's own.
    reference = [s.strip() for s in pysbd.Segmenter(language="en", clean=False).segment(line) if s.strip()]
    assert split_sentences(line) == reference


@pytest.mark.parametrize(
    "sentence",
    ["agreed", "+1", "Thanks, good point!", "yes yes", "Agreed with the above.", "me too", "[PERSON] ok"],
)
def test_reactions_are_noise(sentence: str) -> None:
    assert is_noise(sentence)


@pytest.mark.parametrize("sentence", ["Dam releases matter.", "We need customs checks at the border."])
def test_short_points_are_not_noise(sentence: str) -> None:
    assert not is_noise(sentence)
