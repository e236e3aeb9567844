"""Audit review: patterns in the access log that the coordinator should look at.

Views are logged only for pages that show a person's data, so every VIEW counts as a person record read.
All alerts are computed in SQL over a period; none carries a person's data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext_lazy as _

from .models import Action, AuditEvent


class AlertKind:
    MANY_RECORDS = "many_records"
    OUTSIDE_HOURS = "outside_hours"
    LOCKOUT = "lockout"
    NEW_COORDINATOR = "new_coordinator"
    OTP_RESET = "otp_reset"
    REVEAL = "reveal"

    LABELS = {
        MANY_RECORDS: _("Many person records viewed in a short time"),
        OUTSIDE_HOURS: _("Person records viewed outside office hours"),
        LOCKOUT: _("Account locked after failed logins"),
        NEW_COORDINATOR: _("New coordinator account"),
        OTP_RESET: _("Two-factor authentication reset"),
        REVEAL: _("Protected data revealed with a reason"),
    }


@dataclass(frozen=True)
class Alert:
    kind: str
    at: dt.datetime
    actor_username: str
    count: int
    event_id: int  # the first event behind the alert: a stable key for notifications

    @property
    def label(self) -> str:
        return str(AlertKind.LABELS[self.kind])

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.event_id}"


def find_alerts(*, since: dt.datetime, until: dt.datetime | None = None) -> list[Alert]:
    until = until or dt.datetime.now(tz=dt.UTC)
    alerts = _bursts(since, until) + _outside_hours(since, until) + _single_events(since, until)
    return sorted(alerts, key=lambda alert: alert.at, reverse=True)


def _bursts(since, until) -> list[Alert]:
    """More than AUDIT_BURST_RECORDS distinct records viewed by one user within AUDIT_BURST_MINUTES."""
    sql = """
        SELECT actor_username, min(at), count(DISTINCT (object_type, object_id)), min(id)
        FROM audit_auditevent
        WHERE action = %s AND at >= %s AND at < %s
        GROUP BY actor_username, date_bin(%s::interval, at, TIMESTAMPTZ '2000-01-01')
        HAVING count(DISTINCT (object_type, object_id)) > %s
    """
    window = f"{settings.AUDIT_BURST_MINUTES} minutes"
    with connection.cursor() as cursor:
        cursor.execute(sql, [Action.VIEW, since, until, window, settings.AUDIT_BURST_RECORDS])
        rows = cursor.fetchall()
    return [Alert(AlertKind.MANY_RECORDS, at, user, count, first) for user, at, count, first in rows]


def _outside_hours(since, until) -> list[Alert]:
    """Person records viewed outside AUDIT_OFFICE_HOURS (local time), one alert per user and day."""
    start, end = settings.AUDIT_OFFICE_HOURS
    sql = """
        SELECT actor_username, min(at), count(*), min(id)
        FROM audit_auditevent
        WHERE action = %s AND at >= %s AND at < %s
          AND ((at AT TIME ZONE %s)::time < %s::time OR (at AT TIME ZONE %s)::time >= %s::time)
        GROUP BY actor_username, (at AT TIME ZONE %s)::date
    """
    zone = settings.TIME_ZONE
    with connection.cursor() as cursor:
        cursor.execute(sql, [Action.VIEW, since, until, zone, start, zone, end, zone])
        rows = cursor.fetchall()
    return [Alert(AlertKind.OUTSIDE_HOURS, at, user, count, first) for user, at, count, first in rows]


def _single_events(since, until) -> list[Alert]:
    kinds = {Action.LOCKOUT: AlertKind.LOCKOUT, Action.OTP_RESET: AlertKind.OTP_RESET, Action.REVEAL: AlertKind.REVEAL}
    events = AuditEvent.objects.filter(at__gte=since, at__lt=until).filter(
        action__in=list(kinds)
    ) | AuditEvent.objects.filter(
        at__gte=since,
        at__lt=until,
        object_type="accounts.user",
        action__in=[Action.CREATE, Action.CHANGE],
        detail__role="coordinator",
    )
    alerts = []
    for event in events.only("id", "at", "action", "actor_username"):
        kind = kinds.get(event.action, AlertKind.NEW_COORDINATOR)
        alerts.append(Alert(kind, event.at, event.actor_username, 1, event.id))
    return alerts
