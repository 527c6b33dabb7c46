"""The languages rooms are read and interpreted in, and offline detection of what a message is written in.

Detection uses lingua (lingua-language-detector): its n-gram models ship inside the wheel, so nothing is
downloaded at run time. The detector knows only the languages below, which makes it both faster and more
accurate than one that weighs all 75 (Russian and Ukrainian, which short messages confuse, are told apart
by its high-accuracy mode; the low-accuracy mode swapped them on short sentences). It is built once per
process, on first use or by `warm()`; built, it holds about 180 MB. Only the first `DETECT_CHARS`
characters are read: a language shows in a sentence or two, and the cost grows with the length
(measurements in docs/interpretation.md).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from lingua import LanguageDetector

# Code -> the language's own name (what a reader looks for in a list) and its English name.
KNOWN: dict[str, tuple[str, Promise]] = {
    "en": ("English", _("English")),
    "fr": ("Français", _("French")),
    "ar": ("العربية", _("Arabic")),
    "ru": ("Русский", _("Russian")),
    "es": ("Español", _("Spanish")),
    "uk": ("Українська", _("Ukrainian")),
    "he": ("עברית", _("Hebrew")),
}
RTL = frozenset({"ar", "he", "fa", "ur"})
DETECT_CHARS = 200
# Below this lead of the best language over the next, a message is left untagged rather than guessed
# ("ok", "+1", a name): an interpreter reads it anyway.
MIN_RELATIVE_DISTANCE = 0.1


def codes() -> tuple[str, ...]:
    """The language codes of this deployment (setting `PARLEY_LANGUAGES`, else all of `KNOWN`)."""
    chosen = getattr(settings, "PARLEY_LANGUAGES", None) or tuple(KNOWN)
    return tuple(c for c in chosen if c in KNOWN)


def is_supported(code: object) -> bool:
    return isinstance(code, str) and code in codes()


def choices() -> list[tuple[str, str]]:
    """(code, "Own name (name in the interface language)") for forms and the room's language control."""
    interface = (translation.get_language() or "").split("-")[0]
    out = []
    for code in codes():
        own, name = KNOWN[code]
        # In its own interface a language is named once ("العربية", not "العربية (العربيّة)").
        label = own if code == interface or str(name) == own else f"{own} ({name})"
        out.append((code, label))
    return out


def name_of(code: str) -> str:
    """The language's name in the interface language ("Arabic"), or the code itself if unknown."""
    entry = KNOWN.get(code)
    return str(entry[1]) if entry else code


def is_rtl(code: str) -> bool:
    return code in RTL


_lock = threading.Lock()
_built: dict[tuple[str, ...], LanguageDetector] = {}


def _detector() -> LanguageDetector:
    key = codes()
    detector = _built.get(key)
    if detector is None:
        with _lock:  # two first messages at once must not load the models twice
            detector = _built.get(key)
            if detector is None:
                from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

                languages = [Language.from_iso_code_639_1(IsoCode639_1.from_str(c)) for c in key]
                builder = LanguageDetectorBuilder.from_languages(*languages)
                detector = builder.with_minimum_relative_distance(MIN_RELATIVE_DISTANCE).build()
                _built[key] = detector
    return detector


def detect(text: str) -> str:
    """The language code `text` is written in, or "" when too short or too mixed to tell."""
    sample = text[:DETECT_CHARS]
    if sum(ch.isalpha() for ch in sample) < 2 or len(codes()) < 2:
        return ""
    found = _detector().detect_language_of(sample)
    return found.iso_code_639_1.name.lower() if found is not None else ""


# One line per script: lingua loads a language's models the first time a text in its script needs them.
_WARM = (
    "The water schedule is published every week.",
    "Le calendrier est publié chaque semaine.",
    "El calendario se publica cada semana.",
    "Расписание публикуется каждую неделю.",
    "Розклад публікується щотижня.",
    "يُنشر الجدول كل أسبوع.",
    "הלוח מתפרסם כל שבוע.",
)


def warm() -> None:
    """Load every model now (otherwise the first message in each script pays ~0.5-1 s for its models)."""
    for line in _WARM:
        detect(line)
