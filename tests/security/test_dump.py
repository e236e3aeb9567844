"""Issue 14: a stolen dump learns nothing about who lives in the protected housing.

The demo database (`seed_demo --scale demo`, as `make run` loads it) is dumped with `pg_dump` as the app's
own database role (the credentials of DATABASE_URL, which the suite runs as). The dump must hold no
resident's or child's first name, surname, alias or personnummer and none of the free texts: every
column the registry of personal data declares encrypted holds only Fernet tokens, and no decrypted value
of any of them appears anywhere else in the dump — except in the account tables (staff and contact women's
own names, a reviewed exception) and in columns declared not personal (a municipality called Nora).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection

from jour.crypto import PREFIX, decrypt
from jour.operations import dbroles
from jour.privacy.registry import Treatment, registry

from ..db import admin_connection, credentials, owner_connection

ROOT = Path(settings.BASE_DIR)
# Whole COPY fields this short are common words or names anywhere; longer ones are looked for inside any text too.
SUBSTRING_MIN = 8
# Her identity, whatever the registry says about it: these values must be nowhere in clear.
IDENTITY = {
    "residents.Resident": ["first_name", "last_name", "alias", "personnummer"],
    "residents.Child": ["first_name"],
}

pytestmark = pytest.mark.django_db(transaction=True)


def pg_dump() -> str:
    found = shutil.which("pg_dump") or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"))[::-1]), None)
    if not found:
        pytest.skip("pg_dump is not installed")
    return found


def url_for(database: str) -> str:
    db = settings.DATABASES["default"]
    netloc = f"{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}"
    return urlunsplit(("postgres", netloc, f"/{database}", "", ""))


@pytest.fixture
def demo_database():
    """A fresh database, migrated and seeded with the demo data by the real commands, as `make run` does."""
    name = f"jour_dump_{uuid.uuid4().hex[:8]}"
    owner, app = credentials("DATABASE_OWNER_URL")["USER"], connection.settings_dict["USER"]
    with admin_connection("postgres") as conn:  # as bin/devdb.py makes the database: the owner's
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(dbroles.create_database_sql(database=name, owner=owner))
            cursor.execute(dbroles.database_access_sql(database=name, owner=owner, app=app))
    with owner_connection(name) as conn, conn.cursor() as cursor:
        cursor.execute(dbroles.privileges_sql(owner=owner, app=app))
    url = url_for(name)
    owner_url = urlunsplit(urlsplit(os.environ["DATABASE_OWNER_URL"])._replace(path=f"/{name}"))
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1", "JOUR_DEMO": "1"}
    try:
        # The owner migrates, the app role seeds (as make run does).
        for command, url_of_role in (
            (["migrate", "--noinput", "-v", "0"], owner_url),
            (["seed_demo", "--scale", "demo"], url),
        ):
            done = subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                env={**env, "DATABASE_URL": url_of_role},
                capture_output=True,
                text=True,
            )
            assert done.returncode == 0, done.stderr[-3000:]
        yield url
    finally:
        with admin_connection("postgres") as conn:
            conn.autocommit = True
            with conn.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def encrypted_columns() -> dict[str, dict[str, str]]:
    """{table: {column: model label.field}} of every column the registry declares encrypted."""
    found: dict[str, dict[str, str]] = {}
    for entry in registry.models.values():
        for name, rule in entry.fields.items():
            if rule.encrypted:
                model_field = entry.model._meta.get_field(name)
                found.setdefault(entry.model._meta.db_table, {})[model_field.column] = f"{entry.label}.{name}"
    return found


def allowed_in_clear() -> set[tuple[str, str]]:
    """(table, column) where a value equal to a secret is no leak: account names and non-personal columns."""
    allowed = set()
    for model in apps.get_models():
        entry = registry.entry(model)
        for model_field in model._meta.concrete_fields:
            rule = entry.fields.get(model_field.name)
            if model._meta.label_lower == "accounts.user" or rule.treatment is Treatment.NOT_PERSONAL:
                allowed.add((model._meta.db_table, model_field.column))
    return allowed


def secrets_in(url: str) -> dict[str, str]:
    """Her identity and every value of every column declared encrypted, in clear: {value: where it is stored}."""
    columns = {
        (table, column): label for table, found in encrypted_columns().items() for column, label in found.items()
    }
    for model_label, names in IDENTITY.items():
        model = apps.get_model(model_label)
        for name in names:
            column = model._meta.get_field(name).column
            columns[(model._meta.db_table, column)] = f"{model._meta.label_lower}.{name}"
    found = {}
    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        for (table, column), label in columns.items():
            cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" <> \'\'')  # noqa: S608
            for (stored,) in cursor.fetchall():
                found[decrypt(stored) if stored.startswith(PREFIX) else stored] = label
    return found


def unescape(field: str) -> str:
    return field.replace("\\t", "\t").replace("\\n", "\n").replace("\\r", "\r").replace("\\\\", "\\")


def copy_blocks(dump: str):
    """(table, columns, rows) of every COPY block of a plain-format dump."""
    lines = iter(dump.splitlines())
    for line in lines:
        if not line.startswith("COPY "):
            continue
        head, _, rest = line[len("COPY ") :].partition(" (")
        table = head.split(".")[-1].strip('"')
        columns = [name.strip().strip('"') for name in rest.split(") FROM")[0].split(",")]
        rows = []
        for row in lines:
            if row == "\\.":
                break
            rows.append([unescape(value) for value in row.split("\t")])
        yield table, columns, rows


def test_a_dump_of_the_demo_database_shows_no_identity_and_no_free_text(demo_database):
    secrets = secrets_in(demo_database)
    kinds = {label for label in secrets.values()}
    # The demo has what the test looks for: names, aliases, personnummer, children, the journal (and every other
    # column the registry declares encrypted: meeting places, pseudonyms, plan texts ...).
    for expected in [
        "residents.resident.first_name",
        "residents.resident.last_name",
        "residents.resident.alias",
        "residents.resident.personnummer",
        "residents.child.first_name",
        "residents.journalentry.text",
    ]:
        assert expected in kinds, f"the demo data has no {expected}: the test would prove nothing"

    dump = subprocess.run(
        [pg_dump(), "--format=plain", "--data-only", "--no-owner", demo_database],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    encrypted, allowed = encrypted_columns(), allowed_in_clear()
    searched: list[str] = []
    leaks = []
    for table, columns, rows in copy_blocks(dump):
        for row in rows:
            for column, value in zip(columns, row, strict=True):
                if column in encrypted.get(table, {}) and value not in ("", "\\N"):
                    if not value.startswith(PREFIX):
                        leaks.append(f"{table}.{column} holds {value[:30]!r} in clear")
                    continue
                if (table, column) in allowed:
                    continue
                if value in secrets:
                    leaks.append(f"{table}.{column} holds the {secrets[value]} {value!r}")
                searched.append(value)
    text = "\n".join(searched)
    leaks += [
        f"the {label} {value[:40]!r} appears inside another column"
        for value, label in secrets.items()
        if len(value) >= SUBSTRING_MIN and value in text
    ]
    assert leaks == []


def test_the_dump_is_taken_as_the_apps_role():
    # The suite connects as the app's role (DATABASE_URL): the dump above is what that role can read.
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone()[0] is False
