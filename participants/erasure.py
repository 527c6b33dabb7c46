"""A person deletes their account (issue 12, item 2; docs/data-lifecycle.md).

Their identity is erased everywhere: the profile and the sealed sign-in identity are deleted, invitations
to their address and the ones they accepted are deleted, their tokens, authenticators and sessions end,
and the `auth_user` row is kept only as an anonymous, disabled stub (random hashed name, no password, no
email), because released documents, audit entries and the rows that count votes and airtime refer to it
by id. What they said is withdrawn from every transcript that is still kept (the message text is
replaced by nothing, as a retraction is); their words remain only in summaries already released, which
are anonymised. A receipt (counts only) and an `account.erased` audit entry record it.
"""

from __future__ import annotations

import secrets

from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from core.audit import audit_record
from core.errors import ParleyError
from core.models import ErasureReceipt
from dialogues.authorship import written_by_anywhere
from dialogues.models import Membership, Message, MessageRendering

from . import accounts, sessions
from .models import Account, ApiToken, Authenticator, Invitation, Profile, RecoveryDevice

ERASED = "~erased-"


def account_delete(*, user: User, password: str) -> ErasureReceipt:
    """Erase the person's identity; `password` confirms it is them (a stolen session cannot do it)."""
    if not user.has_usable_password() or not user.check_password(password):
        raise ParleyError("invalid", gettext("That password is not right; your account was not deleted."))
    if user.is_superuser:
        raise ParleyError(
            "forbidden", gettext("An administrator's account is removed by another administrator.")
        )
    counts: dict[str, int] = {}
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        address = accounts.account_email(user)
        invitations = Invitation.objects.filter(accepted_by=user)
        if address:
            invitations = invitations | Invitation.objects.filter(email_hash=accounts.email_hash(address))
        counts["invitations"] = invitations.distinct().count()
        Invitation.objects.filter(pk__in=invitations.values("pk")).delete()
        # The author link is a tag per dialogue (dialogues.authorship); one can only speak in a dialogue
        # one is a member of, and memberships are closed, never deleted.
        theirs = Message.objects.filter(
            written_by_anywhere(
                Membership.objects.filter(user=user).values_list("dialogue_id", flat=True), user.pk
            )
        )
        said = theirs.filter(removed_at__isnull=True)
        counts["messages_withdrawn"] = said.count()
        MessageRendering.objects.filter(message__in=theirs).delete()
        # Withdrawn like a retraction (rooms show "retracted"), and the text itself overwritten.
        said.update(removed_at=timezone.now(), removal=Message.Removal.RETRACTED)
        theirs.update(body="")
        counts["profile"] = Profile.objects.filter(user=user).delete()[0]
        counts["sign_in_identity"] = Account.objects.filter(user=user).delete()[0]
        counts["api_tokens"] = ApiToken.objects.filter(user=user).delete()[0]
        counts["authenticators"] = (
            Authenticator.objects.filter(user=user).delete()[0]
            # Devices, not the recovery codes deleted with them.
            + RecoveryDevice.objects.filter(user=user).delete()[1].get("participants.RecoveryDevice", 0)
        )
        counts["memberships_closed"] = Membership.objects.filter(user=user, is_active=True).update(
            is_active=False
        )
        AccessAttempt.objects.filter(username=user.username).delete()
        sessions.sign_out_everywhere(user=user)  # closes their room sockets on commit, too
        # A stub for the ids that released documents and audit entries hold; nothing in it names anyone.
        user.username = ERASED + secrets.token_hex(16)
        user.email = user.first_name = user.last_name = ""
        user.set_unusable_password()
        user.is_active = user.is_staff = False
        user.save()
        Account.objects.filter(user=user).delete()  # the save above made an empty one
        entry = audit_record("account.erased", actor_id=user.pk, target=f"user:{user.pk}", detail=counts)
        return ErasureReceipt.objects.create(
            kind=ErasureReceipt.Kind.ACCOUNT,
            at=timezone.now(),
            policy="account-deleted",
            counts=counts,
            audit_seq=entry.seq,
        )
