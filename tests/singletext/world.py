"""The single-text part of the permission table's world: a text and a release of it, and how to call
each of its URLs and API operations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from dialogues.models import Dialogue
from singletext import services
from singletext.models import SingleText, TextRelease
from singletext.selectors import acceptance_profile, latest_version


@dataclass
class TextWorld:
    text: SingleText
    release: TextRelease


def build(dialogue: Dialogue, facilitator: User) -> TextWorld:
    text = services.text_create(
        dialogue_id=dialogue.pk,
        user=facilitator,
        title="Basin non-paper",
        source="Water is shared.\nData is [public / shared].",
    )
    version = latest_version(text)
    assert version is not None
    # Made directly: the leak gate is exercised where release is tested (tests/singletext).
    release = TextRelease.objects.create(
        text=text, version=version, profile=acceptance_profile(version), released_by=facilitator
    )
    return TextWorld(text=text, release=release)


def page_args(w: TextWorld, dialogue_id: int) -> dict[str, list[Any]]:
    t, r = [w.text.pk], [w.release.pk]
    return {
        "singletext:list": [dialogue_id],
        "singletext:create": [dialogue_id],
        "singletext:text": t,
        "singletext:history": t,
        "singletext:export": [w.text.pk, "pdf"],
        "singletext:rate": t,
        "singletext:ballot": t,
        "singletext:revise": t,
        "singletext:report": t,
        "singletext:round_open": t,
        "singletext:round_close": t,
        "singletext:vote_open": t,
        "singletext:vote_close": t,
        "singletext:release": t,
        "singletext:audit": t,
        "singletext:released": r,
        "singletext:uptake": r,
        "singletext:download": [w.release.pk, "pdf"],
    }


def page_payloads() -> dict[str, dict[str, Any]]:
    return {
        "singletext:create": {"title": "Another text", "source": "One clause."},
        "singletext:rate": {"clause-1": "acceptable"},
        "singletext:ballot": {"accept": "yes"},
        "singletext:revise": {"source": "Water is shared fairly.\nData is public."},
        "singletext:round_open": {"deadline": "2031-03-01T10:00", "timezone": "UTC"},
        "singletext:uptake": {"clause": 1, "status": "noted"},
    }


def path_params(w: TextWorld) -> dict[str, Any]:
    return {"text_id": w.text.pk, "release_id": w.release.pk}


def api_payloads() -> dict[str, Any]:
    return {
        "/dialogues/{dialogue_id}/texts": {"title": "Another text", "clauses": ["One clause."]},
        "/texts/{text_id}/versions": {"clauses": ["Water is shared fairly.", "Data is public."]},
        "/texts/{text_id}/rounds": {"deadline": (timezone.now() + timedelta(days=1)).isoformat()},
        "/texts/{text_id}/ratings": {"ratings": [{"clause": 1, "value": "acceptable"}]},
        "/texts/{text_id}/ballot": {"accept": True},
        "/texts/{text_id}/package-vote": {},
        "/texts/{text_id}/package-vote/close": {},
        "/texts/{text_id}/releases": {},
        "/text-releases/{release_id}/uptake": {"clause": 1, "status": "noted"},
    }
