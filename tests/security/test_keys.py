"""Issue 14 item 8 (and issue 15 item 6): a key that is public in this repository cannot run production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DEVELOPMENT_FERNET_KEY = "zR9BLa1Bx-QXyGyVVY-4gfA2CqX3J5o1QqiDnq0pG9k="
TEST_FERNET_KEY = "8mS5u0qzC2J0yq1mYV4sWcHq0b0C0fQnE6b7QmJd2yE="
OWN_SECRET = "p" * 20 + "roduction-secret-key-with-enough-entropy-9f8e7d6c5b4a"


def _check_deploy(**env) -> subprocess.CompletedProcess:
    base = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "DEBUG": "0",
        "SECRET_KEY": OWN_SECRET,
        "ALLOWED_HOSTS": "jour.example.org",
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "BLIND_INDEX_KEY": "a-blind-index-key-of-our-own-with-enough-entropy-4711",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    "keys",
    [DEVELOPMENT_FERNET_KEY, TEST_FERNET_KEY, f"{Fernet.generate_key().decode()},{TEST_FERNET_KEY}"],
    ids=["development", "test", "test-behind-a-new-key"],  # the same ids in every xdist worker
)
def test_a_public_fernet_key_is_refused(keys):
    result = _check_deploy(FIELD_ENCRYPTION_KEYS=keys)
    assert result.returncode != 0
    assert "jour.E001" in result.stderr + result.stdout


@pytest.mark.parametrize("secret", ["insecure-development-key-only", "test-only-not-a-secret"])
def test_a_public_secret_key_is_refused(secret):
    result = _check_deploy(SECRET_KEY=secret)
    assert result.returncode != 0
    assert "jour.E002" in result.stderr + result.stdout


@pytest.mark.parametrize(
    "key", ["development-blind-index-key-not-for-production", "test-only-blind-index-key-not-a-secret"]
)
def test_a_public_blind_index_key_is_refused(key):
    result = _check_deploy(BLIND_INDEX_KEY=key)
    assert result.returncode != 0
    assert "jour.E003" in result.stderr + result.stdout


def test_own_keys_pass():
    result = _check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_public_keys_listed_are_the_ones_in_the_repository():
    from jour.accounts.checks import PUBLIC_FIELD_ENCRYPTION_KEYS

    text = (ROOT / "jour" / "settings.py").read_text() + (ROOT / "Makefile").read_text()
    assert all(key in text for key in PUBLIC_FIELD_ENCRYPTION_KEYS)
    assert DEVELOPMENT_FERNET_KEY in (ROOT / "jour" / "settings.py").read_text()
