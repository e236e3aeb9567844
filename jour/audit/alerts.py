"""Audit review: patterns in the access log that the coordinator should look at.

Views are logged only for pages that show a person's data, so every VIEW counts as a person record read.
No alert carries a person's data.

Finding alerts never scans days of the log on a page view: `refresh_alerts()` runs the finders only over the
events since the previous refresh (widened to the start of each finder's window, and a few minutes back for
requests that committed late), and stores what they find in AuditAlert under a stable key, so a later pass
over the same window updates the same row. The audit log page and `send_audit_alerts` read that small table.
The outside-hours alert's window is a whole day, so its count is kept instead of recounted: each refresh adds
the events that can no longer commit late (older than LATE_COMMIT) to the stored settled_count once, and
recounts only the last few minutes on top (`_count_outside_hours`).

A finder is `finder(since, until) -> list[Alert]`: it filters by action and a range of `at`, so it reads the
index audit_action_idx (action, at, id), and it groups bursts by `date_bin` windows; add it to RECOUNTED and
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


def _outside_hours_sql(*, since, until, settled_before) -> tuple[str, list]:
    """Per user and local day: views outside AUDIT_OFFICE_HOURS in [since, until), how many of them before
    `settled_before`, the first one's time and id."""
    start, end = settings.AUDIT_OFFICE_HOURS
    zone = settings.TIME_ZONE
    sql = f"""
        SELECT actor_username, min(at) AS first_at, count(*) AS events,
               count(*) FILTER (WHERE at < %s) AS settled, min(id) AS first_id, (at AT TIME ZONE %s)::date AS day
        FROM {table(AuditEvent)}
        WHERE action = %s AND at >= %s AND at < %s
          AND ((at AT TIME ZONE %s)::time < %s::time OR (at AT TIME ZONE %s)::time >= %s::time)
        GROUP BY actor_username, day
    """  # noqa: S608 - table names from _meta, values are parameters
    return sql, [settled_before, zone, Action.VIEW, since, until, zone, start, zone, end]


def _outside_hours(since, until) -> list[Alert]:
    """Person records viewed outside AUDIT_OFFICE_HOURS (local time), one alert per user and day, counted from
    scratch (refresh_alerts keeps the stored count with `_count_outside_hours` instead)."""
    # From the start of the day, so the day's count is complete.
    sql, params = _outside_hours_sql(since=local_day_start(since), until=until, settled_before=until)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        Alert(AlertKind.OUTSIDE_HOURS, at, user, count, first, group=day.isoformat())
        for user, at, count, _settled, first, day in rows
    ]


def _count_outside_hours(cursor, *, count_from, settle_until, now) -> None:
    """Bring the stored outside-hours alerts up to `now` in one statement, reading only the views since
    `count_from` (where the previous refresh settled): those before `settle_until` are added to each alert's
    settled_count for good, the rest (the last LATE_COMMIT minutes) are counted on top of it and counted again by
    the next refresh. The key is Alert.key's: `kind:username:day`."""
    found, params = _outside_hours_sql(since=count_from, until=now, settled_before=settle_until)
    sql = f"""
        INSERT INTO {table(AuditAlert)} AS alert (key, kind, at, actor_username, count, settled_count, event_id)
        SELECT left(%s || ':' || actor_username || ':' || to_char(day::timestamp, 'YYYY-MM-DD'), 200), %s, first_at,
               actor_username, events, settled, first_id
        FROM ({found}) AS found
        ON CONFLICT (key) DO UPDATE SET
            count = alert.settled_count + EXCLUDED.count,
            settled_count = alert.settled_count + EXCLUDED.settled_count,
            at = LEAST(alert.at, EXCLUDED.at),
            event_id = LEAST(alert.event_id, EXCLUDED.event_id)
    """  # noqa: S608 - table names from _meta, values are parameters
    cursor.execute(sql, [AlertKind.OUTSIDE_HOURS, AlertKind.OUTSIDE_HOURS, *params])


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


# Recounted over their short windows by every refresh; the outside-hours count is kept (_count_outside_hours).
RECOUNTED = [_bursts, _single_events]
FINDERS = [*RECOUNTED, _outside_hours]


def refresh_alerts(*, now: dt.datetime | None = None) -> None:
    """Store the alerts in the events since the last refresh; skipped while another refresh is running."""
    now = now or timezone.now()
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_LOCK])
        if not cursor.fetchone()[0]:
            return
        # Read after taking the lock, in a statement of its own: its snapshot then holds what the previous
        # refresh committed (one statement would read the mark as it was before taking the lock, and a count
        # kept by adding must never add the same events twice).
        cursor.execute(f"SELECT until, counted_until FROM {table(AlertScan)} WHERE id = 1")  # noqa: S608
        scanned_until, counted_until = cursor.fetchone() or (None, None)
        horizon = now - dt.timedelta(days=ALERT_DAYS)
        since = max(scanned_until - LATE_COMMIT, horizon) if scanned_until else horizon
        # The first time (or after more than ALERT_DAYS without a refresh) from the start of the horizon's day,
        # so that its count is complete; only whole days before it are skipped, and they are no longer shown.
        horizon_day = local_day_start(horizon)
        count_from = max(counted_until, horizon_day) if counted_until else horizon_day
        settle_until = max(now - LATE_COMMIT, count_from)
        _count_outside_hours(cursor, count_from=count_from, settle_until=settle_until, now=now)
        found = {alert.key: alert for alert in chain.from_iterable(find(since, now) for find in RECOUNTED)}.values()
        _store_recounted(cursor, list(found), now=now, counted_until=settle_until)


def _store_recounted(cursor, alerts: list[Alert], *, now, counted_until) -> None:
    """Store the recounted alerts (a burst found again replaces its count) and the scan mark: one statement,
    whether anything was found or not, so that a page costs the same queries either way."""
    columns = [[a.key for a in alerts], [a.kind for a in alerts], [a.at for a in alerts]]
    columns += [[a.actor_username for a in alerts], [a.count for a in alerts], [a.event_id for a in alerts]]
    cursor.execute(
        f"""
        WITH mark AS (
            INSERT INTO {table(AlertScan)} AS scan (id, until, counted_until) VALUES (1, %s, %s)
            ON CONFLICT (id) DO UPDATE
            SET until = GREATEST(scan.until, EXCLUDED.until), counted_until = EXCLUDED.counted_until
        )
        INSERT INTO {table(AuditAlert)} AS alert (key, kind, at, actor_username, count, settled_count, event_id)
        SELECT key, kind, at, actor_username, count, 0, event_id
        FROM unnest(%s::text[], %s::text[], %s::timestamptz[], %s::text[], %s::integer[], %s::bigint[])
            AS found (key, kind, at, actor_username, count, event_id)
        ON CONFLICT (key) DO UPDATE SET at = EXCLUDED.at, count = EXCLUDED.count, event_id = EXCLUDED.event_id
        """,  # noqa: S608 - table names from _meta, values are parameters
        [now, counted_until, *columns],
    )


def recent_alerts(*, days: int = ALERT_DAYS, now: dt.datetime | None = None) -> list[AuditAlert]:
    """The stored alerts of the last `days`, newest first, after bringing them up to date."""
    now = now or timezone.now()
    refresh_alerts(now=now)
    return list(AuditAlert.objects.filter(at__gte=now - dt.timedelta(days=days)).order_by("-at", "-id"))
