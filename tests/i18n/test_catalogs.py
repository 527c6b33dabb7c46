"""Every string marked for translation has a finished translation in every interface language.

A developer who marks a new string (a template's {% translate %}, gettext in Python, gettext in a
module) without translating it breaks this test, with the string and where it is. docs/i18n.md says
how to add it to the catalogs.
"""

from __future__ import annotations

import io

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from tests.i18n.catalogs import TRANSLATED, Marked, check, marked_strings, problems


@pytest.mark.parametrize("domain", ["django", "djangojs"])
@pytest.mark.parametrize("language", TRANSLATED)
def test_every_marked_string_is_translated(language: str, domain: str) -> None:
    found = problems(language, domain)
    assert not found, f"{len(found)} strings need a translation:\n" + "\n".join(found[:40])


def test_the_extraction_sees_templates_python_and_scripts() -> None:
    django = {m.msgid for m in marked_strings("django")}
    scripts = {m.msgid for m in marked_strings("djangojs")}
    assert "Log in" in django  # {% translate %} in a template
    assert "Dialogue saved." in django  # gettext in a view
    assert "You accepted the Chatham House Rule (version %(version)s) on %(accepted_at)s." in django
    assert "Connecting…" in scripts  # gettext in an ES module


def _catalog(po: str) -> Catalog:
    return read_po(io.BytesIO(po.encode()), locale="fr")


def test_the_check_fails_for_a_missing_an_empty_a_fuzzy_or_a_broken_translation() -> None:
    catalog = _catalog(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Empty"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Guessed"\nmsgstr "Deviné"\n\n'
        'msgid "Hello %(name)s"\nmsgstr "Bonjour %(nom)s"\n\n'
        'msgid "Fine %(n)s"\nmsgstr "Bien %(n)s"\n'
    )
    marked = [
        Marked(text, None, None, "here:1")
        for text in ["New", "Empty", "Guessed", "Hello %(name)s", "Fine %(n)s"]
    ]
    found = check(catalog, marked, "fr/django.po")
    assert [line.rsplit(": ", 1)[-1] for line in found] == [
        "missing",
        "not translated",
        "fuzzy",
        "placeholders ['%(nom)s'] instead of ['%(name)s']",
    ]
