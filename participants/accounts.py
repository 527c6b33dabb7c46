"""Sealed sign-in identities: `auth_user` holds no name or address in clear.

On every save of an account, `username` becomes a keyed hash of the login name (`~` + HMAC hex: the `~`
is outside what a login name may contain, so a stored value is never mistaken for a typed one), and
`email`, `first_name` and `last_name` are blanked; their values go to `participants.Account`, encrypted
under the key ring, with a keyed hash of the email for lookups. The instance in memory keeps the clear
values after the save, so code holding it (a sign-up, a test's factory) carries on; an account loaded
from the database shows the hash until `reveal` fills it in.

Signing in (`SealedModelBackend`), password reset (`SealedPasswordResetForm`) and the lockout's username
(`participants.lockout.axes_username`) look people up by the hashes.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import User
from django.db.models.signals import post_save, pre_save
from django.http import HttpRequest

from core.crypto import lookup_hash

from .models import Account

HASHED = "~"
_CLEAR = "_parley_clear_identity"


def stored_username(login_name: str) -> str:
    """What `auth_user.username` holds for a login name (or the value itself if it is already stored)."""
    if login_name.startswith(HASHED):
        return login_name
    return HASHED + lookup_hash("login", login_name)


def email_hash(email: str) -> str:
    return lookup_hash("email", email) if email.strip() else ""


def user_by_email(email: str) -> User | None:
    """The account whose sealed address is `email` (case-insensitive), or None."""
    if not email.strip():
        return None
    return User.objects.filter(account__email_hash=email_hash(email)).order_by("pk").first()


def email_taken(email: str) -> bool:
    return bool(email.strip()) and Account.objects.filter(email_hash=email_hash(email)).exists()


def _account(user: User) -> Account | None:
    try:
        return user.account
    except Account.DoesNotExist:
        return None


def account_name(user: User) -> str:
    """The login name the person chose (shown to them and to facilitators), never the stored hash."""
    if not user.username.startswith(HASHED):
        return user.username  # in memory, before or right after a save
    account = _account(user)
    return account.login_name if account is not None else ""


def account_email(user: User) -> str:
    if user.email:
        return user.email
    account = _account(user)
    return account.email if account is not None else ""


def account_full_name(user: User) -> str:
    full = user.get_full_name().strip()
    if full:
        return full
    account = _account(user)
    return account.full_name if account is not None else ""


def reveal(user: User) -> User:
    """Fill in the clear login name, email and names of a loaded account, in memory only."""
    account = _account(user)
    if account is not None:
        user.username = account.login_name or user.username
        user.email = account.email
        first, _, last = account.full_name.partition(" ")
        user.first_name, user.last_name = first, last
    return user


def _sealing(sender: type[User], instance: User, update_fields: Any = None, **kwargs: Any) -> None:
    clear = {
        "login_name": "" if instance.username.startswith(HASHED) else instance.username,
        "email": instance.email,
        "full_name": f"{instance.first_name} {instance.last_name}".strip(),
    }
    setattr(instance, _CLEAR, (clear, instance.username, instance.first_name, instance.last_name))
    instance.username = stored_username(instance.username)
    instance.email = instance.first_name = instance.last_name = ""


def _sealed(sender: type[User], instance: User, update_fields: Any = None, **kwargs: Any) -> None:
    clear, username, first, last = instance.__dict__.pop(_CLEAR)
    instance.first_name, instance.last_name = first, last
    instance.email = clear["email"]
    instance.username = username
    changes = {
        key: value
        for key, value in clear.items()
        # A save of a loaded account (its last sign-in, a new password) carries blanks: keep the seal.
        if value and (update_fields is None or _touches(update_fields, key))
    }
    if not changes and not kwargs.get("created"):
        return
    if "email" in changes:
        changes["email_hash"] = email_hash(changes["email"])
    Account.objects.update_or_create(user=instance, defaults=changes)


def _touches(update_fields: Any, key: str) -> bool:
    columns = {"login_name": {"username"}, "email": {"email"}, "full_name": {"first_name", "last_name"}}
    return bool(columns[key] & set(update_fields))


def connect() -> None:
    pre_save.connect(_sealing, sender=User, dispatch_uid="parley-account-sealing")
    post_save.connect(_sealed, sender=User, dispatch_uid="parley-account-sealed")


class SealedModelBackend(ModelBackend):
    """Django's password backend, finding the account by the keyed hash of the login name typed, or of
    the email address when no login name matches."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        stored = stored_username(username)
        if "@" in username and not User.objects.filter(username=stored).exists():
            by_email = user_by_email(username)
            if by_email is not None:
                stored = by_email.username
        return super().authenticate(request, username=stored, password=password, **kwargs)


class SealedPasswordResetForm(PasswordResetForm):
    """Finds the account by the keyed hash of the address and mails the sealed address. The account is
    passed on as loaded (blank email), so the token made here is the one the reset link checks."""

    def get_users(self, email: str) -> Any:
        user = user_by_email(email)
        if user is not None and user.is_active and user.has_usable_password():
            yield user

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context["user"]
        address = account_email(user)
        context = {**context, "email": address, "login_name": account_name(user)}
        super().send_mail(
            subject_template_name, email_template_name, context, from_email, address, html_email_template_name
        )
