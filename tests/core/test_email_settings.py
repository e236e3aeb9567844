"""Issue 15 item 6: the e-mail settings are named in jour/settings.py, each read from EMAIL_URL (no vars().update)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
NAMES = [
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
]
SMTP = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE = "django.core.mail.backends.console.EmailBackend"


def _email_settings(**env) -> dict:
    """The e-mail settings jour.settings makes of this environment (a fresh interpreter, no test overrides)."""
    base = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": "postgres://unused/unused",
        "DEBUG": "0",
        "SECRET_KEY": "a-secret-key-for-this-test-only-with-enough-length-0123456789",
        "ALLOWED_HOSTS": "jour.example.org",
    }
    code = f"import json, jour.settings as s; print(json.dumps({{name: getattr(s, name) for name in {NAMES!r}}}))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp+tls://jour%40example.org:p%3Ass@smtp.example.org:587",
            [SMTP, "smtp.example.org", 587, "jour@example.org", "p:ss", True, False],
        ),
        ("smtp+ssl://user:secret@mail.example.org:465", [SMTP, "mail.example.org", 465, "user", "secret", False, True]),
        ("smtp://relay.internal:25", [SMTP, "relay.internal", 25, "", "", False, False]),
    ],
)
def test_production_mail_goes_where_email_url_says(url, expected):
    assert _email_settings(EMAIL_URL=url) == dict(zip(NAMES, expected, strict=True))


def test_without_email_url_production_mail_goes_to_the_local_mail_server():
    assert _email_settings() == dict(zip(NAMES, [SMTP, "localhost", 25, "", "", False, False], strict=True))


def test_development_prints_mail_and_email_backend_overrides():
    assert _email_settings(DEBUG="1", EMAIL_URL="smtp://relay.internal:25")["EMAIL_BACKEND"] == CONSOLE
    locmem = "django.core.mail.backends.locmem.EmailBackend"
    assert _email_settings(EMAIL_URL="smtp://relay.internal:25", EMAIL_BACKEND=locmem)["EMAIL_BACKEND"] == locmem
