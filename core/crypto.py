"""Encryption at rest for what people write (messages, captured items, confidential background).

Keys come from `settings.PARLEY_FIELD_KEYS` (Fernet keys). The first key encrypts; every key decrypts,
so rotation is: put a new key first, run `manage.py rotate_field_keys`, then drop the old key.
A value that no key decrypts raises `FieldDecryptionError`: ciphertext is never handed out as text.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.expressions import Combinable


class FieldDecryptionError(Exception):
    """Stored ciphertext could not be decrypted with any configured key."""


@lru_cache(maxsize=4)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("PARLEY_FIELD_KEYS is empty: no key to encrypt fields with.")
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(f"PARLEY_FIELD_KEYS holds an invalid Fernet key: {exc}") from exc


def _keys() -> MultiFernet:
    return _multifernet(tuple(settings.PARLEY_FIELD_KEYS))


def encrypt_text(plaintext: str) -> str:
    return _keys().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    try:
        return _keys().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as exc:
        raise FieldDecryptionError("a stored field could not be decrypted with any configured key") from exc


def rotate_token(token: str) -> str:
    """Re-encrypt a stored token under the first (newest) key."""
    try:
        return _keys().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise FieldDecryptionError("a stored field could not be decrypted with any configured key") from exc


# Generic in (value assigned, value read), as django-stubs types every field.
class EncryptedTextField(models.TextField[str | Combinable, str]):
    """A text column whose content is Fernet ciphertext in the database and plain text in Python.

    The empty string is stored as is, so optional fields stay cheap; lookups other than `isnull` and
    exact-empty are meaningless on ciphertext and are not used.
    """

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(str(value))


def rotate_all(batch_size: int = 500) -> int:
    """Re-encrypt every encrypted column under the newest key. Returns the number of values rewritten.

    Reading decrypts with whichever key fits; writing back encrypts with the first key.
    """
    from django.apps import apps
    from django.db import transaction

    rewritten = 0
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if not names:
            continue
        manager = model._base_manager
        last_pk: Any = None
        while True:
            page = manager.order_by("pk")
            if last_pk is not None:
                page = page.filter(pk__gt=last_pk)
            rows = list(page.values("pk", *names)[:batch_size])
            with transaction.atomic():
                for row in rows:
                    changes = {n: row[n] for n in names if row[n]}
                    if changes:
                        manager.filter(pk=row["pk"]).update(**changes)
                        rewritten += len(changes)
            if len(rows) < batch_size:
                break
            last_pk = rows[-1]["pk"]
    return rewritten
