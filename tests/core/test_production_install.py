"""A production install carries no demo or benchmark code: no demo app or commands, Faker never imported."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError

ROOT = Path(settings.BASE_DIR)
PRODUCTION = {
    "PATH": os.environ["PATH"],
    "DATABASE_URL": "postgres://unused/unused",
    "DEBUG": "0",
    "SECRET_KEY": "production-like-secret-key-for-this-test-only-0123456789",
    "FIELD_ENCRYPTION_KEYS": "8mS5u0qzC2J0yq1mYV4sWcHq0b0C0fQnE6b7QmJd2yE=",
    "BLIND_INDEX_KEY": "production-like-blind-index-key-for-this-test-only",
}
# Loads every app, the whole URLconf (every view module) and the management commands' list, then names any
# demo or benchmark module, or Faker, that got imported.
PROBE = """
import sys, django
django.setup()
from django.core.management import get_commands
from django.urls import get_resolver
get_resolver().url_patterns
commands = get_commands()
loaded = [m for m in sys.modules if m.split(".")[0] in ("faker", "bench") or m.split(".")[-1] == "demo"
          or m.startswith("jour.demo")]
print(sorted(loaded), sorted(c for c in commands if "demo" in c or c.startswith("bench")))
"""


def test_the_demo_app_and_its_commands_exist_only_in_demo_mode():
    assert not apps.is_installed("jour.demo")
    assert not {"seed_demo", "demo_logins"} & set(get_commands())
    assert not [name for name in get_commands() if name.startswith("bench")]
    with pytest.raises(CommandError, match="Unknown command"):
        call_command("seed_demo")


def _probe(env: dict) -> str:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "jour.settings"},
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_never_imports_faker_nor_a_demo_or_bench_module():
    assert _probe(PRODUCTION) == "[] []"


def test_demo_mode_has_the_demo_commands():
    demo = {"PATH": os.environ["PATH"], "DATABASE_URL": "postgres://unused/unused", "DEBUG": "1", "JOUR_DEMO": "1"}
    assert _probe(demo).endswith("['demo_logins', 'seed_demo']")
