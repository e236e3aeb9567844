"""Versions of the data the follow-up report reads: the key of the cached document of a period.

Every table the report's numbers read has statement-level triggers (installed by a migration with `track()`)
that give each month a written row lies in a new random version in `reporting_dataversion` — whatever writes:
the ORM, raw SQL, COPY, purges, erasures. A row lies in the months from its start to its end (an open end: up
to the month the statement runs); a table whose rows have no date, or whose every write can change any period
(the shelter profile, a contact woman's current status, the report's own questions), uses one month for all,
1900-01, which is part of every key. The support contacts keep their own versions (jour/calls, migration 0003).

A period's document then depends only on the versions of months up to its end: a write in 2026 leaves the
document of 2025 cached, a discharge from a stay that began in 2025 does not.

To make the document read a new table: add it to READS and write a migration that runs `track()` for it
(see migration 0003_data_versions); tests/reporting/test_document_cache.py checks every READS table has its
triggers.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

ALL_PERIODS = dt.date(1900, 1, 1)

# table -> (first day of a row, last day of a row) as SQL expressions over the row `r`; None: ALL_PERIODS.
READS: dict[str, tuple[str, str] | None] = {
    # Q7 and the after-care of matches: stays and the children on them.
    "residents_stay": ("r.intake", "r.discharge"),
    "residents_childstay": (
        "(SELECT s.intake FROM residents_stay s WHERE s.id = r.stay_id)",
        "(SELECT s.discharge FROM residents_stay s WHERE s.id = r.stay_id)",
    ),
    # Results: plans, goals, support, society orientation, self-assessments.
    "plans_implementationplan": (
        "(SELECT s.intake FROM residents_stay s WHERE s.id = r.stay_id)",
        "(SELECT s.discharge FROM residents_stay s WHERE s.id = r.stay_id)",
    ),
    "plans_goal": (
        "(SELECT s.intake FROM plans_implementationplan p JOIN residents_stay s ON s.id = p.stay_id "
        "WHERE p.id = r.plan_id)",
        "(SELECT s.discharge FROM plans_implementationplan p JOIN residents_stay s ON s.id = p.stay_id "
        "WHERE p.id = r.plan_id)",
    ),
    "plans_supportentry": ("r.on", "r.on"),
    "plans_orientationprogress": ("r.on", "r.on"),
    "plans_orientationtopic": None,
    "plans_selfassessment": ("r.answered_on", "r.answered_on"),
    # Q10 and results: contact women, their training, matches and meetings.
    "volunteers_volunteerprofile": None,  # "active" is her status today
    "volunteers_studysession": ("r.date", "r.date"),
    "volunteers_attendance": (
        "COALESCE(r.make_up_on, (SELECT s.date FROM volunteers_studysession s WHERE s.id = r.session_id))",
        "COALESCE(r.make_up_on, (SELECT s.date FROM volunteers_studysession s WHERE s.id = r.session_id))",
    ),
    "volunteers_match": ("COALESCE(r.started_on, CURRENT_DATE)", "r.ended_on"),
    "volunteers_meeting": ("r.starts_at", "r.starts_at"),
    # The registers (Q2, Q4, Q10, Q13): media readings and folders count everything up to the period's end.
    "reporting_outreachactivity": ("r.date", "r.date"),
    "reporting_mediafigure": ("r.date", "r.date"),
    "reporting_printedfolder": ("r.date", "r.date"),
    "reporting_competencedevelopment": ("r.date", "r.date"),
    "reporting_feedback": ("r.date", "r.date"),
    "reporting_deviation": ("r.date", "r.date"),
    # Q7's offers: the placement requests (regulation), by the day they came in.
    "regulation_placementrequest": ("r.received_at", "r.received_at"),
    # Q9, the child perspective: each child's own placement, plan and views, over her or his stay.
    **{
        table: (
            "(SELECT s.intake FROM residents_childstay c JOIN residents_stay s ON s.id = c.stay_id "
            "WHERE c.id = r.child_stay_id)",
            "(SELECT s.discharge FROM residents_childstay c JOIN residents_stay s ON s.id = c.stay_id "
            "WHERE c.id = r.child_stay_id)",
        )
        for table in ("regulation_childplacement", "regulation_childplan", "regulation_childview")
    },
    # The heading and Q8, and the report itself: its period, options, questions and answers.
    "shelter_shelterprofile": None,
    "shelter_municipality": None,
    "reporting_followupreport": None,
    "reporting_reportquestion": None,
}

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION reporting_touch_versions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    months date[];
    rows_sql text;
BEGIN
    -- TG_ARGV: the SQL of a row's first and last day over the row r, or nothing: one month for all periods.
    IF TG_NARGS = 0 OR TG_OP = 'TRUNCATE' THEN
        months := ARRAY[DATE '1900-01-01'];
    ELSE
        rows_sql := CASE TG_OP
            WHEN 'INSERT' THEN 'SELECT * FROM new_rows'
            WHEN 'DELETE' THEN 'SELECT * FROM old_rows'
            ELSE 'SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows' END;
        -- A row without a first day (its stay is gone) counts for every period.
        EXECUTE format(
            'SELECT array_agg(DISTINCT m) FROM (SELECT (%1$s)::date AS a, (%2$s)::date AS b FROM (%3$s) r) d, '
            'LATERAL (SELECT generate_series(date_trunc(''month'', d.a), '
            'date_trunc(''month'', GREATEST(d.a, COALESCE(d.b, CURRENT_DATE))), interval ''1 month'')::date '
            'WHERE d.a IS NOT NULL UNION ALL SELECT DATE ''1900-01-01'' WHERE d.a IS NULL) AS months(m)',
            TG_ARGV[0], TG_ARGV[1], rows_sql) INTO months;
    END IF;
    IF months IS NOT NULL THEN
        INSERT INTO reporting_dataversion (table_name, month, shard, version)
        SELECT TG_TABLE_NAME, m, pg_backend_pid() % 8, (random() * 9007199254740991)::bigint
          FROM unnest(months) AS m ORDER BY m
        ON CONFLICT (table_name, month, shard) DO UPDATE SET version = EXCLUDED.version;
    END IF;
    RETURN NULL;
END
$$;
"""


def track(table: str, rows: tuple[str, str] | None) -> str:
    """The SQL that installs the version triggers on one table (for a migration's RunSQL)."""
    args = "" if rows is None else ", ".join("'" + expr.replace("'", "''") + "'" for expr in rows)
    function = f"reporting_touch_versions({args})"
    return f"""
        CREATE TRIGGER reporting_versions_ins AFTER INSERT ON {table}
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function};
        CREATE TRIGGER reporting_versions_upd AFTER UPDATE ON {table}
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function};
        CREATE TRIGGER reporting_versions_del AFTER DELETE ON {table}
            REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {function};
        CREATE TRIGGER reporting_versions_trunc AFTER TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION reporting_touch_versions();
    """


def untrack(table: str) -> str:
    return "".join(
        f"DROP TRIGGER IF EXISTS reporting_versions_{name} ON {table};" for name in ("ins", "upd", "del", "trunc")
    )


def version_up_to(end: dt.date) -> str | None:
    """A version of everything the report reads about the months up to `end`; None when it must not be cached
    (in a transaction that has written: it sees versions nobody else may ever see, and it may roll back)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT txid_current_if_assigned(),
                   (SELECT count(*) || ':' || COALESCE(sum(version::numeric), 0)
                      FROM reporting_dataversion WHERE month <= %(end)s),
                   (SELECT count(*) || ':' || COALESCE(sum(version::numeric), 0)
                      FROM calls_statisticsversion WHERE month <= %(end)s)
            """,
            {"end": end},
        )
        writing, data, contacts = cursor.fetchone()
    if writing is not None:
        return None
    return f"{data}|{contacts}"
