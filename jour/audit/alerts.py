"""Audit review: patterns in the access log that the coordinator should look at.

Views are logged only for pages that show a person's data, so every VIEW counts as a person record read.
No alert carries a person's data.

Finding alerts never scans days of the log on a page view: `refresh_alerts()` runs the finders only over the
events since the previous refresh (widened to the start of each finder's window, and a few minutes back for
requests that committed late), and stores what they find in AuditAlert under a stable key, so a later pass
over the same window updates the same row. The audit log page and `send_audit_alerts` read that small table.

A finder is `finder(since, until) -> list[Alert]`: it filters by action and a range of `at`, so it reads the
index audit_action_idx (action, at, id), and it groups bursts by `date_bin` windows; add it to FINDERS and
its label to AlertKind.LABELS.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import chain

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jour.lib.sql import table

from .models import Action, AlertScan, AuditAlert, AuditEvent

ALERT_DAYS = 14  # how far back the log page shows alerts, and the first refresh looks
LATE_COMMIT = dt.timedelta(minutes=5)  # a request's events commit when it ends (gunicorn's timeout is 60 s)
_BIN_ORIGIN = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_LOCK = 0x4A6F7572  # pg advisory lock: one refresh at a time


class AlertKind:
    MANY_RECORDS = "many_records"
    OUTSIDE_HOURS = "outside_hours"
    LOCKOUT = "lockout"
    NEW_COORDINATOR = "new_coordinator"
    OTP_RESET = "otp_reset"
    REVEAL = "reveal"
    AUDIT_RETENTION_SHORTENED = "audit_retention_shortened"
    LOGIN_FAILURES = "login_failures"
    SUPERUSER_LOGIN = "superuser_login"
    PROTECTION_LOWERED = "protection_lowered"

    LABELS = {
        MANY_RECORDS: _("Many person records viewed in a short time"),
        OUTSIDE_HOURS: _("Person records viewed outside office hours"),
        LOCKOUT: _("Account locked after failed logins"),
        NEW_COORDINATOR: _("New coordinator account"),
        OTP_RESET: _("Two-factor authentication reset"),
        REVEAL: _("Protected data revealed with a reason"),
        AUDIT_RETENTION_SHORTENED: _("The audit log's retention period was shortened"),
        LOGIN_FAILURES: _("Many failed logins in a short time"),
        SUPERUSER_LOGIN: _("Technical superuser logged in"),
        PROTECTION_LOWERED: _("Protection level lowered"),
    }


@dataclass(frozen=True)
class Alert:
    kind: str
    at: dt.datetime
    actor_username: str
    count: int
    event_id: int  # the first event behind the alert
    group: str = ""  # what the alert groups (a window, a day); empty for an alert about one event

    @property
    def label(self) -> str:
        return str(AlertKind.LABELS[self.kind])

    @property
    def key(self) -> str:
        """Stable across refreshes: the same burst found again updates the same stored alert."""
        if self.group:
            return f"{self.kind}:{self.actor_username}:{self.group}"[:200]
        return f"{self.kind}:{self.event_id}"


def window_start(moment: dt.datetime, minutes: int) -> dt.datetime:
    """The start of the `date_bin(minutes, …, 2000-01-01)` window holding `moment`, as the finders group."""
    size = dt.timedelta(minutes=minutes)
    return _BIN_ORIGIN + ((moment - _BIN_ORIGIN) // size) * size


def local_day_start(moment: dt.datetime) -> dt.datetime:
    local = timezone.localtime(moment)
    return timezone.make_aware(dt.datetime.combine(local.date(), dt.time.min))


def find_alerts(*, since: dt.datetime, until: dt.datetime | None = None) -> list[Alert]:
    """Every alert in the events of [since, until), computed from the log (refresh_alerts stores them)."""
    until = until or timezone.now()
    return sorted(chain.from_iterable(finder(since, until) for finder in FINDERS), key=lambda a: a.at, reverse=True)


def _bursts(since, until) -> list[Alert]:
    """More than AUDIT_BURST_RECORDS distinct records viewed by one user within AUDIT_BURST_MINUTES; and more
    than AUDIT_LOGIN_FAILURE_BURST failed logins, whatever the accounts and addresses, in such a window
    (password guessing spread over accounts stays under each account's lockout). One query for both."""
    minutes = settings.AUDIT_BURST_MINUTES
    sql = f"""
        SELECT %s, actor_username, min(at), count(DISTINCT (object_type, object_id)), min(id),
               date_bin(%s::interval, at, TIMESTAMPTZ '2000-01-01') AS window_start
        FROM {table(AuditEvent)}
        WHERE action = %s AND at >= %s AND at < %s
        GROUP BY actor_username, window_start
        HAVING count(DISTINCT (object_type, object_id)) > %s
        UNION ALL
        SELECT %s, '', min(at), count(*), min(id),
               date_bin(%s::interval, at, TIMESTAMPTZ '2000-01-01') AS window_start
        FROM {table(AuditEvent)}
        WHERE action = %s AND at >= %s AND at < %s
        GROUP BY window_start
        HAVING count(*) > %s
    """  # noqa: S608 - table names from _meta, values are parameters
    since = window_start(since, minutes)
    window = f"{minutes} minutes"
    params = [
        *[AlertKind.MANY_RECORDS, window, Action.VIEW, since, until, settings.AUDIT_BURST_RECORDS],
        *[AlertKind.LOGIN_FAILURES, window, Action.LOGIN_FAILED, since, until, settings.AUDIT_LOGIN_FAILURE_BURST],
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        Alert(kind, at, user, count, first, group=window.isoformat()) for kind, user, at, count, first, window in rows
    ]


def _outside_hours(since, until) -> list[Alert]:
    """Person records viewed outside AUDIT_OFFICE_HOURS (local time), one alert per user and day."""
    start, end = settings.AUDIT_OFFICE_HOURS
    sql = f"""
        SELECT actor_username, min(at), count(*), min(id), (at AT TIME ZONE %s)::date AS day
        FROM {table(AuditEvent)}
        WHERE action = %s AND at >= %s AND at < %s
          AND ((at AT TIME ZONE %s)::time < %s::time OR (at AT TIME ZONE %s)::time >= %s::time)
        GROUP BY actor_username, day
    """  # noqa: S608 - table names from _meta, values are parameters
    zone = settings.TIME_ZONE
    since = local_day_start(since)  # the whole day, so the day's count is complete
    with connection.cursor() as cursor:
        cursor.execute(sql, [zone, Action.VIEW, since, until, zone, start, zone, end])
        rows = cursor.fetchall()
    return [
        Alert(AlertKind.OUTSIDE_HOURS, at, user, count, first, group=day.isoformat())
        for user, at, count, first, day in rows
    ]


def _single_events(since, until) -> list[Alert]:
    """Lockouts, two-factor resets, reveals, coordinator accounts created or promoted, superuser logins,
    lowered protection levels and a shortened audit retention: one alert each, in one query. Every branch
    names its action (audit_action_idx)."""
    kinds = {Action.LOCKOUT: AlertKind.LOCKOUT, Action.OTP_RESET: AlertKind.OTP_RESET, Action.REVEAL: AlertKind.REVEAL}
    sql = f"""
        SELECT id, at, action, actor_username, %s FROM {table(AuditEvent)}
        WHERE action = ANY(%s) AND at >= %s AND at < %s
        UNION ALL
        SELECT id, at, action, actor_username, %s FROM {table(AuditEvent)}
        WHERE action = ANY(%s) AND at >= %s AND at < %s
          AND object_type = 'accounts.user' AND detail->>'role' = 'coordinator'
        UNION ALL
        SELECT id, at, action, actor_username, %s FROM {table(AuditEvent)}
        WHERE action = %s AND at >= %s AND at < %s AND detail->>'superuser' = 'true'
        UNION ALL
        SELECT id, at, action, actor_username, %s FROM {table(AuditEvent)}
        WHERE action = %s AND at >= %s AND at < %s AND detail->>'protection_lowered' = 'true'
        UNION ALL
        SELECT id, at, action, actor_username, %s FROM {table(AuditEvent)}
        WHERE action = ANY(%s) AND at >= %s AND at < %s
          AND object_type = 'privacy.retentionpolicy' AND detail ? 'audit_years_shortened'
    """  # noqa: S608 - table names from _meta, values are parameters
    # The last branch: written by the database itself (audit migration 0005) when audit_years goes down.
    params = [
        *["", list(kinds), since, until],
        *[AlertKind.NEW_COORDINATOR, [Action.CREATE, Action.CHANGE], since, until],
        *[AlertKind.SUPERUSER_LOGIN, Action.LOGIN, since, until],
        *[AlertKind.PROTECTION_LOWERED, Action.CHANGE, since, until],
        *[AlertKind.AUDIT_RETENTION_SHORTENED, [Action.CHANGE, Action.DELETE], since, until],
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [Alert(kind or kinds[action], at, user, 1, pk) for pk, at, action, user, kind in rows]


FINDERS = [_bursts, _outside_hours, _single_events]


def refresh_alerts(*, now: dt.datetime | None = None) -> None:
    """Store the alerts in the events since the last refresh; skipped while another refresh is running."""
    now = now or timezone.now()
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT pg_try_advisory_xact_lock(%s), (SELECT until FROM {table(AlertScan)} WHERE id = 1)",  # noqa: S608
            [_LOCK],
        )
        locked, scanned_until = cursor.fetchone()
        if not locked:
            return
        horizon = now - dt.timedelta(days=ALERT_DAYS)
        since = max(scanned_until - LATE_COMMIT, horizon) if scanned_until else horizon
        found = {alert.key: alert for alert in find_alerts(since=since, until=now)}.values()
        if found:
            AuditAlert.objects.bulk_create(
                [
                    AuditAlert(
                        key=a.key,
                        kind=a.kind,
                        at=a.at,
                        actor_username=a.actor_username,
                        count=a.count,
                        event_id=a.event_id,
                    )
                    for a in found
                ],
                update_conflicts=True,
                unique_fields=["key"],
                update_fields=["at", "count", "event_id"],
            )
        cursor.execute(
            f"INSERT INTO {table(AlertScan)} AS scan (id, until) VALUES (1, %s) "  # noqa: S608 - table names from _meta, values are parameters
            "ON CONFLICT (id) DO UPDATE SET until = GREATEST(scan.until, EXCLUDED.until)",
            [now],
        )


def recent_alerts(*, days: int = ALERT_DAYS, now: dt.datetime | None = None) -> list[AuditAlert]:
    """The stored alerts of the last `days`, newest first, after bringing them up to date."""
    now = now or timezone.now()
    refresh_alerts(now=now)
    return list(AuditAlert.objects.filter(at__gte=now - dt.timedelta(days=days)).order_by("-at", "-id"))
