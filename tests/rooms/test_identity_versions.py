"""What a frame may show about people is versioned, whatever path changes it: the admin, a command or a
form all save the model, and the save bumps the identity version of the open sessions, which every server
process compares before it builds a frame (tests/rooms/test_multiprocess_revocation.py shows that part)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from dialogues.choices import AttributionMode, Role
from dialogues.models import Membership, Session

pytestmark = pytest.mark.django_db


def _version(session: Session) -> int:
    return Session.objects.values_list("identity_version", flat=True).get(pk=session.pk)


def test_a_display_name_changed_in_the_admin_reaches_the_open_sessions(
    session: Session, participant: User
) -> None:
    before = _version(session)
    profile = participant.profile
    profile.display_name = "Paula Renamed"
    profile.save()  # what ModelAdmin.save_model does
    assert _version(session) > before


def test_a_mode_party_or_role_changed_in_the_admin_reaches_the_open_sessions(
    session: Session, participant: User
) -> None:
    v0 = _version(session)
    session.refresh_from_db()
    session.attribution_mode = (
        AttributionMode.NAMED
        if session.attribution_mode == AttributionMode.VEILED
        else AttributionMode.VEILED
    )
    session.save()
    v1 = _version(session)
    assert v1 > v0, "the new mode is not shown with names cached under the old one"

    membership = Membership.objects.get(user=participant, dialogue=session.dialogue)
    membership.party = session.dialogue.parties.exclude(pk=membership.party_id or 0).first()
    membership.save()
    v2 = _version(session)
    assert v2 > v1

    membership.role = Role.OBSERVER
    membership.save()
    assert _version(session) > v2


def test_saving_what_frames_do_not_show_leaves_the_version_alone(session: Session, participant: User) -> None:
    before = _version(session)
    profile = participant.profile
    profile.timezone = "Europe/Paris"
    profile.save()
    session.refresh_from_db()
    session.title = "Renamed session"
    session.save()
    assert _version(session) == before, "no needless reload of every room's identities"


def test_a_stale_copy_of_the_session_never_writes_an_older_version_back(
    session: Session, participant: User
) -> None:
    stale = Session.objects.get(pk=session.pk)
    profile = participant.profile
    profile.display_name = "Paula Renamed"
    profile.save()
    bumped = _version(session)
    stale.title = "Edited from a form opened before the rename"
    stale.save()
    assert _version(session) == bumped, "an older version would match a cache holding the old name"
    assert Session.objects.get(pk=session.pk).title == stale.title
