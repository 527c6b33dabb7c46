"""Factories for test data. Passwords share one precomputed Argon2 hash: hashing is slow on purpose."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from dialogues.choices import AttributionMode, Role, RoomKind
from dialogues.models import AgendaItem, Dialogue, Membership, Party, Room, Session
from participants.models import Consent, Profile, Sector
from participants.services import current_rule

PASSWORD = "correct-horse-battery-staple"


@lru_cache(maxsize=1)
def password_hash() -> str:
    return make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.LazyFunction(password_hash)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Person {n}")
    sector = Sector.ACADEMIC
    organisation = factory.Sequence(lambda n: f"Institute {n}")


class DialogueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dialogue

    title = factory.Sequence(lambda n: f"Dialogue {n}")
    background = "Confidential background about the conflict."
    objectives = "Find common ground."
    status = "active"


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    dialogue = factory.SubFactory(DialogueFactory)
    name = factory.Sequence(lambda n: f"Party {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    dialogue = factory.SubFactory(DialogueFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.PARTICIPANT


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    dialogue = factory.SubFactory(DialogueFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    duration_minutes = 90
    timezone = "Europe/Zurich"
    attribution_mode = AttributionMode.VEILED

    @factory.post_generation
    def plenary(obj: Session, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            Room.objects.get_or_create(session=obj, kind=RoomKind.PLENARY, defaults={"title": obj.title})


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    session = factory.SubFactory(SessionFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Item {n}")
    timebox_minutes = 15


def consent(user: Any, dialogue: Dialogue) -> Consent:
    return Consent.objects.create(
        user=user, dialogue=dialogue, rule_version=current_rule(), accepted_at=timezone.now()
    )


def member(
    dialogue: Dialogue,
    role: str,
    *,
    username: str | None = None,
    party: Party | None = None,
    consented: bool = True,
    **profile: Any,
) -> Any:
    """A user with a profile, a membership in `dialogue`, and (for participants/observers) consent."""
    user = UserFactory(**({"username": username} if username else {}))
    ProfileFactory(user=user, **profile)
    if role == Role.PARTICIPANT and party is None:
        party = dialogue.parties.first()
    MembershipFactory(dialogue=dialogue, user=user, role=role, party=party if role != Role.LIAISON else None)
    if consented and role in (Role.PARTICIPANT, Role.OBSERVER):
        consent(user, dialogue)
    return user
