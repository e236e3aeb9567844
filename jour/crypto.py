"""Encryption at rest for the most sensitive fields (personnummer, journal text, notes).

Keys come from FIELD_ENCRYPTION_KEYS, newest first. MultiFernet decrypts with any listed key and
encrypts with the first, so a rotation is: put a new key first, deploy, run
`manage.py reencrypt_fields`, then drop the old key. Nothing may search or sort on these fields.
"""

from __future__ import annotations

from functools import cache

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


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise InvalidToken("value is not encrypted")
    return fernet().decrypt(stored[len(PREFIX) :].encode()).decode()


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
    """Same storage as EncryptedTextField, rendered as a one-line input."""

    def formfield(self, **kwargs):
        from django import forms

        kwargs.setdefault("widget", forms.TextInput)
        return super().formfield(**kwargs)


def encrypted_fields(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
