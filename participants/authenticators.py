"""Two-factor devices whose secrets a database dump does not reveal (issue 12, item 1).

django-otp's own plugins keep the TOTP seed (`otp_totp_totpdevice.key`) and the recovery codes
(`otp_static_statictoken.token`) in clear and have no setting to change that. These models are built from
django-otp's public pieces instead (`Device`, `ThrottlingMixin`, `TimestampMixin`), so its machinery still
finds them: `device_classes()` yields every installed subclass of `Device`, and `Device.from_persistent_id`
("participants.authenticator/7") loads them for `OTPMiddleware`, `django_otp.login` and room sockets.

- `Authenticator`: the TOTP seed is encrypted under the key ring (not a dialogue's data key: a person's
  sign-in is not dialogue data and must outlive any purge). `rotate_field_keys` re-encrypts it, as it
  does every `EncryptedTextField`.
- `RecoveryDevice` + `RecoveryCode`: only an HMAC of each code is stored, under a random key per device
  that is itself encrypted under the ring. A recovery code has only 40 bits, so a plain hash would be
  reversed by trying them all; the keyed hash cannot be checked without the ring. The HMAC key is the
  device's own, not a key derived from the ring's first key, so rotating the ring changes the stored
  ciphertext of that key but never the hashes: codes keep working after `rotate_field_keys`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from base64 import b32encode
from binascii import unhexlify
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import models
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP
from django_otp.util import random_hex

from core.crypto import EncryptedTextField

RECOVERY_HASH_PURPOSE = b"parley-recovery-code-v1\x00"


def new_totp_key() -> str:
    """A fresh TOTP seed: 20 random bytes as hex (what authenticator apps expect for SHA-1)."""
    return str(random_hex(20))


def new_recovery_secret() -> str:
    return secrets.token_hex(32)


def recovery_digest(secret_hex: str, code: str) -> str:
    """The keyed hash of a recovery code (normalised: no spaces or dashes, lower case)."""
    normalised = "".join(code.split()).replace("-", "").lower()
    return hmac.new(
        bytes.fromhex(secret_hex), RECOVERY_HASH_PURPOSE + normalised.encode("utf-8"), hashlib.sha256
    ).hexdigest()


class Authenticator(TimestampMixin, ThrottlingMixin, Device):  # type: ignore[misc]
    """An authenticator app (TOTP, RFC 6238): django-otp's `TOTPDevice` with the seed sealed.

    The fields and the verification are TOTPDevice's: `last_t` refuses a code twice, `drift` follows a
    phone whose clock is off, `tolerance` accepts the neighbouring 30-second steps.
    """

    key = EncryptedTextField(default=new_totp_key)  # hex, as django-otp keeps it
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(choices=[(6, 6), (8, 8)], default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)

    class Meta:
        verbose_name = "authenticator"

    @property
    def bin_key(self) -> bytes:
        return unhexlify(self.key.encode("ascii"))

    def get_throttle_factor(self) -> int:
        # django-otp's setting for its own TOTP devices, so operators tune both the same way.
        return int(getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1))

    def verify_token(self, token: Any) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        try:
            value = int(token)
        except (TypeError, ValueError):
            verified = False
        else:
            totp = TOTP(self.bin_key, self.step, self.t0, self.digits, self.drift)
            totp.time = time.time()
            # Only steps after the last accepted one: a code seen over a shoulder cannot be replayed.
            verified = bool(totp.verify(value, self.tolerance, self.last_t + 1))
            if verified:
                self.last_t = totp.t()
                if getattr(settings, "OTP_TOTP_SYNC", True):
                    self.drift = totp.drift
                self.throttle_reset(commit=False)
                self.set_last_used_timestamp(commit=False)
                self.save()
        if not verified:
            self.throttle_increment(commit=True)
        return verified

    @property
    def config_url(self) -> str:
        """The otpauth:// URI an authenticator app scans (the Key Uri Format TOTPDevice builds)."""
        label = str(self.user.get_username())
        params = urlencode(
            {
                "secret": b32encode(self.bin_key),
                "algorithm": "SHA1",
                "digits": self.digits,
                "period": self.step,
            }
        )
        issuer = str(getattr(settings, "OTP_TOTP_ISSUER", "") or "").replace(":", "")
        if issuer:
            label = f"{issuer}:{label}"
            params += f"&issuer={quote(issuer)}"
        return f"otpauth://totp/{quote(label)}?{params}"


class RecoveryDevice(TimestampMixin, ThrottlingMixin, Device):  # type: ignore[misc]
    """Single-use recovery codes (django-otp's `StaticDevice`), stored as keyed hashes."""

    secret = EncryptedTextField(default=new_recovery_secret)  # the HMAC key, hex

    class Meta:
        verbose_name = "recovery codes"

    def get_throttle_factor(self) -> int:
        return int(getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1))

    def codes_replace(self, codes: list[str]) -> None:
        self.codes.all().delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=self, digest=recovery_digest(self.secret, c)) for c in codes
        )

    def verify_token(self, token: Any) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        candidate = recovery_digest(self.secret, str(token))
        match: RecoveryCode | None = None
        # Every stored hash is compared, in constant time, with no early exit: how long a wrong code
        # takes says nothing about how close it was.
        for stored in self.codes.all():
            if hmac.compare_digest(stored.digest, candidate):
                match = stored
        if match is None:
            self.throttle_increment(commit=True)
            return False
        match.delete()  # single use
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True


class RecoveryCode(models.Model):
    """One unused recovery code, as `recovery_digest` of it; deleted when used."""

    device = models.ForeignKey(RecoveryDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"recovery code {self.pk}"
