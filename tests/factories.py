"""Factories for test data. Passwords share one precomputed Argon2 hash: hashing is slow on purpose."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.utils import timezone
from factory.declarations import LazyAttribute, LazyFunction, Sequence, SubFactory
from factory.django import DjangoModelFactory
from factory.helpers import post_generation

from dialogues.channel import channel_create
from dialogues.choices import AttributionMode, Role, RoomKind
from dialogues.consent import current_rule
from dialogues.models import AgendaItem, Consent, Dialogue, Membership, Party, Room, Session
from participants.accounts import reveal, stored_username
from participants.models import Profile, Sector

PASSWORD = "correct-horse-battery-staple"


@lru_cache(maxsize=1)
def password_hash() -> str:
    return make_password(PASSWORD)


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = get_user_model()

    username = Sequence(lambda n: f"user{n}")  # type: ignore[no-untyped-call]
    email = LazyAttribute(lambda o: f"{o.username}@example.org")  # type: ignore[no-untyped-call]
    password = LazyFunction(password_hash)  # type: ignore[no-untyped-call]

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        # Get or create by login name, which the row holds only as a keyed hash (participants/accounts.py);
        # an existing account comes back with its clear name and email in memory, like a new one.
        existing = model_class.objects.filter(username=stored_username(kwargs["username"])).first()
        if existing is not None:
            return reveal(existing)
        user: User = super()._create(model_class, *args, **kwargs)  # type: ignore[no-untyped-call]
        return user


class ProfileFactory(DjangoModelFactory[Profile]):
    class Meta:
        model = Profile
        django_get_or_create = ("user",)

    user = SubFactory(UserFactory)  # type: ignore[no-untyped-call]
    display_name = Sequence(lambda n: f"Person {n}")  # type: ignore[no-untyped-call]
    sector = Sector.ACADEMIC
    organisation = Sequence(lambda n: f"Institute {n}")  # type: ignore[no-untyped-call]


class DialogueFactory(DjangoModelFactory[Dialogue]):
    class Meta:
        model = Dialogue

    title = Sequence(lambda n: f"Dialogue {n}")  # type: ignore[no-untyped-call]
    background = "Confidential background about the conflict."
    objectives = "Find common ground."
    status = "active"


class PartyFactory(DjangoModelFactory[Party]):
    class Meta:
        model = Party

    dialogue = SubFactory(DialogueFactory)  # type: ignore[no-untyped-call]
    name = Sequence(lambda n: f"Party {n}")  # type: ignore[no-untyped-call]


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    dialogue = SubFactory(DialogueFactory)  # type: ignore[no-untyped-call]
    user = SubFactory(UserFactory)  # type: ignore[no-untyped-call]
    role = Role.PARTICIPANT


class SessionFactory(DjangoModelFactory[Session]):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    dialogue = SubFactory(DialogueFactory)  # type: ignore[no-untyped-call]
    title = Sequence(lambda n: f"Session {n}")  # type: ignore[no-untyped-call]
    starts_at = LazyFunction(lambda: timezone.now() + timedelta(days=1))  # type: ignore[no-untyped-call]
    duration_minutes = 90
    timezone = "Europe/Zurich"
    attribution_mode = AttributionMode.VEILED
    # Under way, so what is said is on the record (a scheduled session or its lobby records nothing);
    # lifecycle tests ask for scheduled or lobby explicitly.
    status = "live"

    @post_generation  # type: ignore[untyped-decorator]
    def plenary(obj: Session, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            Room.objects.get_or_create(session=obj, kind=RoomKind.PLENARY, defaults={"title": obj.title})
            channel_create(obj)


class AgendaItemFactory(DjangoModelFactory[AgendaItem]):
    class Meta:
        model = AgendaItem

    session = SubFactory(SessionFactory)  # type: ignore[no-untyped-call]
    position = Sequence(lambda n: n + 1)  # type: ignore[no-untyped-call]
    title = Sequence(lambda n: f"Item {n}")  # type: ignore[no-untyped-call]
    timebox_minutes = 15


def consent(user: User, dialogue: Dialogue) -> Consent:
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
) -> User:
    """A user with a profile, a membership in `dialogue`, and (for participants/observers) consent."""
    user = UserFactory.create(**({"username": username} if username else {}))
    ProfileFactory.create(user=user, **profile)
    if role == Role.PARTICIPANT and party is None:
        party = dialogue.parties.first()
    MembershipFactory.create(
        dialogue=dialogue, user=user, role=role, party=party if role != Role.LIAISON else None
    )
    if consented and role in (Role.PARTICIPANT, Role.OBSERVER):
        consent(user, dialogue)
    return user
