"""The room's language control: each person's reading language, remembered on the server."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.test import Client

from dialogues.models import ReadingLanguage, Room

pytestmark = pytest.mark.django_db


def _config(client: Client, room: Room) -> dict[str, object]:
    page = client.get(f"/rooms/{room.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    start = text.index('<script id="room-config" type="application/json">') + len(
        '<script id="room-config" type="application/json">'
    )
    config: dict[str, object] = json.loads(text[start : text.index("</script>", start)])
    return config


def test_a_reader_reads_in_the_interface_language_until_they_choose(
    client: Client, participant: User, room: Room
) -> None:
    client.force_login(participant)
    assert _config(client, room)["reads"] == "en"
    chosen = client.post("/reading-language/", {"language": "ar"}, headers={"X-Requested-With": "fetch"})
    assert chosen.status_code == 204
    assert ReadingLanguage.objects.get(user=participant).language == "ar"
    config = _config(client, room)
    assert config["reads"] == "ar" and config["readerLanguages"] == []  # marks are for interpreters
    page = client.get(f"/rooms/{room.pk}/").content.decode()
    assert '<option value="ar" lang="ar" selected>' in page
    assert '<label for="reading-language"' in page


def test_without_script_the_form_saves_and_returns_to_the_room(
    client: Client, participant: User, room: Room
) -> None:
    client.force_login(participant)
    back = client.post("/reading-language/", {"language": "uk", "next": f"/rooms/{room.pk}/"})
    assert back.status_code == 302 and back["Location"] == f"/rooms/{room.pk}/"
    elsewhere = client.post("/reading-language/", {"language": "fr", "next": "https://evil.example/"})
    assert elsewhere["Location"] == "/"  # never an open redirect
    assert ReadingLanguage.objects.get(user=participant).language == "fr"


@pytest.mark.parametrize("language", ["", "xx", "en-GB", "ar; drop table"])
def test_a_language_not_offered_is_refused_and_nothing_is_stored(
    client: Client, participant: User, language: str
) -> None:
    client.force_login(participant)
    refused = client.post("/reading-language/", {"language": language})
    assert refused.status_code == 422
    assert b"Rooms cannot be read in that language here." in refused.content
    assert not ReadingLanguage.objects.filter(user=participant).exists()


def test_only_signed_in_people_post_and_only_by_post(client: Client, participant: User) -> None:
    anonymous = client.post("/reading-language/", {"language": "ar"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    client.force_login(participant)
    assert client.get("/reading-language/").status_code == 405
    assert not ReadingLanguage.objects.exists()


def test_interpreters_see_the_languages_readers_chose(
    client: Client, participant: User, participant2: User, interpreter: User, room: Room
) -> None:
    ReadingLanguage.objects.create(user=participant, language="ar")
    ReadingLanguage.objects.create(user=participant2, language="ru")
    ReadingLanguage.objects.create(user=interpreter, language="he")  # their own choice is no reader's
    client.force_login(interpreter)
    config = _config(client, room)
    assert config["role"] == "interpreter"
    assert config["readerLanguages"] == ["ar", "ru"]
