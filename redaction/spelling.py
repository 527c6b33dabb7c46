"""Spelling families: one name written many ways.

A transliterated name has no single spelling (Mohammed / Muhammad / Mohamed, Yusuf / Youssef /
Yousef, Husayn / Hussein, Dmitri / Dmitry, Aleksandr / Alexander), and a name romanised by ICU from
Arabic or Hebrew arrives as a consonant skeleton ("mhmd", "ywsf"). `loose_key` maps all of these to
one key: consonants only, with the letters transliteration systems disagree on merged (k/c/q/g,
p/b/f/v, t/d, s/z/sh, ch/kh), so the matcher can compare skeletons instead of spellings.

The key is coarse on purpose, so the matcher only uses it with guards: a word romanised from another
script, or a capitalised Latin word that is not an English dictionary word and looks like the name
(see matcher.py). `is_dictionary_word` is that guard, from the `english-words` lists (lowercase
entries only: "hope" is a word, "Hussein" is not).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from english_words import get_english_words_set

_DIGRAPHS = (
    ("dzh", "j"), ("sch", "s"), ("tch", "j"), ("sh", "s"), ("zh", "j"), ("dj", "j"), ("kh", "k"),
    ("ch", "k"), ("ph", "f"), ("th", "t"), ("gh", "g"), ("dh", "d"), ("ck", "k"), ("ts", "c"),
    ("tz", "c"), ("x", "ks"), ("q", "k"),
)  # fmt: skip
_LETTERS = str.maketrans({"c": "k", "g": "k", "b": "p", "f": "p", "v": "p", "d": "t", "z": "s"})
_VOWELS = frozenset("aeiou")
REPEATS = re.compile(r"(.)\1+")

# Korean surnames as people write them in Latin → as ICU romanises the Hangul (Revised
# Romanisation, final consonants as written): "Lee" is 이 "i", "Park" is 박 "bag".
KOREAN_SURNAMES = {
    "lee": "i", "yi": "i", "rhee": "i", "rhie": "i", "kim": "gim", "park": "bag", "pak": "bag",
    "bak": "bag", "choi": "choe", "choe": "choe", "jung": "jeong", "chung": "jeong", "jeong": "jeong",
    "chong": "jeong", "kang": "gang", "cho": "jo", "jo": "jo", "yoon": "yun", "yun": "yun",
    "jang": "jang", "chang": "jang", "lim": "im", "im": "im", "rim": "im", "han": "han", "oh": "o",
    "seo": "seo", "suh": "seo", "shin": "sin", "sin": "sin", "kwon": "gwon", "hwang": "hwang",
    "ahn": "an", "an": "an", "song": "song", "yoo": "yu", "yu": "yu", "ryu": "lyu", "hong": "hong",
    "jeon": "jeon", "chun": "jeon", "ko": "go", "koh": "go", "moon": "mun", "mun": "mun", "son": "son",
    "sohn": "son", "yang": "yang", "bae": "bae", "baek": "baeg", "paik": "baeg", "noh": "no",
    "roh": "no", "nam": "nam", "heo": "heo", "huh": "heo", "yoo-": "yu", "ban": "ban", "min": "min",
}  # fmt: skip


@cache
def loose_key(compact: str) -> str:
    """Consonant skeleton of a folded, separator-free name: "muhammad", "mohamed", "mhmd" → "mhmt"."""
    key = "".join(c for c in compact if c.isalpha())
    if len(key) > 2 and key[-1] == "h" and key[-2] in "aeiouyw":
        key = key[:-1]  # a final vowel letter: Hebrew "נועה" (nwah) is Noa, "Sarah" is Sara
    if not key:
        return ""
    for old, new in _DIGRAPHS:
        key = key.replace(old, new)
    key = key.translate(_LETTERS)
    first, rest = key[0], key[1:]
    # An initial vowel (or the ayin/alef romanised as "a") is kept as one mark: "Omar"/"عمر" → "amr".
    head = "a" if first in _VOWELS else first
    # Inside a name y and w are vowels as often as not ("Husayn"/"Hussein", "ywsf"/"Yusuf").
    body = "".join(c for c in rest if c not in _VOWELS and c not in "yw")
    return REPEATS.sub(r"\1", head + body)


def tokens_key(tokens: Iterable[str]) -> str:
    """Skeleton of a name written as several words, word by word, so a digraph never spans two
    words ("ywsp hdad" is y-s-p + h-t-t, not "ph")."""
    return REPEATS.sub(r"\1", "".join(loose_key(t) for t in tokens))


@cache
def _dictionary() -> frozenset[str]:
    # Lowercase Webster's (web2) entries that are also GCIDE headwords: web2 alone keeps rare words
    # that are common names ("pereira" bark, "lupe"); GCIDE alone capitalises its headwords.
    web2 = get_english_words_set(["web2"], lower=False, alpha=True)
    gcide = get_english_words_set(["gcide"], lower=True, alpha=True)
    # A capitalised web2 entry is never in the lowercased GCIDE set: one C-level intersection.
    return frozenset(web2 & gcide)


# Inflections the lists leave out ("reached", "talks", "countries"): suffix → what replaces it.
_SUFFIXES = (
    ("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""),
    ("ing", "e"), ("er", ""), ("ers", ""), ("est", ""), ("ly", ""), ("'s", ""),
)  # fmt: skip


@cache
def is_dictionary_word(folded: str) -> bool:
    """True for an ordinary English word or its inflection ("facilitation", "hope", "reached"),
    never for a proper noun."""
    words = _dictionary()
    if folded in words:
        return True
    for suffix, replacement in _SUFFIXES:
        if folded.endswith(suffix) and len(folded) - len(suffix) >= 3:
            stem = folded[: -len(suffix)] + replacement
            if stem in words or (stem[-1:] == stem[-2:-1] and stem[:-1] in words):  # "planned"
                return True
    return False
