"""Choosing the interface language: the browser's by default, the header's picker for anyone, kept on a
signed-in person's profile; Arabic pages are right to left; the scripts get their catalog."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from participants.models import Profile

pytestmark = pytest.mark.django_db


def html_tag(response: object) -> str:
    match = re.search(r"<html[^>]*>", response.content.decode())  # type: ignore[attr-defined]
    assert match is not None
    return match.group(0)


def test_english_by_default() -> None:
    response = Client().get("/accounts/login/")
    assert html_tag(response) == '<html lang="en-gb" dir="ltr">'
    assert "<h1>Log in</h1>" in response.content.decode()


@pytest.mark.parametrize(
    ("accept", "lang", "direction", "heading"),
    [
        ("fr-FR,fr;q=0.9,en;q=0.5", "fr", "ltr", "Se connecter"),
        ("ar", "ar", "rtl", "تسجيل الدخول"),
        ("ru", "ru", "ltr", "Войти"),
        ("es-AR,es;q=0.8", "es", "ltr", "Iniciar sesión"),
        ("de-DE,de;q=0.9", "en-gb", "ltr", "Log in"),  # a language Parley does not speak: English
    ],
)
def test_the_browser_language_is_the_default(accept: str, lang: str, direction: str, heading: str) -> None:
    response = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=accept)
    assert html_tag(response) == f'<html lang="{lang}" dir="{direction}">'
    assert f"<h1>{heading}</h1>" in response.content.decode()


def test_an_anonymous_choice_is_kept_in_a_cookie() -> None:
    client = Client()
    response = client.post("/accounts/language/", {"language": "es", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    # The cookie wins over the browser's own preference from now on.
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<h1>Iniciar sesión</h1>" in page
    assert '<option value="es" lang="es" selected>Español</option>' in page


def test_a_signed_in_choice_follows_the_person_to_another_browser(participant: User) -> None:
    client = Client()
    client.force_login(participant)
    response = client.post("/accounts/language/", {"language": "ar", "next": "/"})
    assert response.status_code == 302
    assert Profile.objects.get(user=participant).language == "ar"

    elsewhere = Client()  # no cookie, an English browser
    elsewhere.force_login(participant)
    page = elsewhere.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert html_tag(page) == '<html lang="ar" dir="rtl">'
    assert "حواراتي" in page.content.decode()  # "My dialogues"


def test_an_unknown_language_is_refused_and_nothing_is_stored(participant: User) -> None:
    client = Client()
    client.force_login(participant)
    response = client.post("/accounts/language/", {"language": "xx", "next": "/"})
    assert response.status_code == 422
    assert "This language is not available." in response.content.decode()
    assert Profile.objects.get(user=participant).language == ""
    assert "django_language" not in response.cookies


def test_the_picker_never_redirects_off_site() -> None:
    response = Client().post("/accounts/language/", {"language": "fr", "next": "https://evil.example/"})
    assert response["Location"] == "/accounts/login/"


def test_a_refusal_from_a_service_reads_in_the_chosen_language() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    response = client.get("/invite/not-a-real-token/")
    assert response.status_code == 404
    assert "Ce lien d’invitation n’est pas valide." in response.content.decode()


def test_the_scripts_catalog_is_a_script_file_in_the_page_language() -> None:
    client = Client()
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<script src="/jsi18n/"></script>' in page  # a file, so the CSP needs no inline script
    catalog = client.get("/jsi18n/", HTTP_ACCEPT_LANGUAGE="ar")
    assert catalog["Content-Type"].startswith("text/javascript")
    assert json.dumps("Connecting…") + ": " + json.dumps("جارٍ الاتصال…") in catalog.content.decode()


def test_a_liaisons_notice_is_written_in_their_language() -> None:
    from singletext.notify import LIAISON_SUBJECT, _send
    from summaries.liaison.notify import release_notice

    french = release_notice(version_id=7, email="lena@example.org", language="fr")
    assert french.subject == "Parley : une nouvelle synthèse vous a été publiée"
    assert "Une nouvelle synthèse vous a été publiée sur Parley." in french.body
    assert release_notice(version_id=7, email="lena@example.org").subject == (
        "Parley: a new summary has been released to you"  # no choice on the profile: the site's language
    )
    from django.core import mail

    assert _send([("a@example.org", "ar"), ("b@example.org", "")], LIAISON_SUBJECT, "https://p/x") == 2
    arabic, english = mail.outbox[-2:]
    assert arabic.subject == "Parley: نُشر لك نص"
    assert english.subject == "Parley: a text has been released to you"
    assert "https://p/x" in arabic.body


def test_the_picker_returns_to_the_page_it_was_on() -> None:
    client = Client()
    page = client.get("/accounts/login/?next=/").content.decode()
    assert 'name="next"' not in page.split('class="inline lang-pick"')[1].split("</form>")[0]
    response = client.post(
        "/accounts/language/", {"language": "ru"}, HTTP_REFERER="http://testserver/accounts/password_reset/"
    )
    assert response["Location"] == "http://testserver/accounts/password_reset/"
    elsewhere = client.post("/accounts/language/", {"language": "ru"}, HTTP_REFERER="https://evil.example/x")
    assert elsewhere["Location"] == "/accounts/login/"


def test_the_scripts_catalog_is_rendered_once_per_language_not_once_for_all() -> None:
    """The catalog is kept per language (core/catalog.py): alternating languages never serve one
    language's strings to another."""
    client = Client()
    seen: dict[str, str] = {}
    for language in ("ar", "fr", "ar", "en", "fr"):
        body = client.get("/jsi18n/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        seen.setdefault(language, body)
        assert body == seen[language]
    assert json.dumps("جارٍ الاتصال…") in seen["ar"]
    assert json.dumps("جارٍ الاتصال…") not in seen["fr"]
    assert json.dumps("Connecting…") + ": " + json.dumps("Connexion…") in seen["fr"]
    assert json.dumps("جارٍ الاتصال…") not in seen["en"] and json.dumps("Connexion…") not in seen["en"]
