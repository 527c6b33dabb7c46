"""Encryption at rest for what people write (messages, captured items, confidential background).

Keys come from `settings.PARLEY_FIELD_KEYS` (Fernet keys). The first key encrypts; every key decrypts,
so rotation is: put a new key first, run `manage.py rotate_field_keys`, then drop the old key.
A value that no key decrypts raises `FieldDecryptionError`: ciphertext is never handed out as text.

**Data keys.** A row whose model names an encryption scope (`encryption_scope()`, e.g. a message's
`dialogue:<id>`) is encrypted under that scope's own data key instead, stored as `dk:<key id>:<token>`.
The data key is random, kept wrapped by the key ring in `core_datakey`, and unwrapped once per process.
Destroying it (`data_key_destroy`) makes every copy of the scope's text undecryptable, backups included:
that is how a dialogue's transcript is erased. Rotation of the ring re-wraps the data keys; the text
under them is not touched.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
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


DATA_KEY_PREFIX = "dk:"


class Sealed(str):
    """A value already encrypted under a data key (by `pre_save`): stored as is."""


@lru_cache(maxsize=4096)
def _data_key(ref: str, wrapped: str) -> Fernet:
    return Fernet(decrypt_text(wrapped).encode("ascii"))


# Per process, so reading a transcript costs no query per message. A key destroyed by another process
# stays usable here only for rows that are being deleted with it.
_scope_keys: dict[str, tuple[str, str]] = {}
_wrapped_by_ref: dict[str, str] = {}


def data_key_for(scope: str) -> tuple[str, Fernet]:
    """The scope's data key (created on first use), as (ref, key)."""
    known = _scope_key_row(scope, create=True)
    assert known is not None
    return known[0], _data_key(*known)


def _scope_key_row(scope: str, *, create: bool) -> tuple[str, str] | None:
    """The scope's data key as stored, (ref, wrapped); None when it has none and `create` is false."""
    from django.db import IntegrityError, transaction

    from .models import DataKey

    known = _scope_keys.get(scope)
    if known is None:
        row = DataKey.objects.filter(scope=scope).values_list("ref", "wrapped").first()
        if row is None and not create:
            return None
        if row is None:
            try:
                with transaction.atomic():
                    created = DataKey.objects.create(
                        scope=scope, wrapped=encrypt_text(Fernet.generate_key().decode())
                    )
                row = (created.ref, created.wrapped)
            except IntegrityError:  # another process created it first: use theirs
                row = DataKey.objects.filter(scope=scope).values_list("ref", "wrapped").get()
        known = (str(row[0]), str(row[1]))
        _remember(_scope_keys, scope, known)
    return known


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> None:
    """Cache a key only once it is committed: a key created (or read) inside a transaction that then rolls
    back would otherwise seal later text under a key no other process can find."""
    from django.db import connection, transaction

    if connection.in_atomic_block:
        transaction.on_commit(lambda: cache.__setitem__(key, value))
    else:
        cache[key] = value


def dialogue_scope(dialogue_id: int) -> str:
    """The data-key scope of everything said and written in one dialogue."""
    return f"dialogue:{dialogue_id}"


def seal_text(scope: str, plaintext: str) -> Sealed:
    ref, key = data_key_for(scope)
    return Sealed(f"{DATA_KEY_PREFIX}{ref}:{key.encrypt(plaintext.encode('utf-8')).decode('ascii')}")


def _wrapped_of(ref: str) -> str:
    from .models import DataKey

    wrapped = _wrapped_by_ref.get(ref)
    if wrapped is None:
        wrapped = DataKey.objects.filter(ref=ref).values_list("wrapped", flat=True).first()
        if wrapped is None:
            raise FieldDecryptionError("the data key of a stored field was destroyed")
        _remember(_wrapped_by_ref, ref, wrapped)
    return wrapped


def _open_sealed(token: str) -> str:
    ref, _, body = token[len(DATA_KEY_PREFIX) :].partition(":")
    wrapped = _wrapped_of(ref)
    try:
        return _data_key(ref, wrapped).decrypt(body.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as exc:
        raise FieldDecryptionError("a stored field could not be decrypted with its data key") from exc


# --- sealed links to a person (a message's author, a rendering's interpreter) ----------------------------
#
# A row that says who wrote it stores two values instead of a foreign key to `auth_user`:
# - a *tag*, HMAC-SHA-256 of the account id under a key derived from the scope's data key: equal for one
#   person's rows in one dialogue, so it serves equality (a resend's unique constraint, "is this my
#   message", erasure) without saying whose they are;
# - a *seal*, the account id encrypted under the same data key, for code that must know who it was.
# Destroying the data key leaves both meaningless. A dump still shows which rows of one dialogue share an
# author (the tag repeats), never which account that is.

PERSON_TAG_LENGTH = 64  # hex digits of the HMAC


@lru_cache(maxsize=4096)
def _tag_key(ref: str, wrapped: str) -> bytes:
    # Derived, not the data key itself: the tag must never be usable as (or against) the Fernet key.
    raw = base64.urlsafe_b64decode(decrypt_text(wrapped))
    return hmac.new(raw, b"parley-person-tag-v1", hashlib.sha256).digest()


def _tag(key: bytes, user_id: int, context: str = "") -> str:
    text = f"{context}\x00{int(user_id)}" if context else str(int(user_id))
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def person_tag(scope: str, user_id: int, context: str = "") -> str:
    """The keyed tag of an account within a scope (its data key is created on first use). A `context`
    (e.g. "vote:<session id>") gives tags that cannot be joined with the scope's other tags."""
    row = _scope_key_row(scope, create=True)
    assert row is not None
    return _tag(_tag_key(*row), user_id, context)


def person_tag_if_keyed(scope: str, user_id: int, context: str = "") -> str | None:
    """The tag, or None when the scope has no data key (never had rows, or was purged): nothing to find."""
    row = _scope_key_row(scope, create=False)
    return None if row is None else _tag(_tag_key(*row), user_id, context)


def person_seal(scope: str, user_id: int) -> Sealed:
    """The account id sealed under the scope's data key (a new ciphertext each time)."""
    return seal_text(scope, str(int(user_id)))


# Tag -> account id, per process: resolving the authors of a transcript costs one decryption per distinct
# (dialogue, person), not one per row. Tags differ across dialogues (different keys), so one dict serves all.
_person_by_tag: dict[str, int] = {}


def person_open(tag: str, seal: str) -> int:
    """The account id behind a tag and its seal. Raises `FieldDecryptionError` once the key is destroyed,
    or when the seal does not belong to the tag (a row edited by hand)."""
    known = _person_by_tag.get(tag)
    if known is not None:
        return known
    if not seal.startswith(DATA_KEY_PREFIX):
        raise FieldDecryptionError("a sealed person link is not under a data key")
    text = _open_sealed(seal)
    ref = seal[len(DATA_KEY_PREFIX) :].partition(":")[0]
    try:
        user_id = int(text)
    except ValueError as exc:
        raise FieldDecryptionError("a sealed person link does not hold an account id") from exc
    if not hmac.compare_digest(_tag(_tag_key(ref, _wrapped_of(ref)), user_id), tag):
        raise FieldDecryptionError("a sealed person link does not match its tag")
    _person_by_tag[tag] = user_id
    return user_id


def data_key_destroy(scope: str) -> bool:
    """Destroy the scope's data key: its text can never be read again, from any copy. True if it existed."""
    from .models import DataKey

    forget_data_keys()
    return bool(DataKey.objects.filter(scope=scope).delete()[0])


def forget_data_keys() -> None:
    """Drop this process's unwrapped data keys (after a key was destroyed elsewhere; in tests)."""
    _scope_keys.clear()
    _wrapped_by_ref.clear()
    _data_key.cache_clear()
    _tag_key.cache_clear()
    _person_by_tag.clear()


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
        if value.startswith(DATA_KEY_PREFIX):
            return _open_sealed(value)
        return decrypt_text(value)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = super().pre_save(model_instance, add)
        scope = getattr(model_instance, "encryption_scope", None)
        if isinstance(value, str) and value and not isinstance(value, Sealed) and callable(scope):
            name = scope()
            if name:
                return seal_text(name, value)
        return value

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, Sealed):
            return str(value)
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(str(value))


class EncryptedJSONField(models.TextField[Any, Any]):
    """A JSON value (lists of aliases, roles, phones …) stored as one encrypted token.

    Always encrypted, the empty list too: an empty cell would tell a reader which people have aliases.
    An empty column (a row written before the field existed) reads as the field's default.
    """

    # The attribute's type for django-stubs' plugin: the JSON value, not text.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return self.get_default()
        return json.loads(_open_sealed(value) if value.startswith(DATA_KEY_PREFIX) else decrypt_text(value))

    def to_python(self, value: Any) -> Any:
        return value  # already a Python value: forms and deserialisation hand over lists

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = getattr(model_instance, self.attname)
        if isinstance(value, Sealed):
            return value
        text = json.dumps(value, ensure_ascii=False)
        scope = getattr(model_instance, "encryption_scope", None)
        name = scope() if callable(scope) else ""
        return seal_text(name, text) if name else text

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, Sealed):
            return str(value)
        if not isinstance(value, str):  # a lookup or an update() with a list
            value = json.dumps(value, ensure_ascii=False)
        return encrypt_text(value)

    def value_to_string(self, obj: models.Model) -> str:
        return json.dumps(self.value_from_object(obj), ensure_ascii=False)

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        return super().formfield(**{"form_class": forms.JSONField, **kwargs})


def lookup_hash(purpose: str, value: str) -> str:
    """A keyed hash of a normalised value (an email, a login name), for equality lookups on sealed data.

    HMAC-SHA-256 under a key derived from `PARLEY_LOOKUP_KEY` (or `SECRET_KEY`), never from the field key
    ring: rotating the ring must not change a hash that rows are found by. Without the key, a dump's hashes
    cannot be checked against a list of guessed addresses.
    """
    secret = getattr(settings, "PARLEY_LOOKUP_KEY", "") or settings.SECRET_KEY
    key = hashlib.sha256(b"parley-lookup-v1\x00" + secret.encode("utf-8")).digest()
    normalised = value.strip().lower()
    return hmac.new(key, purpose.encode() + b"\x00" + normalised.encode("utf-8"), hashlib.sha256).hexdigest()


class LookupHashField(models.CharField[str, str]):
    """The keyed hash (`lookup_hash`) of another field's value, kept with it so rows can be found and
    uniquely constrained by a value that is stored encrypted (a party's name).

    Computed in `pre_save`, so `save()` and `bulk_create()` both fill it; a `save(update_fields=...)` must
    name this field with its source, and `update()` must set it explicitly.
    """

    def __init__(self, *args: Any, source: str = "", purpose: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        self.source = source
        self.purpose = purpose
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, purpose=self.purpose)
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = getattr(model_instance, self.source)
        hashed = lookup_hash(self.purpose, value) if isinstance(value, str) and value else ""
        setattr(model_instance, self.attname, hashed)
        return hashed


def rotate_all(batch_size: int = 500) -> int:
    """Re-encrypt every encrypted column under the newest key. Returns the number of values rewritten.

    Values under the ring are rotated token by token; values under a data key stay as they are, and the
    data keys themselves are re-wrapped under the newest ring key.
    """
    from django.apps import apps
    from django.db import transaction
    from django.db.models import TextField, Value
    from django.db.models.functions import Cast

    from .models import DataKey

    rewritten = 0
    with transaction.atomic():
        for key in DataKey.objects.select_for_update().order_by("pk"):
            DataKey.objects.filter(pk=key.pk).update(wrapped=rotate_token(key.wrapped))
            rewritten += 1
    forget_data_keys()
    for model in apps.get_models():
        names = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, EncryptedTextField | EncryptedJSONField)
        ]
        if not names:
            continue
        manager = model._base_manager
        last_pk: Any = None
        while True:
            page = manager.order_by("pk")
            if last_pk is not None:
                page = page.filter(pk__gt=last_pk)
            # The stored tokens, not the text: Cast to a plain text column skips decryption.
            raw = {f"raw_{n}": Cast(n, output_field=TextField()) for n in names}
            rows = list(page.values("pk", **raw)[:batch_size])
            with transaction.atomic():
                for row in rows:
                    changes = {
                        n: Value(rotate_token(row[f"raw_{n}"]), output_field=TextField())
                        for n in names
                        if row[f"raw_{n}"] and not row[f"raw_{n}"].startswith(DATA_KEY_PREFIX)
                    }
                    if changes:
                        manager.filter(pk=row["pk"]).update(**changes)
                        rewritten += len(changes)
            if len(rows) < batch_size:
                break
            last_pk = rows[-1]["pk"]
    return rewritten
