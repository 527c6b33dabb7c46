"""Writes for people: invitations, accounts, consent. Views call these; these own the transactions."""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.mail.message import sanitize_address
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from core.crypto import lookup_hash
from core.errors import ParleyError
from dialogues import services as dialogue_services
from dialogues.choices import Role
from dialogues.models import Dialogue, Membership, Party

from . import accounts
from .models import Invitation, Profile, Sector

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from .forms import ProfileForm


class InvitationError(ParleyError):
    """An invitation cannot be used; `code` is stable, the message is for people."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    token: str  # shown once, in the email; only its hash is stored

    @property
    def url(self) -> str:
        return settings.SITE_URL + reverse("participants:invitation", args=[self.token])


def invitation_create(
    *,
    dialogue: Dialogue,
    email: str,
    role: str,
    created_by: User,
    party: Party | None = None,
    display_name: str = "",
    valid_days: int | None = None,
    organisation: str = "",
    sector: str = "",
    position: str = "",
) -> IssuedInvitation:
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    if party is not None and party.dialogue_id != dialogue.pk:
        raise ValueError("the party belongs to another dialogue")
    if role == Role.LIAISON:
        party = None
    email = invitation_email(email)  # before anything is written: a bad address changes nothing
    invitation_duplicate_check(dialogue=dialogue, email=email)
    token = secrets.token_urlsafe(32)
    days = valid_days if valid_days is not None else settings.PARLEY_INVITATION_DAYS
    with transaction.atomic():
        invitation = Invitation.objects.create(
            dialogue=dialogue,
            email=email,
            role=role,
            party=party,
            display_name=display_name.strip(),
            organisation=organisation.strip(),
            sector=sector if sector in Sector.values else "",
            position=position.strip(),
            token_hash=token_hash(token),
            created_by=created_by,
            expires_at=timezone.now() + timedelta(days=days),
        )
        issued = IssuedInvitation(invitation=invitation, token=token)
        transaction.on_commit(lambda: _send_invitation_email(issued))
    return issued


def invitation_duplicate_check(*, dialogue: Dialogue, email: str) -> None:
    """A second invitation to the same address is refused, saying what to do instead."""
    pending = (
        Invitation.objects.filter(
            dialogue=dialogue,
            email_hash=lookup_hash("email", email),
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-created_at")
        .first()
    )
    if pending is not None:
        raise InvitationError(
            "conflict",
            gettext(
                "%(email)s already has an invitation to this dialogue that has not been used "
                "yet. Resend it from the list below instead of inviting again."
            )
            % {"email": email},
        )
    if Membership.objects.filter(
        dialogue=dialogue, user__account__email_hash=accounts.email_hash(email), is_active=True
    ).exists():
        raise InvitationError(
            "conflict", gettext("%(email)s is already a member of this dialogue.") % {"email": email}
        )


def invitation_resend(*, invitation: Invitation, by: User) -> IssuedInvitation:
    """A fresh link (and email) for a pending or expired invitation; the old link stops working.

    Only the token's hash is stored, so the old link cannot be shown again: resending is how a
    facilitator gets a link to copy."""
    if invitation.accepted_at is not None:
        raise InvitationError(
            "conflict",
            gettext("%(email)s has already accepted; there is nothing to resend.")
            % {"email": invitation.email},
        )
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        return invitation_create(
            dialogue=invitation.dialogue,
            email=invitation.email,
            role=invitation.role,
            party=invitation.party,
            display_name=invitation.display_name,
            organisation=invitation.organisation,
            sector=invitation.sector,
            position=invitation.position,
            created_by=by,
        )


def invitation_email(value: str) -> str:
    """An address to invite, normalised, or ParleyError `invalid`: the page form's rule (Django's
    EmailValidator: internationalised domains yes, non-ASCII local parts no), and one Django can send to."""
    email = value.strip().lower()
    try:
        validate_email(email)
        sanitize_address(email, "utf-8")  # what sending does; refuses e.g. a domain too long for IDNA
    except (ValidationError, ValueError):
        raise ParleyError("invalid", gettext("Enter a valid email address.")) from None
    return email


def _send_invitation_email(issued: IssuedInvitation) -> None:
    """Runs after commit: a mail server that refuses must neither undo the invitation nor make the caller
    retry it (a duplicate). It is logged; the facilitator can withdraw it and invite again."""
    invitation = issued.invitation
    context = {"invitation": invitation, "url": issued.url, "dialogue_title": invitation.dialogue.title}
    try:
        send_mail(
            subject=f"Invitation to a Parley dialogue: {invitation.dialogue.title}",
            message=render_to_string("participants/email/invitation.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[invitation.email],
        )
    except Exception:
        log.exception("invitation %s: the email could not be sent", invitation.pk)


def invitation_revoke(*, invitation: Invitation) -> bool:
    """Revoke a pending invitation. Returns False if it was already used or revoked."""
    updated = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    return updated == 1


def invitation_check(token: str) -> Invitation:
    """The usable invitation for a token, or an InvitationError saying why not."""
    invitation = (
        Invitation.objects.select_related("dialogue", "party").filter(token_hash=token_hash(token)).first()
    )
    if invitation is None:
        raise InvitationError(
            "invalid", gettext("This invitation link is not valid. Check that you copied all of it.")
        )
    if invitation.revoked_at is not None:
        raise InvitationError("revoked", gettext("This invitation has been withdrawn by the facilitator."))
    if invitation.accepted_at is not None:
        raise InvitationError(
            "used", gettext("This invitation has already been used. Log in to reach the dialogue.")
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationError(
            "expired", gettext("This invitation has expired. Ask the facilitator for a new one.")
        )
    return invitation


def _claim(invitation: Invitation, user: User) -> None:
    # Compare-and-swap: two tabs accepting at once must not both succeed.
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).update(accepted_at=timezone.now(), accepted_by=user)
    if claimed != 1:
        raise InvitationError("used", gettext("This invitation has already been used or withdrawn."))


def _join(invitation: Invitation, user: User) -> Membership:
    membership, created = Membership.objects.get_or_create(
        dialogue=invitation.dialogue,
        user=user,
        defaults={"role": invitation.role, "party": invitation.party},
    )
    if not created:
        if membership.is_active and membership.role != invitation.role:
            raise InvitationError(
                "already_member",
                gettext("You are already in this dialogue as %(role)s.")
                % {"role": membership.get_role_display().lower()},
            )
        membership.is_active = True
        membership.role = invitation.role
        membership.party = invitation.party
        # The save bumps the identity version of its open sessions (dialogues/signals.py).
        membership.save(update_fields=["is_active", "role", "party"])
    dialogue_services.membership_seat(membership=membership)
    return membership


def invitation_accept_existing(*, token: str, user: User) -> Membership:
    """Accept with the logged-in account, which must own the invited address."""
    invitation = invitation_check(token)
    if accounts.account_email(user).strip().lower() != invitation.email:
        raise InvitationError(
            "wrong_account",
            gettext(
                "This invitation was sent to a different email address than the account you are logged in "
                "with. Log out, then open the link again."
            ),
        )
    with transaction.atomic():
        _claim(invitation, user)
        return _join(invitation, user)


def invitation_accept_new(
    *,
    token: str,
    username: str,
    password: str,
    display_name: str,
    tz: str = "UTC",
    organisation: str = "",
    sector: str = "",
    position: str = "",
    language: str = "",
) -> tuple[User, Membership]:
    """Create an account for the invited address and accept with it."""
    invitation = invitation_check(token)
    if accounts.email_taken(invitation.email):
        raise InvitationError(
            "account_exists",
            gettext("An account already uses this email address. Log in to accept the invitation."),
        )
    try:
        with transaction.atomic():
            user = User.objects.create_user(username=username, email=invitation.email, password=password)
            Profile.objects.create(
                user=user,
                display_name=display_name or invitation.display_name or username,
                timezone=tz,
                country=invitation.party.name if invitation.party else "",
                # Confirmed by the invitee at sign-up: the roster redaction uses is built from these.
                organisation=organisation or invitation.organisation,
                sector=sector or invitation.sector or Sector.OTHER,
                roles=[r for r in [position or invitation.position] if r],
                language=language if language in {c for c, _name in settings.LANGUAGES} else "",
            )
            _claim(invitation, user)
            membership = _join(invitation, user)
    except IntegrityError as exc:
        raise InvitationError("username_taken", gettext("That username is taken; choose another.")) from exc
    return user, membership


def profile_save(*, form: ProfileForm) -> Profile:
    """Save one's profile; rooms that show the display name show the new one from their next frame
    (the save bumps their identity version: participants/signals.py)."""
    with transaction.atomic():
        return form.save()


def profile_ensure(user: User, display_name: str = "", sector: str = Sector.OTHER) -> Profile:
    profile, _ = Profile.objects.get_or_create(
        user=user, defaults={"display_name": display_name or accounts.account_name(user), "sector": sector}
    )
    return profile
