from django.db import migrations, models

# Keeps calls_statisticsversion (see StatisticsVersion) in step with every write the statistics can see,
# whatever makes it: the ORM, raw SQL, COPY (the national demo loader), purges and erasures.
#
# Statement-level triggers with transition tables: one upsert per month a statement touches, not one per
# row, so a COPY of a hundred thousand contacts costs one small aggregate. Months are UTC months of
# started_at: no time zone is wired into the database, and stats.py reads every UTC month overlapping the
# period, a superset of its local dates. Rows are upserted in month order, so two statements touching the
# same months lock them in the same order (no deadlock). A version is random, never counted (see the model).
FORWARD = """
CREATE FUNCTION calls_statistics_touch(p_months date[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO calls_statisticsversion (month, shard, version)
    SELECT m, pg_backend_pid() % 8, (random() * 9007199254740991)::bigint
      FROM (SELECT DISTINCT unnest(p_months) AS m) AS months
     WHERE m IS NOT NULL
     ORDER BY m
    ON CONFLICT (month, shard) DO UPDATE SET version = EXCLUDED.version;
$$;

CREATE FUNCTION calls_contact_statistics_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM calls_statistics_touch(ARRAY(
        SELECT DISTINCT date_trunc('month', started_at AT TIME ZONE 'UTC')::date FROM new_rows));
    RETURN NULL;
END
$$;

CREATE FUNCTION calls_contact_statistics_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Any change, to any column: the month it left and the month it moved to.
    PERFORM calls_statistics_touch(ARRAY(
        SELECT date_trunc('month', started_at AT TIME ZONE 'UTC')::date FROM old_rows
        UNION
        SELECT date_trunc('month', started_at AT TIME ZONE 'UTC')::date FROM new_rows));
    RETURN NULL;
END
$$;

CREATE FUNCTION calls_contact_statistics_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM calls_statistics_touch(ARRAY(
        SELECT DISTINCT date_trunc('month', started_at AT TIME ZONE 'UTC')::date FROM old_rows));
    RETURN NULL;
END
$$;

CREATE FUNCTION calls_contact_statistics_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Which months held contacts is gone with them: every month gets a new version.
    UPDATE calls_statisticsversion SET version = (random() * 9007199254740991)::bigint;
    RETURN NULL;
END
$$;

-- The statistics read where a recurring contact lives (residence, municipality): a change of either
-- is a change of the months of her contacts. A deleted one may be replaced by another row with her id
-- in the same transaction (foreign keys are checked at commit), so deleting counts as a change too.
-- Creating one changes nothing until a contact points to it, and that contact's insert is counted.
CREATE FUNCTION calls_recurring_statistics_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        PERFORM calls_statistics_touch(ARRAY(
            SELECT DISTINCT date_trunc('month', c.started_at AT TIME ZONE 'UTC')::date
              FROM calls_supportcontact c
             WHERE c.recurring_contact_id IN (
                   SELECT o.id FROM old_rows o LEFT JOIN new_rows n ON n.id = o.id
                    WHERE (o.residence, o.municipality_id) IS DISTINCT FROM (n.residence, n.municipality_id))));
    ELSE
        PERFORM calls_statistics_touch(ARRAY(
            SELECT DISTINCT date_trunc('month', c.started_at AT TIME ZONE 'UTC')::date
              FROM calls_supportcontact c
             WHERE c.recurring_contact_id IN (SELECT id FROM old_rows)));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER calls_contact_statistics_inserted AFTER INSERT ON calls_supportcontact
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION calls_contact_statistics_inserted();
CREATE TRIGGER calls_contact_statistics_updated AFTER UPDATE ON calls_supportcontact
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION calls_contact_statistics_updated();
CREATE TRIGGER calls_contact_statistics_deleted AFTER DELETE ON calls_supportcontact
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION calls_contact_statistics_deleted();
CREATE TRIGGER calls_contact_statistics_truncated AFTER TRUNCATE ON calls_supportcontact
    FOR EACH STATEMENT EXECUTE FUNCTION calls_contact_statistics_truncated();
CREATE TRIGGER calls_recurring_statistics_updated AFTER UPDATE ON calls_recurringcontact
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION calls_recurring_statistics_changed();
CREATE TRIGGER calls_recurring_statistics_deleted AFTER DELETE ON calls_recurringcontact
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION calls_recurring_statistics_changed();

-- The contacts already there: a first version for each of their months.
SELECT calls_statistics_touch(ARRAY(
    SELECT DISTINCT date_trunc('month', started_at AT TIME ZONE 'UTC')::date FROM calls_supportcontact));
"""

BACKWARD = """
DROP TRIGGER calls_recurring_statistics_deleted ON calls_recurringcontact;
DROP TRIGGER calls_recurring_statistics_updated ON calls_recurringcontact;
DROP TRIGGER calls_contact_statistics_truncated ON calls_supportcontact;
DROP TRIGGER calls_contact_statistics_deleted ON calls_supportcontact;
DROP TRIGGER calls_contact_statistics_updated ON calls_supportcontact;
DROP TRIGGER calls_contact_statistics_inserted ON calls_supportcontact;
DROP FUNCTION calls_recurring_statistics_changed();
DROP FUNCTION calls_contact_statistics_truncated();
DROP FUNCTION calls_contact_statistics_deleted();
DROP FUNCTION calls_contact_statistics_updated();
DROP FUNCTION calls_contact_statistics_inserted();
DROP FUNCTION calls_statistics_touch(date[]);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("calls", "0002_referred_to_shelter"),
    ]

    operations = [
        migrations.CreateModel(
            name="StatisticsVersion",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "month", "shard", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("month", models.DateField()),
                ("shard", models.PositiveSmallIntegerField()),
                ("version", models.BigIntegerField()),
            ],
            options={
                "verbose_name": "statistics version",
            },
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
