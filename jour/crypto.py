"""Encryption at rest (names, personnummer, every free text) and the keyed hashes that search them.

Encrypted fields: keys come from FIELD_ENCRYPTION_KEYS, newest first. MultiFernet decrypts with any
listed key and encrypts with the first, so a rotation is: put a new key first, deploy, run
`manage.py reencrypt_fields`, then drop the old key. Nothing may search, filter or sort on these
fields in SQL (a token is random): search goes through a blind index.

Keyed hashes: `keyed_hash()` is HMAC-SHA256 under BLIND_INDEX_KEY (a key of its own, newest first
too), separated by a purpose string so two uses never give comparable values. `BlindIndexField`
stores the keyed hash of another field's normalised value, so an exact match (a resident's first
name) is found with an index lookup without decrypting the table. Without the key a dump's hashes
reveal nothing but which rows share a value.
"""

from __future__ import annotations

import hashlib
import hmac
import time
import unicodedata
from functools import cache, lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty: set at least one Fernet key.")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return PREFIX + fernet().encrypt(value.encode()).decode()


# Recently decrypted values are kept in this process's memory for at most DECRYPTED_SECONDS, so a page that
# names every woman living here (the board, to-do lists) decrypts each name once per period, not on every
# request (a Fernet decryption costs ~10 µs; the board at national scale names ~1 500 people). Never written
# anywhere: at-rest encryption guards dumps, backups and disks, and this process holds the keys anyway. Keyed
# by the keys and the token (which carries its own HMAC), so a removed key or a changed value never hits.
DECRYPTED_SECONDS = 600
DECRYPTED_MAX = 20_000
_period = [0]


@lru_cache(maxsize=DECRYPTED_MAX)
def _decrypt_token(keys: tuple[str, ...], token: str, period: int) -> str:
    return _fernet(keys).decrypt(token.encode()).decode()


def forget_decrypted() -> None:
    """Drop this process's recently decrypted values (an erasure calls it; other processes age out)."""
    _decrypt_token.cache_clear()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise InvalidToken("value is not encrypted")
    period = int(time.monotonic() // DECRYPTED_SECONDS)
    if period != _period[0]:
        _period[0] = period
        forget_decrypted()
    return _decrypt_token(tuple(settings.FIELD_ENCRYPTION_KEYS), stored[len(PREFIX) :], period)


def rotate(stored: str) -> str:
    """Re-encrypt a stored value under the newest key."""
    return PREFIX + fernet().rotate(stored[len(PREFIX) :].encode()).decode()


class EncryptedTextField(models.TextField):
    """A text field stored as a Fernet token. Empty stays empty, so 'has a value' is still visible."""

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)

    def get_db_prep_value(self, value, connection, prepared=False):
        if not prepared:
            value = self.get_prep_value(value)
        return value


class EncryptedCharField(EncryptedTextField):
    """Same storage as EncryptedTextField, rendered as a one-line input; `max_length` limits the clear value."""

    @property
    def validators(self):
        from django.core.validators import MaxLengthValidator

        extra = [MaxLengthValidator(self.max_length)] if self.max_length else []
        return [*super().validators, *extra]

    def formfield(self, **kwargs):
        from django import forms

        kwargs.setdefault("widget", forms.TextInput)
        return super().formfield(**kwargs)


def encrypted_fields(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


# Keyed hashes and the blind index -------------------------------------------------------------


@cache
def _hash_keys(keys: tuple[str, ...]) -> tuple[bytes, ...]:
    if not keys:
        raise ImproperlyConfigured("BLIND_INDEX_KEY is empty: set a random key of at least 32 characters.")
    if any(len(key) < 32 for key in keys):
        raise ImproperlyConfigured("BLIND_INDEX_KEY: every key needs at least 32 random characters.")
    return tuple(key.encode() for key in keys)


def hash_keys() -> tuple[bytes, ...]:
    """The keys of BLIND_INDEX_KEY, newest first."""
    return _hash_keys(tuple(settings.BLIND_INDEX_KEYS))


def keyed_hash(value: str, *, purpose: str, key: bytes | None = None) -> str:
    """HMAC-SHA256 of `value` (hex) under the newest BLIND_INDEX_KEY, separated by `purpose`.

    For values that must be matched but never read: a blind index, an unknown username. Give every
    use its own `purpose` (e.g. "residents.first_name") so two uses never yield comparable hashes.
    """
    key = key if key is not None else hash_keys()[0]
    return hmac.new(key, purpose.encode() + b"\x00" + value.encode(), hashlib.sha256).hexdigest()


def keyed_hashes(value: str, *, purpose: str) -> list[str]:
    """The value's hash under every configured key: what a lookup matches during a key rotation."""
    return [keyed_hash(value, purpose=purpose, key=key) for key in hash_keys()]


def normalise_name(value: str) -> str:
    """NFKC, casefolded, trimmed, inner spaces collapsed: "  ÅSA  Maria" and "åsa maria" are one name."""
    return " ".join(unicodedata.normalize("NFKC", value or "").casefold().split())


def blind_index(value: str, *, purpose: str) -> str:
    """The stored index of a name: the keyed hash of its normalised form; empty for an empty name."""
    name = normalise_name(value)
    return keyed_hash(name, purpose=purpose) if name else ""


class BlindIndexField(models.CharField):
    """The keyed hash of another field's normalised value, written on every save (exact-match search).

    `source` names the field it indexes; `purpose` separates its hashes from every other use of the
    key (never change it: stored hashes would stop matching). QuerySet.update() does not run save():
    whoever updates the source in bulk sets the index too (the registry blanks both together).
    """

    def __init__(self, *args, source: str = "", purpose: str = "", **kwargs):
        self.source, self.purpose = source, purpose
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, purpose=self.purpose)
        return name, path, args, kwargs

    def value_for(self, source_value: str) -> str:
        return blind_index(source_value or "", purpose=self.purpose)

    def pre_save(self, model_instance, add):
        value = self.value_for(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value

    def lookup_values(self, term: str) -> list[str]:
        """What a search for `term` matches: its index under every configured key (empty for no name)."""
        name = normalise_name(term)
        return keyed_hashes(name, purpose=self.purpose) if name else []


def blind_index_fields(model: type[models.Model]) -> list[BlindIndexField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]


# Migrations: encrypt what was stored in clear ----------------------------------------------------


def encrypt_existing(
    model_label: str,
    fields: list[str],
    *,
    index: tuple[str, str] | None = None,
    batch: int = 2000,
):
    """A migration operation that encrypts the clear values of `fields` already stored, in batches by id.

    Run it after the AlterFields that made them encrypted fields (a token needs a text column).
    `index=(index_field, source_field)` also fills that BlindIndexField from the clear source.
    Idempotent (a stored token is left alone); reversible (tokens are decrypted back).
    """
    from django.db import migrations

    def columns(apps, schema_editor):
        model = apps.get_model(model_label)
        quote = schema_editor.connection.ops.quote_name
        names = [model._meta.get_field(name).column for name in fields]
        filled = None
        if index:
            index_field = model._meta.get_field(index[0])
            filled = (quote(index_field.column), fields.index(index[1]), index_field.purpose)
        return quote(model._meta.db_table), quote(model._meta.pk.column), [quote(name) for name in names], filled

    def rewrite(apps, schema_editor, convert, with_index: bool):
        table, pk, cols, filled = columns(apps, schema_editor)
        any_value = " OR ".join(f"{col} <> ''" for col in cols)
        targets = [*cols, filled[0]] if (filled and with_index) else cols
        assignments = ", ".join(f"{col} = %s" for col in targets)
        last = None
        with schema_editor.connection.cursor() as cursor:
            while True:
                after = f"{pk} > %s AND " if last is not None else ""
                cursor.execute(
                    f"SELECT {pk}, {', '.join(cols)} FROM {table} WHERE {after}({any_value}) "  # noqa: S608
                    f"ORDER BY {pk} LIMIT {batch}",
                    [last] if last is not None else [],
                )
                rows = cursor.fetchall()
                if not rows:
                    return
                updates = []
                for row_pk, *values in rows:
                    new = [convert(value) for value in values]
                    if filled and with_index:
                        clear = values[filled[1]]
                        clear = decrypt(clear) if clear and clear.startswith(PREFIX) else clear
                        new.append(blind_index(clear, purpose=filled[2]))
                    updates.append([*new, row_pk])
                cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {pk} = %s", updates)  # noqa: S608
                last = rows[-1][0]

    def forward(apps, schema_editor):
        rewrite(apps, schema_editor, lambda v: encrypt(v) if v and not v.startswith(PREFIX) else v, True)

    def backward(apps, schema_editor):
        rewrite(apps, schema_editor, lambda v: decrypt(v) if v and v.startswith(PREFIX) else v, False)

    return migrations.RunPython(forward, backward)
