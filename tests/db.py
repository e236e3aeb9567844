"""The test suite's database roles, as in production (jour/operations/dbroles.py).

bin/devdb.py gives three URLs: DATABASE_URL (the app role: every test's own connection),
DATABASE_OWNER_URL (the owner: creates and migrates the test database) and DATABASE_ADMIN_URL
(the throwaway cluster's superuser). The tests never lower the app role's guard: what only the
owner or a superuser may do (empty the tables between browser tests, TRUNCATE a table) goes
through `owner_connection()` or `admin_connection()` on the test database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import unquote, urlsplit

import psycopg2
from django.db import connection

MISSING = (
    "The tests need DATABASE_OWNER_URL and DATABASE_ADMIN_URL besides DATABASE_URL: run them through "
    "`make test` / `make pytest` (bin/devdb.py --throwaway provides all three)."
)


def credentials(variable: str) -> dict[str, str]:
    url = os.environ.get(variable)
    if not url:
        raise RuntimeError(MISSING)
    parts = urlsplit(url)
    return {"USER": unquote(parts.username or ""), "PASSWORD": unquote(parts.password or "")}


@contextmanager
def _connect(variable: str, database: str | None) -> Iterator[psycopg2.extensions.connection]:
    settings = connection.settings_dict
    who = credentials(variable)
    conn = psycopg2.connect(
        dbname=database or settings["NAME"],
        user=who["USER"],
        password=who["PASSWORD"],
        host=settings["HOST"],
        port=settings["PORT"],
    )
    try:
        yield conn
        conn.commit()
    finally:
        conn.close()


def owner_connection(database: str | None = None):
    """A connection as the owner role to the test database (or `database`)."""
    return _connect("DATABASE_OWNER_URL", database)


def admin_connection(database: str | None = None):
    """A connection as the cluster's superuser to the test database (or `database`)."""
    return _connect("DATABASE_ADMIN_URL", database)


@contextmanager
def swapped_credentials(variable: str) -> Iterator[None]:
    """Django's own connection as another role for a moment (only while no other thread uses it)."""
    settings = connection.settings_dict
    before = {key: settings[key] for key in ("USER", "PASSWORD")}
    connection.close()
    settings.update(credentials(variable))
    try:
        yield
    finally:
        connection.close()
        settings.update(before)
