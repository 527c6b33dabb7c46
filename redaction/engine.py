"""Presidio without an NLP pipeline: the generic PII recognizers and the roster recognizer.

Nothing here downloads anything: the NLP engine hands Presidio empty artifacts over a bare spaCy
vocabulary (no tokenizer, no NER: every recognizer reads the text itself), and
tldextract, which Presidio's email recognizer uses, was told to use its bundled suffix list by the
package's __init__ before Presidio was first imported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from presidio_analyzer import (
    AnalyzerEngine,
    EntityRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    CryptoRecognizer,
    EmailRecognizer,
    IbanRecognizer,
    IpRecognizer,
    PhoneRecognizer,
    UrlRecognizer,
)
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc
from spacy.vocab import Vocab

from .matcher import RosterMatcher
from .spelling import is_dictionary_word

# Presidio entity → placeholder. Roster kinds are our own entities.
PLACEHOLDERS = {
    "participant": "[participant]",
    "organisation": "[organisation]",
    "role": "[role]",
    "affiliation": "[affiliation]",
    "email": "[email]",
    "phone": "[phone]",
    "contact": "[contact]",
    "url": "[url]",
    "account": "[account]",
    "ip-address": "[ip-address]",
}
ENTITY_KINDS = {
    "EMAIL_ADDRESS": "email",
    "PHONE_NUMBER": "phone",
    "HANDLE": "contact",
    "URL": "url",
    "IBAN_CODE": "account",
    "CREDIT_CARD": "account",
    "CRYPTO": "account",
    "IP_ADDRESS": "ip-address",
}
ROSTER_ENTITIES = ("participant", "organisation", "role", "email", "phone", "contact")


class _VocabOnly:
    """What Presidio reads of a pipeline besides process_text: its vocabulary (is_stopword, is_punct)."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab


class BlankSpacyNlpEngine(SpacyNlpEngine):
    """SpacyNlpEngine with no pipeline at all: nothing to download, nothing to tokenise.

    A spaCy vocabulary stands in for the pipeline: process_text (below) never runs one, and building
    `spacy.blank("en")`'s tokenizer cost a quarter of a second of every process's start-up."""

    def __init__(self) -> None:
        super().__init__(models=[{"lang_code": "en", "model_name": "blank:en"}])
        vocab = Vocab()
        # The parent types `nlp` as None until its load() downloads a model.
        self.nlp = {"en": _VocabOnly(vocab)}  # type: ignore[assignment]
        # Presidio only reads the artifacts, so one empty Doc serves every text.
        self._no_tokens = {"en": Doc(vocab, words=[])}

    def load(self) -> None:
        """Already loaded in __init__; the parent would try to download a model."""

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        """No artifacts: the blank pipeline has no entities and every lemma is "", so Presidio's context
        enhancer could never match a context word, and our recognizers read only the text. Building the
        artifacts anyway (tokens, empty lemmas, keyword lookups) was about a fifth of the redaction time."""
        return NlpArtifacts(
            entities=[],
            tokens=self._no_tokens[language],
            tokens_indices=[],
            lemmas=[],
            nlp_engine=None,
            language=language,
        )


class IntlPhoneRecognizer(PatternRecognizer):
    """Phone numbers in international (+/00) or trunk-prefixed (0...) form from any country.

    Presidio's PhoneRecognizer only validates a few regions; a Nigerian or Armenian mobile written
    locally would pass it by.
    """

    PATTERNS = [
        Pattern("intl", r"(?<![\w+])(?:\+|00)[1-9]\d{0,2}(?:[\s.\-]?\(?\d{1,4}\)?){2,5}(?![\w])", 0.5),
        Pattern("trunk", r"(?<![\w.])0\d{1,4}(?:[\s.\-]?\d{2,4}){2,4}(?![\w])", 0.4),
    ]

    def __init__(self) -> None:
        super().__init__(supported_entity="PHONE_NUMBER", patterns=self.PATTERNS, name="IntlPhoneRecognizer")

    def validate_result(self, pattern_text: str) -> bool | None:
        digits = sum(ch.isdigit() for ch in pattern_text)
        return 9 <= digits <= 15  # dates such as 01.05.2024 have eight


class WindowedPhoneRecognizer(PhoneRecognizer):
    """Presidio's PhoneRecognizer (libphonenumber, several regions), run only on the stretches of
    text around digits: on a long message the full scan costs ~80 ms, the windows almost nothing."""

    _DIGITS = re.compile(r"[+(]?\d[\d\s().\-/]{5,24}\d")
    _MARGIN = 8

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        windows: list[list[int]] = []
        for m in self._DIGITS.finditer(text):
            start, end = max(0, m.start() - self._MARGIN), min(len(text), m.end() + self._MARGIN)
            if windows and start <= windows[-1][1]:
                windows[-1][1] = end
            else:
                windows.append([start, end])
        for start, end in windows:
            for r in super().analyze(text[start:end], entities, nlp_artifacts):  # type: ignore[arg-type]
                r.start += start
                r.end += start
                results.append(r)
        return results


def _per_token(
    recognizer: type[PatternRecognizer], candidate: re.Pattern[str]
) -> Callable[[], EntityRecognizer]:
    """`recognizer` run on each white-space-free token that `candidate` finds something in, instead of
    the whole text: emails, links, IP addresses and wallets never contain a space, and Presidio's URL
    pattern alone costs ~10 ms on a 1,000-word message."""

    class PerToken(recognizer):  # type: ignore[misc,valid-type]
        def analyze(
            self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
        ) -> list[RecognizerResult]:
            results: list[RecognizerResult] = []
            for m in _TOKEN.finditer(text):
                if candidate.search(m.group()):
                    for r in super().analyze(m.group(), entities, nlp_artifacts):
                        r.start += m.start()
                        r.end += m.start()
                        results.append(r)
            return results

    PerToken.__name__ = recognizer.__name__
    return PerToken


_TOKEN = re.compile(r"\S+")


class HandleRecognizer(PatternRecognizer):
    """Social-media and messenger handles (@name): they lead straight to a person."""

    def __init__(self) -> None:
        pattern = Pattern(
            "handle", r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?![\w@])", 0.6
        )
        super().__init__(supported_entity="HANDLE", patterns=[pattern], name="HandleRecognizer")


class CueHandleRecognizer(EntityRecognizer):
    """A handle written after a messenger's name without "@": "my Signal is mina.o", "WeChat:
    wangxm88", "on X as okafor_a". The word after the cue counts only when it cannot be an English
    word ("we use Signal for everything" keeps "for")."""

    _CUE = re.compile(
        r"(?<![^\W_])(?:Signal|Telegram|WhatsApp|Whatsapp|WeChat|Wechat|Weixin|Viber|Skype|Threads|Instagram|Twitter"
        r"|Bluesky|Mastodon|Keybase|Snapchat|TikTok|Facebook|LinkedIn|Linkedin|X)"
        r"(?:\s+(?:handle|id|ID|username|user\s*name|account|number|contact|profile))?"
        r"(?:\s*(?::|=|-|is|as|at|on)\s*|\s+)(?:is\s+|as\s+)?(@?[^\W_][\w.\-]{1,38}[^\W_])"
    )

    def __init__(self, is_word: Callable[[str], bool]) -> None:
        self._is_word = is_word
        super().__init__(supported_entities=["HANDLE"], name="CueHandleRecognizer")

    def load(self) -> None:
        """Nothing to load."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for m in self._CUE.finditer(text):
            handle = m.group(1)
            bare = handle.lstrip("@").lower()
            if handle.startswith("@") or bare.isdigit():
                continue  # "@name" is HandleRecognizer's, a number the phone recognizers'
            if bare in STOP_WORDS or (self._is_word(bare) and not any(c in handle for c in "._0123456789")):
                continue
            results.append(RecognizerResult("HANDLE", m.start(1), m.end(1), 0.7))
        return results


class RosterRecognizer(EntityRecognizer):
    """The dialogue's roster as a Presidio recognizer (deny-lists that survive case, diacritics,
    spacing and transliteration; see matcher.py). Presidio's own deny-list is an exact regex."""

    def __init__(self, matcher: RosterMatcher) -> None:
        self.matcher = matcher
        super().__init__(supported_entities=list(ROSTER_ENTITIES), name="RosterRecognizer")

    def load(self) -> None:
        """Nothing to load: the matcher is compiled when the roster is."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        return [
            RecognizerResult(m.kind, m.start, m.end, 1.0)
            for m in self.matcher.find(text, fuzzy="capitalised")
            if m.kind in entities
        ]


@cache
def nlp_engine() -> BlankSpacyNlpEngine:
    return BlankSpacyNlpEngine()


@cache
def generic_recognizers() -> tuple[EntityRecognizer, ...]:
    """Pattern recognizers for personal data that is not on the roster (compiled once)."""
    return (
        _per_token(EmailRecognizer, re.compile("@"))(),
        WindowedPhoneRecognizer(),
        IntlPhoneRecognizer(),
        _per_token(UrlRecognizer, _URLISH)(),
        IbanRecognizer(),
        CreditCardRecognizer(),
        _per_token(CryptoRecognizer, _LONG_TOKEN)(),
        _per_token(IpRecognizer, re.compile(r"\d\.\d|:[0-9a-f]{0,4}:", re.I))(),
        HandleRecognizer(),
        CueHandleRecognizer(is_dictionary_word),
    )


def build_analyzer(extra: tuple[EntityRecognizer, ...] = ()) -> AnalyzerEngine:
    registry = RecognizerRegistry(supported_languages=["en"])
    for recognizer in (*generic_recognizers(), *extra):
        registry.add_recognizer(recognizer)
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine(), supported_languages=["en"])


# Cheap tests that decide which recognizers can possibly match, so a plain sentence only pays for
# the roster lookup: phone numbers dominate the cost otherwise (8 regions, one scan each).
_SEVEN_DIGITS = re.compile(r"\d(?:\D{0,3}\d){6}")
_FOUR_DIGITS = re.compile(r"\d\D{0,3}\d\D{0,3}\d\D{0,3}\d")
_URLISH = re.compile(r"[^\W_]\.[^\W\d_]{2}|://|www\.", re.I)
_MESSENGER = re.compile(
    r"Signal|Telegram|Whats[Aa]pp|We[Cc]hat|Weixin|Viber|Skype|Threads|Instagram|Twitter|Bluesky|Mastodon"
    r"|Keybase|Snapchat|TikTok|Facebook|Linked[Ii]n|\bX\b"
)
_LONG_TOKEN = re.compile(r"[A-Za-z0-9]{25,}")


def entities_for(text: str) -> list[str]:
    entities = list(ROSTER_ENTITIES)
    if "@" in text or _MESSENGER.search(text):
        entities += ["EMAIL_ADDRESS", "HANDLE"]
    if _URLISH.search(text):
        entities.append("URL")
    if _SEVEN_DIGITS.search(text):
        entities += ["PHONE_NUMBER", "IBAN_CODE", "CREDIT_CARD"]
    if _FOUR_DIGITS.search(text):
        entities.append("IP_ADDRESS")
    if _LONG_TOKEN.search(text):
        entities += ["CRYPTO", "IBAN_CODE"]
    return entities
