"""Changes that can start anywhere (a form, the admin, a management command, another app), caught at the
model, so no path can forget them:

- revocations: a password or deactivation on the account, a role or membership change, a sign-out. Each
  writes a `Revocation` in the same transaction as the change (see `dialogues.revocation`), so the
  person's open room sockets close on every server process;
- identities: a session's attribution mode, a member's role, party or membership. Each bumps the
  sessions' identity version (`services.identities_changed`), so no process shows what it had cached;
- deleting an account outright while its messages are kept: refused, as the foreign key once did.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_out
from django.db.models import ProtectedError
from django.db.models.signals import post_save, pre_delete, pre_save
from django.http import HttpRequest

from . import revocation, services
from .authorship import words_kept
from .models import Membership, Session

# Set in pre_save (which still sees the stored row), acted on in post_save (once the row is written).
_IDENTITIES = "_parley_identities_changed"


def _changed(instance: Any, fields: tuple[str, ...], update_fields: Any) -> dict[str, Any] | None:
    """The stored values of `fields` when a save may change them, else None (new row, or not saved)."""
    if instance.pk is None or (update_fields is not None and not set(fields) & set(update_fields)):
        return None
    stored: dict[str, Any] | None = type(instance).objects.filter(pk=instance.pk).values(*fields).first()
    return stored


def account_changed(sender: type[User], instance: User, update_fields: Any = None, **kwargs: Any) -> None:
    before = _changed(instance, ("password", "is_active"), update_fields)
    if before is None:
        return
    if before["is_active"] and not instance.is_active:
        revocation.user_revoked(user_id=instance.pk, reason="deactivated")
    elif before["password"] != instance.password:
        revocation.user_revoked(user_id=instance.pk, reason="password")


def membership_changed(
    sender: type[Membership], instance: Membership, update_fields: Any = None, **kwargs: Any
) -> None:
    before = _changed(instance, ("role", "is_active", "party_id"), update_fields)
    if before is None:
        return
    if any(before[f] != getattr(instance, f) for f in ("role", "is_active", "party_id")):
        setattr(instance, _IDENTITIES, True)
    if not before["is_active"]:
        return
    if not instance.is_active or before["role"] != instance.role:
        reason = "removed" if not instance.is_active else "role"
        revocation.dialogue_revoked(dialogue_id=instance.dialogue_id, user_id=instance.user_id, reason=reason)


def session_changed(
    sender: type[Session], instance: Session, update_fields: Any = None, **kwargs: Any
) -> None:
    before = _changed(instance, ("attribution_mode",), update_fields)
    if before is not None and before["attribution_mode"] != instance.attribution_mode:
        setattr(instance, _IDENTITIES, True)


def identities_saved(
    sender: type[Session | Membership], instance: Session | Membership, **kwargs: Any
) -> None:
    if not instance.__dict__.pop(_IDENTITIES, False):
        return
    if isinstance(instance, Session):
        services.identities_changed(session_ids=[instance.pk])
    else:
        services.identities_changed(dialogue_ids=[instance.dialogue_id])


def account_deleting(sender: type[User], instance: User, **kwargs: Any) -> None:
    """Refuse to delete outright an account whose words are in a transcript, as the foreign key from a
    message once did (the link is sealed now: dialogues.authorship). Account deletion keeps a stub."""
    said = words_kept(instance)
    if said.exists():
        raise ProtectedError(
            "An account whose messages are kept cannot be deleted; delete it from its profile instead.",
            set(said[:1]),
        )


def signed_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    key = request.session.session_key
    if user is not None and key:
        revocation.login_revoked(user_id=user.pk, session_key=key)


def connect() -> None:
    pre_save.connect(account_changed, sender=User, dispatch_uid="parley-account-revocation")
    pre_save.connect(membership_changed, sender=Membership, dispatch_uid="parley-membership-revocation")
    pre_save.connect(session_changed, sender=Session, dispatch_uid="parley-session-identities")
    for model in (Session, Membership):
        post_save.connect(identities_saved, sender=model, dispatch_uid=f"parley-{model.__name__}-identities")
    user_logged_out.connect(signed_out, dispatch_uid="parley-sign-out-revocation")
    pre_delete.connect(account_deleting, sender=User, dispatch_uid="parley-account-keeps-transcripts")
