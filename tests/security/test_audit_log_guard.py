"""Issue 14 item 5: the app's database role cannot rewrite, empty or switch off the audit log.

Every test here runs as the app role (DATABASE_URL), exactly as the app does in production; the owner
and the superuser appear only to show that the guard exists and that the refusals are the role's.
"""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from jour.audit.alerts import AlertKind, find_alerts
from jour.audit.log import record
from jour.audit.models import Action, AuditEvent
from jour.privacy.models import RetentionPolicy

from ..db import owner_connection

ROOT = Path(settings.BASE_DIR)

REFUSED_TO_THE_APP_ROLE = {
    "truncate": "TRUNCATE audit_auditevent",
    "disable_trigger": "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_truncate",
    "disable_all_triggers": "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
    "drop_trigger": "DROP TRIGGER audit_event_no_update_delete ON audit_auditevent",
    "drop_table": "DROP TABLE audit_auditevent",
    "replace_function": "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$",
    "replication_role": "SET session_replication_role = replica",
    "new_trigger": "CREATE TRIGGER t BEFORE INSERT ON audit_auditevent FOR EACH ROW "
    "EXECUTE FUNCTION audit_event_append_only()",
    "change_owner": "ALTER TABLE audit_auditevent OWNER TO CURRENT_USER",
    "drop_retention_minimum": "ALTER TABLE privacy_retentionpolicy DROP CONSTRAINT retention_audit_at_least_a_year",
}


@pytest.fixture
def event(staff):
    return record(None, Action.VIEW, staff, user=staff)


@pytest.mark.parametrize("sql", REFUSED_TO_THE_APP_ROLE.values(), ids=REFUSED_TO_THE_APP_ROLE.keys())
def test_the_app_role_cannot_empty_alter_or_switch_off_the_audit_log(event, sql):
    with pytest.raises(DatabaseError, match="must be owner|permission denied|append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass AND tgenabled = 'O'"
            " AND NOT tgisinternal"
        )
        assert cursor.fetchone()[0] == 2


def test_the_app_role_is_not_the_owner_and_the_owner_is(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'audit_auditevent'"
        )
        app_role, table_owner = cursor.fetchone()
    assert app_role == connection.settings_dict["USER"] != table_owner
    with owner_connection() as conn, conn.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == table_owner


def test_the_app_role_keeps_its_row_privileges_only(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT privilege_type FROM information_schema.table_privileges "
            "WHERE grantee = current_user AND table_name = 'audit_auditevent' ORDER BY 1"
        )
        assert [row[0] for row in cursor.fetchall()] == ["DELETE", "INSERT", "SELECT", "UPDATE"]


@pytest.mark.django_db(transaction=True)  # committed: the owner's TRUNCATE must not wait for this test's lock
def test_no_session_setting_lets_a_truncate_through(staff):
    """The test-only switch of the old trigger (jour.allow_audit_truncate) is gone, for the owner too."""
    event = record(None, Action.VIEW, staff, user=staff)
    with owner_connection() as conn, conn.cursor() as cursor:
        cursor.execute("SET jour.allow_audit_truncate = 'on'")
        with pytest.raises(Exception, match="append-only"):
            cursor.execute("TRUNCATE audit_auditevent")
        conn.rollback()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def _check_deploy(database_url: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "p" * 20 + "roduction-secret-key-with-enough-entropy-9f8e7d6c5b4a",
        "ALLOWED_HOSTS": "jour.example.org",
        # A key of its own: check --deploy refuses the repository's test key (jour.E001).
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "BLIND_INDEX_KEY": "a-blind-index-key-of-at-least-32-characters",
    }
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "ERROR"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)


def _url(variable: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(os.environ[variable])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


def test_the_deploy_check_fails_when_the_app_connects_as_the_owner(db):
    as_owner = _check_deploy(_url("DATABASE_OWNER_URL"))
    assert as_owner.returncode != 0
    assert "jour.E100" in as_owner.stderr and "owns tables" in as_owner.stderr
    as_superuser = _check_deploy(_url("DATABASE_ADMIN_URL"))
    assert "is a superuser" in as_superuser.stderr
    as_app = _check_deploy(_url("DATABASE_URL"))
    assert as_app.returncode == 0, as_app.stderr
    assert "jour.E100" not in as_app.stderr


def _old_event(days: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent (at, actor_username, action, object_type, object_id, fields, detail,"
            " view_name) VALUES (%s, 'old', 'view', 'residents.resident', '1', '[]', '{}', '') RETURNING id",
            [timezone.now() - dt.timedelta(days=days)],
        )
        return cursor.fetchone()[0]


def test_the_purge_may_still_delete_rows_older_than_the_policy(db):
    policy = RetentionPolicy.load()
    old, young = _old_event(365 * policy.audit_years + 10), _old_event(30)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [old])
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [young])
    assert list(AuditEvent.objects.filter(pk__in=[old, young]).values_list("pk", flat=True)) == [young]


def test_a_retention_under_the_minimum_is_refused_by_the_database(db):
    RetentionPolicy.load()
    with pytest.raises(DatabaseError, match="retention_audit_at_least_a_year"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE privacy_retentionpolicy SET audit_years = 0")
    assert RetentionPolicy.load().audit_years == 5


def test_shortening_the_audit_retention_is_logged_by_the_database_and_alerts(db):
    RetentionPolicy.load()
    start = timezone.now() - dt.timedelta(minutes=1)
    # Raw SQL, as a compromised app would write it: the event comes from the database all the same.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE privacy_retentionpolicy SET audit_years = 6")
        cursor.execute("UPDATE privacy_retentionpolicy SET audit_years = 2")
    event = AuditEvent.objects.get(object_type="privacy.retentionpolicy")
    assert (event.action, event.fields) == (Action.CHANGE, ["audit_years"])
    assert event.detail == {"audit_years_shortened": {"from": 6, "to": 2}}
    alerts = [a for a in find_alerts(since=start) if a.kind == AlertKind.AUDIT_RETENTION_SHORTENED]
    assert [a.event_id for a in alerts] == [event.pk]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_retentionpolicy")
    assert AuditEvent.objects.filter(object_type="privacy.retentionpolicy", action=Action.DELETE).count() == 1
