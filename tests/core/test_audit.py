import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from jour.audit.log import record
from jour.audit.models import Action, AuditEvent


@pytest.fixture
def event(staff):
    return record(None, Action.VIEW, staff, user=staff)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET action = 'login' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ],
)
def test_application_role_cannot_change_or_delete_audit_rows(event, sql):
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, action=Action.VIEW).exists()


def test_application_role_cannot_truncate_the_log(event):
    # It lacks the privilege; the trigger would refuse it anyway (tests/security/test_audit_log_guard.py).
    with pytest.raises(DatabaseError, match="permission denied"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_application_role_cannot_switch_the_trigger_off(event):
    """The app's role is not a superuser, so it cannot bypass triggers by replication mode."""
    with pytest.raises(DatabaseError):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")


def test_record_names_the_object_and_fields_but_no_values(staff):
    event = record(None, Action.CHANGE, staff, user=staff, fields=["last_name", "email"])
    event.refresh_from_db()
    assert (event.object_type, event.object_id) == ("accounts.user", str(staff.pk))
    assert event.fields == ["email", "last_name"]
    assert staff.last_name not in str(event.detail)


def test_login_and_failed_login_are_audited(staff):
    client = Client()
    client.post(reverse("accounts:login"), {"username": staff.username, "password": "wrong-password-123"})
    failed = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert failed.object_id == str(staff.pk)
    assert "wrong" not in str(failed.detail)
    client.post(reverse("accounts:login"), {"username": staff.username, "password": "correct-horse-battery-staple"})
    assert AuditEvent.objects.filter(action=Action.LOGIN, actor=staff).count() == 1


def test_coordinator_filters_the_log_by_user_action_and_date(coordinator_client, staff, other_staff):
    record(None, Action.VIEW, staff, user=staff)
    record(None, Action.EXPORT, staff, user=other_staff)
    response = coordinator_client.get(reverse("audit:log"), {"actor": other_staff.pk, "action": "export"})
    assert response.status_code == 200
    assert [e.actor_username for e in response.context["page"].rows] == ["other_staff"]
    dated = coordinator_client.get(reverse("audit:log"), {"date_from": "2000-01-01", "date_to": "2000-12-31"})
    assert dated.context["page"].rows == []


def test_who_has_accessed_this_record(coordinator_client, staff, other_staff):
    record(None, Action.VIEW, staff, user=other_staff)
    record(None, Action.VIEW, other_staff, user=staff)
    response = coordinator_client.get(reverse("audit:object_log", args=["accounts.user", staff.pk]))
    assert [e.actor_username for e in response.context["page"].rows] == ["other_staff"]


def test_audit_pages_are_for_the_coordinator_only(staff_client, volunteer_client):
    for client in (staff_client, volunteer_client):
        assert client.get(reverse("audit:log")).status_code == 404
    assert Client().get(reverse("audit:log")).status_code == 302
