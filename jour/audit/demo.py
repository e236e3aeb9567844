"""Demo audit events: the trail the other apps' demo data would have left, at every scale.

Derived from the rows the other seeders loaded, month by month in time order (as a real log grows): each day
of each stay the staff read her record, her plan and journal, the resident list and the board, and sometimes
change or export something; each support contact is created (some are read and corrected later), each
meeting planned, read by the contact woman and marked held; staff sign in and out every day, some sign-ins
fail; a few reveals of protected identities. At the national scale that is about 20 million events.

Generated inside PostgreSQL (INSERT … SELECT, deterministic hashes instead of a random generator: nothing
crosses the wire, ~20 M rows in about a minute); the tables of the other apps are named through the app
registry, so jour.audit imports no feature app. For a big load the secondary indexes are dropped first and
rebuilt after from their own definitions: one sort per index instead of twenty million random inserts.
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db import connection
from django.utils import timezone

from jour.accounts.models import Role, User
from jour.demo.registry import register

from .models import AuditEvent

SEED = 20261206  # the hashes' seed: the same data for the same rows
EVENTS_PER_STAY_DAY = 8
REBUILD_INDEXES_ABOVE = 500_000  # expected events: below this, keeping the indexes is faster


def _table(label: str) -> str:
    return connection.ops.quote_name(apps.get_model(label)._meta.db_table)


# One month of events, every source in one statement ordered by time, so ids follow time as in real life.
# %(h)s-style names are the month's parameters; {names} are tables. Local times are built in the jour's time zone.
MONTH_SQL = """
WITH staff AS (
    SELECT %(staff_ids)s::bigint[] AS ids, cardinality(%(staff_ids)s::bigint[]) AS n
),
stay_days AS (
    SELECT s.id AS stay_id, s.resident_id, p.id AS plan_id, d::date AS day
    FROM {stay} s
    LEFT JOIN {plan} p ON p.stay_id = s.id
    CROSS JOIN LATERAL generate_series(
        GREATEST(s.intake, %(first)s::date), LEAST(COALESCE(s.discharge, %(today)s::date), %(last)s::date), '1 day'
    ) d
    WHERE s.intake <= %(last)s::date AND COALESCE(s.discharge, %(today)s::date) >= %(first)s::date
),
stay_events AS (
    SELECT y.*,
        CASE WHEN y.k <= 3 THEN 'record'
             WHEN y.k <= 5 THEN CASE WHEN y.plan_id IS NULL THEN 'record' ELSE 'plan' END
             WHEN y.k = 6 THEN CASE WHEN y.h %% 700 = 0 THEN 'reveal' ELSE 'journal' END
             WHEN y.k = 7 THEN 'list'
             WHEN y.h %% 60 = 0 AND y.plan_id IS NOT NULL THEN 'export'
             WHEN y.h %% 4 = 0 THEN 'change'
             ELSE 'board' END AS what
    FROM (
        SELECT sd.*, k,
               abs(hashint8extended(sd.stay_id * 1000003 + (sd.day - DATE '2000-01-01') * 16 + k, %(seed)s)) AS h
        FROM stay_days sd CROSS JOIN generate_series(1, %(per_day)s) k
    ) y
),
events AS (
    -- Her record, plan and journal, the resident list and the board, read in the course of each day of her stay
    -- (one read in 2000 at night); her stay changed, her plan exported, her identity revealed now and then.
    SELECT
        ((e.day + interval '1 minute' * CASE WHEN e.h %% 2000 = 0 THEN 1230 + (e.h >> 8) %% 540
                                             ELSE 420 + (e.h >> 8) %% 780 END
                + interval '1 second' * ((e.h >> 4) %% 60))
            AT TIME ZONE %(zone)s) AS at,
        staff.ids[(e.h >> 24) %% staff.n + 1] AS actor_id,
        CASE e.what WHEN 'export' THEN 'export' WHEN 'change' THEN 'change' WHEN 'reveal' THEN 'reveal'
             ELSE 'view' END AS action,
        CASE e.what WHEN 'plan' THEN 'plans.implementationplan' WHEN 'export' THEN 'plans.implementationplan'
             WHEN 'change' THEN 'residents.stay' WHEN 'board' THEN 'residents.room' ELSE 'residents.resident' END
            AS object_type,
        CASE e.what WHEN 'plan' THEN e.plan_id::text WHEN 'export' THEN e.plan_id::text
             WHEN 'change' THEN e.stay_id::text WHEN 'list' THEN '' WHEN 'board' THEN ''
             ELSE e.resident_id::text END AS object_id,
        CASE e.what WHEN 'change' THEN '["room"]' ELSE '[]' END AS fields,
        CASE e.what WHEN 'reveal' THEN '{{"reason": "safety"}}' WHEN 'journal' THEN '{{"journal": true}}'
             WHEN 'list' THEN '{{"list": true, "rows": 50}}' WHEN 'export' THEN '{{"format": "pdf"}}'
             WHEN 'board' THEN '{{"board": true}}' ELSE '{{}}' END AS detail,
        CASE e.what WHEN 'plan' THEN 'plans:stay' WHEN 'export' THEN 'plans:plan_pdf'
             WHEN 'list' THEN 'residents:index' WHEN 'board' THEN 'residents:board'
             WHEN 'change' THEN 'residents:stay_edit' ELSE 'residents:resident_detail' END AS view_name,
        e.h
    FROM stay_events e, staff
    UNION ALL
    -- Each support contact logged by its staff member; a fifth read again and one in twenty corrected within
    -- the next hour and a half; the contact list opened before every third.
    SELECT c.started_at + interval '1 minute' * COALESCE(c.duration_minutes, 2), c.staff_id, 'create',
           'calls.supportcontact', c.id::text, '[]', '{{}}', 'calls:contact_create', c.id
    FROM {contact} c WHERE c.started_at >= %(start)s - interval '3 hours' AND c.started_at < %(end)s
    UNION ALL
    SELECT c.started_at + interval '1 minute' * (COALESCE(c.duration_minutes, 2) + 1 + c.id %% 90), c.staff_id,
           CASE WHEN c.id %% 20 = 0 THEN 'change' ELSE 'view' END, 'calls.supportcontact', c.id::text,
           CASE WHEN c.id %% 20 = 0 THEN '["duration_minutes"]' ELSE '[]' END, '{{}}',
           CASE WHEN c.id %% 20 = 0 THEN 'calls:contact_edit' ELSE 'calls:contact_detail' END, c.id
    FROM {contact} c
    WHERE c.started_at >= %(start)s - interval '3 hours' AND c.started_at < %(end)s AND c.id %% 5 = 0
    UNION ALL
    SELECT c.started_at - interval '1 minute', c.staff_id, 'view', 'calls.supportcontact', '',
           '[]', '{{"list": true, "rows": 50}}', 'calls:contact_list', c.id
    FROM {contact} c
    WHERE c.started_at >= %(start)s AND c.started_at < %(end)s + interval '1 minute' AND c.id %% 3 = 0
    UNION ALL
    -- Meetings: planned by staff a week before, on the contact woman's "Mina träffar" the day before, marked held.
    SELECT m.starts_at - interval '7 days' + interval '1 minute' * (m.id %% 300), staff.ids[m.id %% staff.n + 1],
           'create', 'volunteers.meeting', m.id::text, '[]', '{{}}', 'volunteers:meeting_create', m.id
    FROM {meeting} m, staff
    WHERE m.starts_at >= %(start)s + interval '6 days' AND m.starts_at < %(end)s + interval '7 days'
    UNION ALL
    SELECT m.starts_at - interval '1 day', v.user_id, 'view', 'volunteers.meeting', '', '[]',
           '{{"list": true, "rows": 3}}', 'volunteers:index', m.id
    FROM {meeting} m JOIN {match} a ON a.id = m.match_id JOIN {profile} v ON v.id = a.volunteer_id
    WHERE m.starts_at >= %(start)s + interval '1 day' AND m.starts_at < %(end)s + interval '1 day'
    UNION ALL
    SELECT m.starts_at + interval '2 hours', staff.ids[m.id %% staff.n + 1], 'change', 'volunteers.meeting',
           m.id::text, '["status"]', '{{}}', 'volunteers:meeting_edit', m.id
    FROM {meeting} m, staff
    WHERE m.starts_at >= %(start)s - interval '2 hours' AND m.starts_at < %(end)s AND m.status = 'held'
    UNION ALL
    -- Each journal entry written by its author.
    SELECT j.created_at, j.author_id, 'create', 'residents.journalentry', j.id::text, '[]', '{{}}',
           'residents:journal_create', j.id
    FROM {journal} j WHERE j.created_at >= %(start)s AND j.created_at < %(end)s
    UNION ALL
    -- Twenty staff on duty each day sign in in the morning and out in the afternoon; now and then a mistyped
    -- password first, and a lockout a few times a year (those name the account, not an actor).
    SELECT (d::date + interval '1 minute' * (420 + (x.h >> 8) %% 120 + CASE WHEN kind = 'logout' THEN 480 ELSE 0 END
                                                - CASE WHEN kind = 'login_failed' THEN 1 ELSE 0 END))
               AT TIME ZONE %(zone)s,
           staff.ids[(x.h >> 24) %% staff.n + 1], kind, 'accounts.user', '', '[]', '{{}}',
           CASE WHEN kind = 'logout' THEN 'accounts:logout' ELSE 'accounts:login' END, x.h
    FROM generate_series(%(first)s::date, %(last)s::date, '1 day') d
    CROSS JOIN generate_series(1, 20) n
    CROSS JOIN LATERAL (SELECT abs(hashint8extended((d::date - DATE '2000-01-01') * 64 + n, %(seed)s)) AS h) x
    CROSS JOIN LATERAL unnest(CASE WHEN x.h %% 400 = 0 THEN ARRAY['login_failed', 'lockout']
                                   WHEN x.h %% 40 = 0 THEN ARRAY['login_failed', 'login', 'logout']
                                   ELSE ARRAY['login', 'logout'] END) kind
    CROSS JOIN staff
)
INSERT INTO {audit}
    (at, actor_id, actor_username, action, object_type, object_id, fields, detail, view_name, ip_address)
SELECT e.at,
       CASE WHEN e.action IN ('login_failed', 'lockout') THEN NULL ELSE e.actor_id END,
       CASE WHEN e.action IN ('login_failed', 'lockout') THEN '' ELSE u.username END,
       e.action, e.object_type,
       CASE WHEN e.object_type = 'accounts.user' THEN e.actor_id::text ELSE e.object_id END,
       e.fields::jsonb, e.detail::jsonb, e.view_name, ('10.1.0.' || (1 + e.h %% 40))::inet
FROM events e
JOIN {user} u ON u.id = e.actor_id
WHERE e.at >= %(start)s AND e.at < %(end)s
ORDER BY e.at
"""


def _months(first: dt.date, last: dt.date):
    month = first.replace(day=1)
    while month <= last:
        following = (month + dt.timedelta(days=32)).replace(day=1)
        yield month, following
        month = following


def _secondary_indexes() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname "
            "JOIN pg_index x ON x.indexrelid = c.oid WHERE i.tablename = %s AND NOT x.indisprimary",
            [AuditEvent._meta.db_table],
        )
        return cursor.fetchall()


def load_events(*, log=print) -> int:
    """Write the trail the data in the database would have left (see the module docstring); returns the count."""
    staff = list(
        User.objects.filter(role__in=[Role.STAFF, Role.COORDINATOR]).order_by("pk").values_list("pk", flat=True)
    )
    stay = apps.get_model("residents.Stay")
    contact = apps.get_model("calls.SupportContact")
    today = timezone.localdate()
    firsts = [
        *stay.objects.order_by("intake").values_list("intake", flat=True)[:1],
        *(
            timezone.localdate(at)
            for at in contact.objects.order_by("started_at").values_list("started_at", flat=True)[:1]
        ),
    ]
    if not staff or not firsts:
        return 0
    first = min(firsts)
    expected = EVENTS_PER_STAY_DAY * sum(
        ((s.discharge or today) - s.intake).days + 1 for s in stay.objects.only("intake", "discharge").iterator()
    )
    tables = {
        "stay": _table("residents.Stay"),
        "plan": _table("plans.ImplementationPlan"),
        "contact": _table("calls.SupportContact"),
        "meeting": _table("volunteers.Meeting"),
        "journal": _table("residents.JournalEntry"),
        "match": _table("volunteers.Match"),
        "profile": _table("volunteers.VolunteerProfile"),
        "user": connection.ops.quote_name(User._meta.db_table),
        "audit": connection.ops.quote_name(AuditEvent._meta.db_table),
    }
    sql = MONTH_SQL.format(**tables)
    zone = timezone.get_current_timezone_name()
    indexes = _secondary_indexes() if expected > REBUILD_INDEXES_ABOVE else []
    now = timezone.now()
    with connection.cursor() as cursor:
        # JIT would compile each month's statement for seconds (its estimate counts generate_series as 1000 rows).
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL jit = off")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        total = 0
        for month, following in _months(first, today):
            start = timezone.make_aware(dt.datetime.combine(month, dt.time.min))
            end = min(timezone.make_aware(dt.datetime.combine(following, dt.time.min)), now)
            params = {
                "staff_ids": staff,
                "first": month,
                "last": min(following - dt.timedelta(days=1), today),
                "today": today,
                "start": start,
                "end": end,
                "zone": zone,
                "seed": SEED,
                "per_day": EVENTS_PER_STAY_DAY,
            }
            cursor.execute(sql, params)
            total += cursor.rowcount
        if indexes:
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for _name, definition in indexes:
                cursor.execute(definition)
        cursor.execute(f"ANALYZE {tables['audit']}")
    return total


def seed(*, scale: str, rng, users: dict) -> None:
    load_events()


def seed_bulk(run) -> None:
    count = load_events()
    run.step(f"{count:,} audit events")


register(
    "audit",
    seed=seed,
    bulk=seed_bulk,
    after=["residents", "plans", "calls", "volunteers", "reporting", "directory", "regulation"],
)
