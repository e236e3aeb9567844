import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from jour.accounts.models import Role
from jour.audit.alerts import AlertKind, find_alerts
from jour.audit.log import record
from jour.audit.models import Action

from ..factories import UserFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SINCE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def view_many(user, count: int):
    for object_id in range(count):
        record(None, Action.VIEW, user=user, object_type="residents.resident", object_id=object_id)


def kinds(alerts):
    return sorted(alert.kind for alert in alerts)


@time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=STOCKHOLM), tick=False)
def test_many_records_in_a_short_time(staff, other_staff, settings):
    view_many(staff, settings.AUDIT_BURST_RECORDS + 1)
    view_many(other_staff, settings.AUDIT_BURST_RECORDS)  # at the limit: no alert
    alerts = find_alerts(since=SINCE, until=dt.datetime(2026, 12, 31, tzinfo=dt.UTC))
    assert [(a.kind, a.actor_username, a.count) for a in alerts] == [
        (AlertKind.MANY_RECORDS, "staff", settings.AUDIT_BURST_RECORDS + 1)
    ]


def test_views_outside_office_hours(staff):
    with time_machine.travel(dt.datetime(2026, 3, 2, 23, 30, tzinfo=STOCKHOLM), tick=False):
        view_many(staff, 2)
    with time_machine.travel(dt.datetime(2026, 3, 3, 9, 30, tzinfo=STOCKHOLM), tick=False):
        view_many(staff, 2)
    alerts = find_alerts(since=SINCE, until=dt.datetime(2026, 12, 31, tzinfo=dt.UTC))
    assert [(a.kind, a.count) for a in alerts] == [(AlertKind.OUTSIDE_HOURS, 2)]


def test_lockouts_resets_reveals_and_new_coordinators(coordinator_client, staff):
    record(None, Action.LOCKOUT, staff)
    record(None, Action.REVEAL, user=staff, object_type="residents.resident", object_id=1)
    coordinator_client.post(reverse("accounts:user_reset_2fa", args=[staff.pk]))
    coordinator_client.post(
        reverse("accounts:user_create"),
        {
            "username": "ny_samordnare",
            "first_name": "Ny",
            "last_name": "S",
            "role": Role.COORDINATOR,
            "password": "en-lang-och-bra-fras",
        },
    )
    coordinator_client.post(
        reverse("accounts:user_edit", args=[staff.pk]),
        {"first_name": "Ändrad", "last_name": staff.last_name, "role": Role.STAFF, "is_active": "on"},
    )  # a change that is not a promotion raises nothing
    alerts = find_alerts(since=SINCE)
    assert kinds(alerts) == sorted(
        [AlertKind.LOCKOUT, AlertKind.REVEAL, AlertKind.OTP_RESET, AlertKind.NEW_COORDINATOR]
    )
    page = coordinator_client.get(reverse("audit:log"))
    assert page.context["alerts"] == alerts
    assert "Ny samordnare" not in page.content.decode()


def test_alert_emails_go_once_and_carry_no_personal_data(db, staff):
    UserFactory(role=Role.COORDINATOR, email="ledare@jouren.example")
    record(None, Action.REVEAL, user=staff, object_type="residents.resident", object_id=7)
    call_command("send_audit_alerts", stdout=open("/dev/null", "w"))
    call_command("send_audit_alerts", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ledare@jouren.example"]
    assert "staff" not in message.body and "7" not in message.subject
