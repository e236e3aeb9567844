import datetime as dt
import re
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jour.accounts.models import Role
from jour.audit.alerts import AlertKind, find_alerts, refresh_alerts
from jour.audit.log import record
from jour.audit.models import Action, AlertScan, AuditAlert

from ..concurrency import at_once
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
    assert sorted((a.kind, a.event_id) for a in page.context["alerts"]) == sorted((a.kind, a.event_id) for a in alerts)
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


def test_stored_alerts_grow_with_a_burst_across_refreshes_and_old_events_are_not_rescanned(staff, settings):
    """The log page reads stored alerts; each refresh reads only the events since the last one (and the start of
    the windows they fall in), so a burst split by a refresh is one alert with the whole count."""
    from jour.audit.alerts import recent_alerts, refresh_alerts
    from jour.audit.models import AuditAlert

    settings.AUDIT_BURST_RECORDS = 5
    at = dt.datetime(2026, 3, 2, 10, 1, tzinfo=STOCKHOLM)
    second = dt.timedelta(seconds=1)  # the clock stands still here: refresh a second after the events
    with time_machine.travel(at, tick=False):
        view_many(staff, 4)
    refresh_alerts(now=at + second)
    assert not AuditAlert.objects.exists()
    with time_machine.travel(at + dt.timedelta(minutes=3), tick=False):
        for object_id in range(4, 8):
            record(None, Action.VIEW, user=staff, object_type="residents.resident", object_id=object_id)
    alerts = recent_alerts(now=at + dt.timedelta(minutes=3) + second)
    assert [(a.kind, a.count) for a in alerts] == [(AlertKind.MANY_RECORDS, 8)]
    # An event older than the last refresh (minus the minutes allowed for late commits) is not read again:
    # the refresh costs the events since the last one, not the fourteen days shown.
    with time_machine.travel(at - dt.timedelta(hours=2), tick=False):
        record(None, Action.REVEAL, user=staff, object_type="residents.resident", object_id=1)
    assert [a.kind for a in recent_alerts(now=at + dt.timedelta(minutes=20))] == [AlertKind.MANY_RECORDS]
    assert len(find_alerts(since=SINCE, until=at + dt.timedelta(minutes=20))) == 2


def test_an_event_committed_a_little_late_is_still_found(staff):
    from jour.audit.alerts import recent_alerts, refresh_alerts

    at = dt.datetime(2026, 3, 2, 10, 0, tzinfo=STOCKHOLM)
    refresh_alerts(now=at)
    with time_machine.travel(at - dt.timedelta(minutes=1), tick=False):  # written before, committed after
        record(None, Action.LOCKOUT, staff)
    assert [a.kind for a in recent_alerts(now=at + dt.timedelta(minutes=1))] == [AlertKind.LOCKOUT]


# Outside office hours: the stored count per user and day is kept up to date from the new events only -----------

EVENING = dt.datetime(2026, 3, 2, 21, 0, tzinfo=STOCKHOLM)  # office hours are 07:00-20:00


def views_at(moment: dt.datetime, user, count: int) -> None:
    with time_machine.travel(moment, tick=False):
        view_many(user, count)


def stored_outside_hours() -> dict[str, tuple]:
    alerts = AuditAlert.objects.filter(kind=AlertKind.OUTSIDE_HOURS)
    return {a.key: (a.actor_username, a.count, a.at, a.event_id) for a in alerts}


def outside_hours_from_scratch(until: dt.datetime) -> dict[str, tuple]:
    alerts = find_alerts(since=SINCE, until=until)
    return {a.key: (a.actor_username, a.count, a.at, a.event_id) for a in alerts if a.kind == AlertKind.OUTSIDE_HOURS}


def test_outside_hours_counts_kept_across_refreshes_and_midnight_equal_a_count_from_scratch(staff, other_staff):
    minute = dt.timedelta(minutes=1)
    steps = [
        (EVENING - dt.timedelta(hours=11), staff, 4),  # 10:00, office hours: not counted
        (EVENING, staff, 2),
        "refresh",
        (EVENING + 2 * minute, staff, 1),  # within the minutes a refresh looks back for late commits
        (EVENING + 2 * minute, other_staff, 1),
        "refresh",
        (EVENING + dt.timedelta(hours=2, minutes=50), staff, 3),  # 23:50
        "refresh",
        (EVENING + dt.timedelta(hours=3, minutes=10), staff, 2),  # 00:10, the next day
        (EVENING + dt.timedelta(hours=3, minutes=11), other_staff, 1),
        "refresh",
        "refresh",  # twice at the same moment: nothing counted twice
        (EVENING + dt.timedelta(hours=3, minutes=30), staff, 1),
        "refresh",
    ]
    clock = EVENING - dt.timedelta(hours=12)
    for step in steps:
        if step == "refresh":
            refresh_alerts(now=clock + minute)
            assert stored_outside_hours() == outside_hours_from_scratch(until=clock + minute)
        else:
            clock, user, count = step
            views_at(clock, user, count)
    counts = sorted((user, count) for user, count, _at, _event in stored_outside_hours().values())
    assert counts == [("other_staff", 1), ("other_staff", 1), ("staff", 3), ("staff", 6)]


def test_a_refresh_reads_only_the_events_since_the_last_one_not_the_whole_day(staff, settings):
    """Before, each refresh recounted the whole day's views outside office hours (50 ms at national scale with
    the bench's 37 000 views of the day; docs/benchmarks.md). Now it adds the events since the last refresh."""
    settings.AUDIT_BURST_RECORDS = 10_000  # only the outside-hours alert here
    views_at(EVENING, staff, 3)
    refresh_alerts(now=EVENING + dt.timedelta(minutes=30))
    # Appears only now, written well before the last refresh (earlier than the minutes allowed for a late
    # commit; a real request cannot): a refresh that recounted the day would count it.
    views_at(EVENING - dt.timedelta(minutes=30), staff, 1)
    views_at(EVENING + dt.timedelta(hours=1), staff, 2)
    refresh_alerts(now=EVENING + dt.timedelta(hours=1, minutes=1))
    assert [count for _user, count, _at, _event in stored_outside_hours().values()] == [5]
    assert [c for _u, c, _a, _e in outside_hours_from_scratch(EVENING + dt.timedelta(hours=2)).values()] == [6]

    # And its queries do not grow with the day's events.
    def queries_of_a_refresh(new_views: int, at: dt.datetime) -> int:
        views_at(at, staff, new_views)
        with CaptureQueriesContext(connection) as queries:
            refresh_alerts(now=at + dt.timedelta(minutes=1))
        return len(queries)

    assert queries_of_a_refresh(2, EVENING + dt.timedelta(hours=2)) == queries_of_a_refresh(
        500, EVENING + dt.timedelta(hours=2, minutes=30)
    )
    assert [count for _user, count, _at, _event in stored_outside_hours().values()] == [507]


def test_alerts_stored_before_the_incremental_count_are_recounted_once(staff):
    """The alerts an earlier version stored hold the whole day's count and no settled part: the first refresh
    with the incremental count (no mark of what it has counted yet) recounts the window once, not on top."""
    views_at(EVENING, staff, 3)
    refresh_alerts(now=EVENING + dt.timedelta(minutes=10))
    AuditAlert.objects.update(settled_count=0)
    AlertScan.objects.update(counted_until=None)
    views_at(EVENING + dt.timedelta(minutes=20), staff, 1)
    refresh_alerts(now=EVENING + dt.timedelta(minutes=30))
    assert stored_outside_hours() == outside_hours_from_scratch(until=EVENING + dt.timedelta(minutes=30))
    assert [count for _user, count, _at, _event in stored_outside_hours().values()] == [4]


@pytest.mark.django_db(transaction=True)
def test_refreshes_running_at_the_same_time_count_each_event_once():
    staff = UserFactory(role=Role.STAFF, username="staff")
    views_at(EVENING, staff, 3)
    refresh_alerts(now=EVENING + dt.timedelta(minutes=1))
    views_at(EVENING + dt.timedelta(minutes=2), staff, 2)
    later = EVENING + dt.timedelta(minutes=20)

    # One refresh holds its transaction open: another one at that moment leaves the stored alerts alone...
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                refresh_alerts(now=later)
                holding.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert holding.wait(timeout=30)
        refresh_alerts(now=later)
        assert [count for _user, count, _at, _event in stored_outside_hours().values()] == [3]
    finally:
        release.set()
        thread.join(timeout=30)
    # ... and once it has committed, the next one starts where it ended.
    refresh_alerts(now=later)
    assert stored_outside_hours() == outside_hours_from_scratch(until=later)

    # Started together, again and again, with new events in between: whichever runs, nothing is counted twice.
    for round_ in range(1, 6):
        moment = later + dt.timedelta(minutes=10 * round_)
        views_at(moment, staff, round_)
        at_once(lambda _index, moment=moment: refresh_alerts(now=moment + dt.timedelta(minutes=1)))
        refresh_alerts(now=moment + dt.timedelta(minutes=1))
        assert stored_outside_hours() == outside_hours_from_scratch(until=moment + dt.timedelta(minutes=1))
    assert [count for _user, count, _at, _event in stored_outside_hours().values()] == [5 + 15]


# The log page's alert list as its template rendered it before jour/audit/views.py built it in Python.
ALERTS_AS_A_TEMPLATE = """{% load i18n %}{% for alert in alerts %}
    <li class="list-group-item list-group-item-warning d-flex justify-content-between">
      <span><strong>{{ alert.label }}</strong>{% if alert.actor_username %} · {{ alert.actor_username }}{% endif %}{% if alert.count > 1 %} · {% blocktranslate trimmed count n=alert.count %}{{ n }} event{% plural %}{{ n }} events{% endblocktranslate %}{% endif %}</span>
      <span class="text-muted">{{ alert.at|date:"Y-m-d H:i" }}</span>
    </li>
    {% endfor %}"""  # noqa: E501


def test_the_alert_list_is_the_markup_the_template_made_in_swedish_and_english():
    from django.template import Context, Template
    from django.utils import translation

    from jour.audit.models import AuditAlert
    from jour.audit.views import alert_items

    alerts = [
        AuditAlert(
            kind=AlertKind.MANY_RECORDS,
            at=dt.datetime(2026, 3, 1, 22, 5, tzinfo=dt.UTC),
            actor_username="a<b",
            count=31,
        ),
        AuditAlert(
            kind=AlertKind.OUTSIDE_HOURS,
            at=dt.datetime(2026, 7, 1, 23, 59, tzinfo=dt.UTC),
            actor_username="eva",
            count=1,
        ),
        AuditAlert(kind=AlertKind.LOGIN_FAILURES, at=dt.datetime(2026, 12, 6, 6, 0, tzinfo=dt.UTC), count=2),
        AuditAlert(kind="unknown_kind", at=dt.datetime(2026, 12, 6, 6, 0, tzinfo=dt.UTC), actor_username="", count=1),
    ]

    def compact(html) -> str:
        return re.sub(r">\s+<", "><", str(html)).strip()

    for language in ("sv", "en"):
        with translation.override(language):
            expected = compact(Template(ALERTS_AS_A_TEMPLATE).render(Context({"alerts": alerts})))
            assert compact(alert_items(alerts)) == expected
    with translation.override("sv"):
        html = str(alert_items(alerts))
    assert "a&lt;b" in html and "31 händelser" in html and "2026-03-01 23:05" in html  # local time, escaped
