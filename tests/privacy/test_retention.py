import datetime as dt

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from jour.audit.log import record
from jour.audit.models import Action, AuditEvent
from jour.privacy.models import RetentionPolicy
from jour.privacy.purge import run_purge

INSERT_OLD_EVENT = """
    INSERT INTO audit_auditevent (at, actor_username, action, object_type, object_id, fields, detail, view_name)
    VALUES (%s, 'old', 'view', 'residents.resident', '1', '[]', '{}', '') RETURNING id
"""


def insert_event_at(at: dt.datetime) -> int:
    with connection.cursor() as cursor:
        cursor.execute(INSERT_OLD_EVENT, [at])
        return cursor.fetchone()[0]


@pytest.fixture
def old_and_new_events(db):
    policy = RetentionPolicy.load()
    old = insert_event_at(timezone.now() - dt.timedelta(days=365 * policy.audit_years + 10))
    new = insert_event_at(timezone.now() - dt.timedelta(days=30))
    return old, new


def test_dry_run_changes_nothing(old_and_new_events):
    old, new = old_and_new_events
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    purged = run_purge(now=timezone.now(), dry_run=True)
    assert purged["audit_events"] == [str(old)]
    assert set(AuditEvent.objects.exclude(action=Action.PURGE).values_list("pk", flat=True)) == before


def test_purge_removes_expired_audit_rows_and_logs_counts_only(old_and_new_events):
    old, new = old_and_new_events
    run_purge(now=timezone.now(), dry_run=False)
    assert not AuditEvent.objects.filter(pk=old).exists()
    assert AuditEvent.objects.filter(pk=new).exists()
    run = AuditEvent.objects.get(action=Action.PURGE)
    assert run.detail["dry_run"] is False
    assert run.detail["counts"]["audit_events"] == 1
    assert sum(run.detail["counts"].values()) == 1
    # Idempotent: a second run finds nothing more.
    assert run_purge(now=timezone.now(), dry_run=False)["audit_events"] == []


def test_the_database_still_refuses_to_delete_young_audit_rows(old_and_new_events):
    _old, new = old_and_new_events
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [new])


def test_the_database_refuses_an_audit_retention_under_a_year(db):
    with pytest.raises(DatabaseError):
        with transaction.atomic():
            RetentionPolicy.objects.update_or_create(id=1, defaults={"audit_years": 0})


def test_purge_command_dry_run_lists_what_would_go(old_and_new_events, capsys):
    old, _new = old_and_new_events
    call_command("purge_expired", "--dry-run")
    assert f"would purge      1 audit_events: {old}" in capsys.readouterr().out
    assert AuditEvent.objects.filter(pk=old).exists()


def test_coordinator_sets_the_policy(coordinator_client, staff_client):
    url = reverse("privacy:retention")
    assert staff_client.get(url).status_code == 404
    bad = coordinator_client.post(
        url,
        {
            "resident_years": 0,
            "placed_resident_years": 5,
            "child_years": 5,
            "contact_note_months": 12,
            "recurring_contact_months": 24,
            "volunteer_years": 2,
            "login_record_days": 30,
            "audit_years": 5,
        },
    )
    assert "resident_years" in bad.context["form"].errors
    assert RetentionPolicy.load().resident_years == 5
    ok = coordinator_client.post(
        url,
        {
            "resident_years": 7,
            "placed_resident_years": 5,
            "child_years": 5,
            "contact_note_months": 6,
            "recurring_contact_months": 24,
            "volunteer_years": 2,
            "login_record_days": 30,
            "audit_years": 5,
        },
    )
    assert ok.status_code == 302
    assert RetentionPolicy.load().resident_years == 7
    assert AuditEvent.objects.get(action=Action.CHANGE, object_type="privacy.retentionpolicy").fields == [
        "contact_note_months",
        "resident_years",
    ]
    record(
        None, Action.PURGE, object_type="privacy.retentionpolicy", object_id=1, detail={"dry_run": True, "counts": {}}
    )
    assert coordinator_client.get(url).status_code == 200
