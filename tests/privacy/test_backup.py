"""bin/backup (encrypted with age to a public key, rotated) → bin/restore with the private key → served."""

import os
import re
import shutil
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
TOOLS = ROOT / "var" / "tools" / "root" / "usr" / "bin"
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


@pytest.fixture
def age_key(tmp_path):
    path_variable = f"{TOOLS}:{os.environ['PATH']}"
    keygen = shutil.which("age-keygen", path=path_variable)
    if not keygen:
        pytest.skip("age is missing: `make deploy-tools` unpacks Debian's age into var/tools")
    identity = tmp_path / "key.txt"
    subprocess.run([keygen, "-o", identity], check=True, capture_output=True)
    recipient = re.search(r"public key: (age1\w+)", identity.read_text()).group(1)
    return identity, recipient, path_variable


def test_backup_is_encrypted_and_restores_into_a_fresh_database_that_the_app_serves(tmp_path, fresh_database, age_key):
    identity, recipient, path_variable = age_key
    profile = ShelterProfile.load()
    profile.name = "Kvinnojouren Återställd"
    profile.save()
    staff = UserFactory(username="backup_staff", role="volunteer")
    # A contact woman who may sign in without a second factor (the coordinator's login setting).
    from jour.accounts.models import LoginPolicy

    LoginPolicy.objects.update_or_create(id=1, defaults={"volunteers_need_two_factor": False})
    record(None, Action.VIEW, staff, user=staff)
    source = url_for(connection.settings_dict["NAME"])
    env = {**os.environ, "DATABASE_URL": source, "BACKUP_AGE_RECIPIENT": recipient, "PATH": path_variable}

    dump = subprocess.run(
        [ROOT / "bin/backup", tmp_path / "jour.dump.age"], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    data = Path(dump).read_bytes()
    assert data.startswith(b"age-encryption.org/v1")
    assert b"Kvinnojouren" not in data and b"backup_staff" not in data and b"PGDMP" not in data

    target = url_for(fresh_database)
    # Restored as the owner (it owns the tables again), served as the app role.
    owner_target = url_for(fresh_database, "DATABASE_OWNER_URL")
    subprocess.run(
        [ROOT / "bin/restore", "--identity", identity, dump],
        env={**env, "DATABASE_URL": owner_target},
        check=True,
        capture_output=True,
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


def test_without_a_recipient_nothing_is_written(tmp_path):
    env = {**os.environ, "BACKUP_DIR": str(tmp_path)}
    env.pop("BACKUP_AGE_RECIPIENT", None)
    result = subprocess.run([ROOT / "bin/backup"], env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "BACKUP_AGE_RECIPIENT" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_backups_rotate_14_daily_and_8_weekly(tmp_path, age_key, db):
    _identity, recipient, path_variable = age_key
    for folder, count in (("daily", 20), ("weekly", 10)):
        (tmp_path / folder).mkdir()
        for day in range(count):
            (tmp_path / folder / f"jour-2020-01-{day + 1:02d}T0215.dump.age").write_text("old")
    env = {**os.environ, "BACKUP_DIR": str(tmp_path), "BACKUP_AGE_RECIPIENT": recipient, "PATH": path_variable}
    env["DATABASE_URL"] = url_for(connection.settings_dict["NAME"])
    written = subprocess.run([ROOT / "bin/backup"], env=env, capture_output=True, text=True, check=True).stdout.strip()
    daily = sorted(p.name for p in (tmp_path / "daily").glob("*.dump.age"))
    weekly = sorted(p.name for p in (tmp_path / "weekly").glob("*.dump.age"))
    assert len(daily) == 14 and daily[-1] == Path(written).name and daily[0] == "jour-2020-01-08T0215.dump.age"
    assert len(weekly) == 8 and weekly[-1] == Path(written).name  # the week's first backup is kept weekly
    oct_mode = oct(Path(written).stat().st_mode & 0o777)
    assert oct_mode == "0o600"
