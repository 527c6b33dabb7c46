"""The interface's marked strings and its catalogs, read without the system's gettext (docs/i18n.md).

Strings are found the way `makemessages` finds them: templates through Django's own `templatize` (so a
msgid here is the msgid Django looks up at run time, `%` doubled and `trimmed` applied), then Babel's
Python and JavaScript extractors with gettext's keywords. `compile_catalogs` is `make messages` for runs
of pytest that do not go through make.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_javascript, extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT / "locale"
# Every language but the source language (British English, whose msgids are the text).
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
APPS = ["core", "participants", "dialogues", "facilitation", "summaries", "singletext", "config"]

# Babel's keyword specs: argument positions of the msgid (and plural, and "Nc" for a context).
_PY_KEYWORDS: dict[str, tuple[int | tuple[int, str], ...] | None] = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
_JS_KEYWORDS: dict[str, tuple[int | tuple[int, str], ...] | None] = {
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
# %(name)s, %s, %d and {name}: a translation must keep exactly the placeholders of its msgid.
_PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0]*\d*(?:\.\d+)?[sdif]|%[sdif]|\{\w*\}")


@dataclass(frozen=True)
class Marked:
    msgid: str
    plural: str | None
    context: str | None
    where: str


def template_files() -> list[Path]:
    dirs = [ROOT / "templates", *(ROOT / app / "templates" for app in APPS)]
    return sorted(p for d in dirs if d.is_dir() for p in d.rglob("*.html"))


def python_files() -> list[Path]:
    files = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts and "tests" not in path.parts:
                files.append(path)
    return sorted(files)


def js_files() -> list[Path]:
    return sorted((ROOT / "static" / "js").rglob("*.js"))


def _extract(
    extractor_messages: Iterator[tuple[int, str, object, list[str]]], where: str
) -> Iterator[Marked]:
    for lineno, funcname, messages, _comments in extractor_messages:
        if messages is None:
            continue  # gettext(a_variable): the literal is marked where it is written
        parts = (messages,) if isinstance(messages, str) else tuple(messages)  # type: ignore[arg-type]
        has_context = funcname.startswith(("pgettext", "npgettext"))
        has_plural = funcname.startswith(("ngettext", "npgettext"))
        context = parts[0] if has_context else None
        rest = parts[1:] if has_context else parts
        msgid = rest[0] if rest else None
        plural = rest[1] if has_plural and len(rest) > 1 else None
        if isinstance(msgid, str) and msgid:
            yield Marked(msgid, plural, context, f"{where}:{lineno}")


@cache
def marked_strings(domain: str) -> list[Marked]:
    """Every string marked for translation in the `django` (templates, Python) or `djangojs` domain."""
    found: list[Marked] = []
    options = {"encoding": "utf-8"}
    if domain == "django":
        for path in template_files():
            # templatize keeps the template's lines (for line numbers) but not Python's indentation.
            src = "\n".join(
                line.lstrip() for line in templatize(path.read_text(encoding="utf-8"), str(path)).splitlines()
            )
            found += _extract(
                extract_python(io.BytesIO(src.encode("utf-8")), _PY_KEYWORDS, [], options),  # type: ignore[arg-type]
                str(path.relative_to(ROOT)),
            )
        for path in python_files():
            found += _extract(
                extract_python(io.BytesIO(path.read_bytes()), _PY_KEYWORDS, [], options),  # type: ignore[arg-type]
                str(path.relative_to(ROOT)),
            )
    else:
        for path in js_files():
            found += _extract(
                extract_javascript(io.BytesIO(path.read_bytes()), _JS_KEYWORDS, [], options),  # type: ignore[arg-type]
                str(path.relative_to(ROOT)),
            )
    return found


def load_catalog(language: str, domain: str) -> Catalog:
    path = LOCALE / language / "LC_MESSAGES" / f"{domain}.po"
    with path.open("rb") as f:
        return read_po(f, locale=language.replace("-", "_"))


def placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def problems(language: str, domain: str) -> list[str]:
    """Why the catalog fails its marked strings: missing, untranslated, fuzzy or placeholders changed."""
    return check(load_catalog(language, domain), marked_strings(domain), f"{language}/{domain}.po")


def check(catalog: Catalog, marked: list[Marked], label: str) -> list[str]:
    found: list[str] = []
    seen: set[tuple[str, str | None]] = set()
    for m in marked:
        if (m.msgid, m.context) in seen:
            continue
        seen.add((m.msgid, m.context))
        message = catalog.get(m.msgid, context=m.context)
        where = f"{label}: {m.msgid!r} ({m.where})"
        if message is None:
            found.append(f"{where}: missing")
            continue
        raw = message.string if isinstance(message.string, tuple | list) else (message.string,)
        strings = [text or "" for text in raw]
        if not all(strings):
            found.append(f"{where}: not translated")
        elif message.fuzzy:
            found.append(f"{where}: fuzzy")
        else:
            want = placeholders(m.msgid)
            found += [
                f"{where}: placeholders {placeholders(text)} instead of {want}"
                for text in strings
                if placeholders(text) != want
            ]
    return found


def compile_catalogs() -> None:
    """Compile every .po newer than its .mo (atomically: parallel test workers may read it)."""
    for po in LOCALE.glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as f:
            catalog = read_po(f, locale=po.parent.parent.name)
        fd, tmp = tempfile.mkstemp(dir=po.parent, suffix=".mo.tmp")
        with os.fdopen(fd, "wb") as out:
            write_mo(out, catalog)
        os.replace(tmp, mo)
