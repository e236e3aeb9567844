"""Backup → restore into a fresh database → the app serves the restored data."""

import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from jour.audit.log import record
from jour.audit.models import Action
from jour.operations import dbroles
from jour.shelter.models import ShelterProfile

from ..db import admin_connection, credentials, owner_connection
from ..factories import UserFactory

ROOT = Path(settings.BASE_DIR)
TABLES = ["accounts_user", "audit_auditevent", "shelter_municipality", "shelter_shelterprofile"]

pytestmark = pytest.mark.django_db(transaction=True)


def url_for(database: str, variable: str = "DATABASE_URL") -> str:
    return urlunsplit(urlsplit(os.environ[variable])._replace(path=f"/{database}"))


def counts(url: str) -> dict[str, int]:
    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        result = {}
        for table in TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            result[table] = cursor.fetchone()[0]
        return result


@pytest.fixture
def fresh_database():
    """An empty database owned by the owner role, as bin/install-server makes one."""
    name = f"jour_restore_{uuid.uuid4().hex[:8]}"
    owner, app = credentials("DATABASE_OWNER_URL")["USER"], connection.settings_dict["USER"]
    with admin_connection("postgres") as conn:
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(dbroles.create_database_sql(database=name, owner=owner))
            cursor.execute(dbroles.database_access_sql(database=name, owner=owner, app=app))
    with owner_connection(name) as conn, conn.cursor() as cursor:
        cursor.execute(dbroles.privileges_sql(owner=owner, app=app))
    yield name
    with admin_connection("postgres") as conn:
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_backup_restore_and_serve(tmp_path, fresh_database, encrypted):
    profile = ShelterProfile.load()
    profile.name = "Kvinnojouren Återställd"
    profile.save()
    staff = UserFactory(username="backup_staff", role="volunteer")
    record(None, Action.VIEW, staff, user=staff)
    source = url_for(connection.settings_dict["NAME"])
    env = {**os.environ, "DATABASE_URL": source}
    if encrypted:
        passphrase = tmp_path / "passphrase"
        passphrase.write_text("a long passphrase for the test backup")
        env["BACKUP_PASSPHRASE_FILE"] = str(passphrase)

    dump = subprocess.run(
        [ROOT / "bin/backup", tmp_path / "jour.dump"], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert Path(dump).exists() and Path(dump).stat().st_size > 0
    if encrypted:
        assert dump.endswith(".enc") and b"Kvinnojouren" not in Path(dump).read_bytes()

    target = url_for(fresh_database)
    # Restored as the owner (it owns the tables again), served as the app role.
    owner_target = url_for(fresh_database, "DATABASE_OWNER_URL")
    subprocess.run(
        [ROOT / "bin/restore", dump], env={**env, "DATABASE_URL": owner_target}, check=True, capture_output=True
    )
    assert counts(target) == counts(source)

    # The app, pointed at the restored database, serves its data to a logged-in user.
    script = (
        "from django.test import Client; from jour.accounts.models import User;"
        "c = Client(); c.force_login(User.objects.get(username='backup_staff'));"
        # follow: a contact woman's start page is her meetings
        "r = c.get('/', HTTP_HOST='127.0.0.1', follow=True);"
        "print(r.status_code, 'Kvinnojouren Återställd' in r.content.decode())"
    )
    served = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": target},
        capture_output=True,
        text=True,
    )
    assert served.stdout.split()[-2:] == ["200", "True"], served.stdout + served.stderr[-2000:]
    assert urlsplit(target).path != urlsplit(source).path
