from django.db import migrations

# Audit rows stay append-only, with one exception: a DELETE of a row older than the retention policy's
# audit_years (at least one year, a CHECK constraint) is the retention purge and is allowed.
FORWARD = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND current_setting('jour.allow_audit_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' AND OLD.at < now() - make_interval(years => (
            SELECT audit_years FROM privacy_retentionpolicy WHERE id = 1)) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_auditevent is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""

BACKWARD = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND current_setting('jour.allow_audit_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit_auditevent is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial"), ("audit", "0002_append_only")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
