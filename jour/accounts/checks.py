"""Deploy checks (`manage.py check --deploy`): no key that is public in this repository may run production.

The development defaults (DEBUG only) and the test suite's keys are in the code and the Makefile for anyone
to read: data encrypted with them is readable by anyone, and sessions signed with them can be forged.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register

# Keys that are written in this repository (jour/settings.py's DEBUG defaults, the Makefile's test run).
PUBLIC_FIELD_ENCRYPTION_KEYS = frozenset(
    {
        "zR9BLa1Bx-QXyGyVVY-4gfA2CqX3J5o1QqiDnq0pG9k=",
        "8mS5u0qzC2J0yq1mYV4sWcHq0b0C0fQnE6b7QmJd2yE=",
    }
)
PUBLIC_SECRET_KEYS = frozenset({"insecure-development-key-only", "test-only-not-a-secret"})
PUBLIC_BLIND_INDEX_KEYS = frozenset(
    {"development-blind-index-key-not-for-production", "test-only-blind-index-key-not-a-secret"}
)


@register(Tags.security, deploy=True)
def public_keys_refused(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    public_fernet = [key for key in settings.FIELD_ENCRYPTION_KEYS if key.strip() in PUBLIC_FIELD_ENCRYPTION_KEYS]
    if public_fernet:
        errors.append(
            Error(
                "FIELD_ENCRYPTION_KEYS holds a key that is public in Jour's repository (a development or test key).",
                hint="Generate a key of your own (docs/data-protection.md, Encryption at rest) and re-encrypt "
                "with manage.py reencrypt_fields.",
                id="jour.E001",
            )
        )
    if settings.SECRET_KEY in PUBLIC_SECRET_KEYS:
        errors.append(
            Error(
                "SECRET_KEY is a key that is public in Jour's repository (a development or test key).",
                hint="Set SECRET_KEY to a long random value of your own.",
                id="jour.E002",
            )
        )
    if any(key.strip() in PUBLIC_BLIND_INDEX_KEYS for key in getattr(settings, "BLIND_INDEX_KEYS", [])):
        errors.append(
            Error(
                "BLIND_INDEX_KEY holds a key that is public in Jour's repository (a development or test key).",
                hint="Set BLIND_INDEX_KEY to a long random value of your own (docs/data-protection.md).",
                id="jour.E003",
            )
        )
    return errors
