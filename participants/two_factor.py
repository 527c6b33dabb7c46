"""Two-factor sign-in: TOTP (an authenticator app) with single-use recovery codes, on django-otp.

- Who must enrol: the roles in PARLEY_REQUIRE_2FA_ROLES (default facilitators and liaisons). A
  facilitator is anyone who may create dialogues (the "Facilitators" group, `dialogues.add_dialogue`,
  superusers) or holds an active facilitator membership; a liaison holds an active liaison membership.
  Anyone else may opt in.
- Sign-in is two steps. After the password, a person with a device (or who must enrol) is *not* signed
  in: the session only remembers who is half-way ("pending", 10 minutes), so no page, API call or room
  socket sees them as signed in until the code (or enrolment) is done.
- A session that is signed in without a verified device (a session from before enrolment, a role
  gained later, an invitation sign-up) is sent to the code page or to enrolment by
  `participants.middleware.TwoFactorMiddleware`, and the API's session authentication refuses it.
- Wrong codes count as failed sign-ins for django-axes (the account locks like for passwords), and
  django-otp's own per-device throttle adds a growing delay after each wrong code.
- The devices are ours (participants/authenticators.py): the TOTP seed is encrypted under the key ring
  and recovery codes are kept only as keyed hashes, so a database dump reveals neither. The seed of an
  authenticator being set up waits in the session encrypted too (sessions are rows in the database).
"""

from __future__ import annotations

import re
import secrets
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass
from datetime import datetime, timedelta
from io import BytesIO
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from django_otp.oath import TOTP

from core.crypto import FieldDecryptionError, decrypt_text, encrypt_text
from core.errors import ParleyError
from dialogues.choices import Role
from dialogues.models import Membership

from .authenticators import Authenticator, RecoveryCode, RecoveryDevice, new_totp_key

ROLES = ("facilitator", "liaison")
RECOVERY_CODES = 10
TOTP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
PENDING_KEY = "parley_2fa_pending"
PENDING_MINUTES = 10


class TwoFactorError(ParleyError):
    """A code refused (`invalid_code`), or a step taken out of order (`two_factor_required`)."""


# --- who must use it ------------------------------------------------------------------------------


def required_roles(user: AbstractBaseUser | AnonymousUser) -> set[str]:
    """The roles of this person that require two-factor sign-in under PARLEY_REQUIRE_2FA_ROLES."""
    wanted = set(settings.PARLEY_REQUIRE_2FA_ROLES) & set(ROLES)
    if not wanted or not isinstance(user, User) or user.pk is None:
        return set()
    found: set[str] = set()
    memberships = set(
        Membership.objects.filter(
            user_id=user.pk, is_active=True, role__in=[Role.FACILITATOR, Role.LIAISON]
        ).values_list("role", flat=True)
    )
    if "facilitator" in wanted and (
        Role.FACILITATOR in memberships or user.has_perm("dialogues.add_dialogue")
    ):
        found.add("facilitator")
    if "liaison" in wanted and Role.LIAISON in memberships:
        found.add("liaison")
    return found


def totp_device(user: Any) -> Authenticator | None:
    """The person's confirmed authenticator, or None."""
    device: Authenticator | None = (
        Authenticator.objects.filter(user_id=user.pk, confirmed=True).order_by("-pk").first()
    )
    return device


def is_enrolled(user: Any) -> bool:
    return bool(Authenticator.objects.filter(user_id=user.pk, confirmed=True).exists())


def session_satisfied(request: HttpRequest) -> bool:
    """Whether a signed-in session may be used: verified with a device, or with neither a device nor
    a role that requires one."""
    user = request.user
    if not user.is_authenticated:
        return False
    verified = getattr(user, "is_verified", None)
    if verified is not None and verified():
        return True
    return not is_enrolled(user) and not required_roles(user)


# --- the half-way state between password and code --------------------------------------------------


@dataclass(frozen=True)
class Pending:
    user: User
    backend: str
    next_url: str


def pending_start(request: HttpRequest, *, user: User, backend: str, next_url: str) -> None:
    request.session.cycle_key()  # a fresh key for the half-signed-in state
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": backend,
        "next": next_url,
        "at": timezone.now().isoformat(),
    }


def pending_get(request: HttpRequest) -> Pending | None:
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict):
        return None
    try:
        started = datetime.fromisoformat(str(data["at"]))
        user = get_user_model().objects.get(pk=int(data["user"]), is_active=True)
    except (KeyError, ValueError, TypeError, get_user_model().DoesNotExist):
        pending_clear(request)
        return None
    if timezone.now() - started > timedelta(minutes=PENDING_MINUTES):
        pending_clear(request)
        return None
    return Pending(user=user, backend=str(data.get("backend", "")), next_url=str(data.get("next", "")))


def pending_clear(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)


# --- enrolment ------------------------------------------------------------------------------------


ENROL_KEY = "parley_2fa_enrol_key"


@dataclass(frozen=True)
class Enrolment:
    """An authenticator being set up: its secret lives in the session until a code confirms it."""

    key: str  # hex, as Authenticator (and django-otp's TOTPDevice) keeps it
    user: User

    @property
    def secret(self) -> str:
        raw = b32encode(unhexlify(self.key)).decode("ascii").rstrip("=")
        return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))

    @property
    def config_url(self) -> str:
        return Authenticator(user=self.user, key=self.key, name=TOTP_NAME).config_url

    def qr_svg(self) -> str:
        """The otpauth:// URI as an inline SVG QR code, drawn here (no network, no script)."""
        import qrcode
        from qrcode.image.svg import SvgPathImage

        image = qrcode.make(self.config_url, image_factory=SvgPathImage, box_size=8, border=4)
        out = BytesIO()
        image.save(out)
        # Drop the XML declaration so the SVG can sit inside the page.
        return re.sub(r"^<\?xml[^>]*>\s*", "", out.getvalue().decode("utf-8"))


def enrolment_key(request: HttpRequest) -> str | None:
    """The seed of the authenticator being set up, or None (none yet, or unreadable: start again)."""
    sealed = request.session.get(ENROL_KEY)
    if not isinstance(sealed, str):
        return None
    try:
        key = decrypt_text(sealed)
    except (FieldDecryptionError, ValueError):
        return None
    return key if re.fullmatch(r"[0-9a-f]{40}", key) else None


def enrolment_start(request: HttpRequest, user: User) -> Enrolment:
    key = enrolment_key(request)
    if key is None:
        key = new_totp_key()
        request.session[ENROL_KEY] = encrypt_text(key)
    return Enrolment(key=key, user=user)


def _digits(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "")


def enrolment_confirm(request: HttpRequest, *, user: User, code: str) -> tuple[Authenticator, list[str]]:
    """Confirm the authenticator being set up with a code from it: returns the new device and new
    recovery codes (shown once). Any older authenticator of the person is replaced."""
    key = enrolment_key(request)
    if key is None:
        raise TwoFactorError(
            "invalid_code", gettext("This set-up has expired; scan the new code and try again.")
        )
    token = _digits(code)
    if not re.fullmatch(r"\d{6}", token):
        raise TwoFactorError("invalid_code", gettext("Enter the 6-digit code your authenticator app shows."))
    totp = TOTP(unhexlify(key), step=30, t0=0, digits=6, drift=0)
    if not totp.verify(int(token), tolerance=1):
        raise TwoFactorError(
            "invalid_code",
            gettext(
                "That code did not match. Check that your device's clock is right, wait for the next code "
                "and try again."
            ),
        )
    with transaction.atomic():
        Authenticator.objects.filter(user=user).delete()
        device = Authenticator.objects.create(
            user=user, name=TOTP_NAME, key=key, confirmed=True, last_t=totp.t(), drift=totp.drift
        )
        codes = recovery_codes_new(user=user)
    request.session.pop(ENROL_KEY, None)
    return device, codes


def recovery_codes_new(*, user: User) -> list[str]:
    """Replace the person's recovery codes with RECOVERY_CODES new ones; each works once."""
    with transaction.atomic():
        device, _ = RecoveryDevice.objects.get_or_create(
            user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
        )
        # 8 base32 characters (40 bits), as django-otp's StaticToken.random_token makes them.
        codes = [b32encode(secrets.token_bytes(5)).decode("ascii").lower() for _ in range(RECOVERY_CODES)]
        device.codes_replace(codes)
    return [f"{c[:4]}-{c[4:]}" for c in codes]


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(device__user=user, device__confirmed=True).count()


def two_factor_off(*, user: User) -> None:
    if required_roles(user):
        raise TwoFactorError(
            "forbidden", gettext("Your role requires two-factor sign-in; it cannot be turned off.")
        )
    with transaction.atomic():
        Authenticator.objects.filter(user=user).delete()
        RecoveryDevice.objects.filter(user=user).delete()


# --- the second step ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    device: Authenticator | RecoveryDevice | None
    wait_until: datetime | None = None  # django-otp's throttle: too many wrong codes in a row


def code_check(*, user: User, code: str) -> Checked:
    """Check a 6-digit authenticator code or a recovery code (which is then used up)."""
    token = _digits(code).lower()
    if re.fullmatch(r"\d{6}", token):
        model: type[Authenticator] | type[RecoveryDevice] = Authenticator
    elif re.fullmatch(r"[a-z2-7]{8}", token):
        model = RecoveryDevice
    else:
        return Checked(device=None)
    with transaction.atomic():
        for device in model.objects.select_for_update().filter(user=user, confirmed=True):
            allowed, info = device.verify_is_allowed()
            if not allowed:
                return Checked(device=None, wait_until=(info or {}).get("locked_until"))
            if device.verify_token(token):
                return Checked(device=device)
    return Checked(device=None)
