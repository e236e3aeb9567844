from django.db import migrations

# The audit log's guard, as the owner role defines it (the app role owns nothing, so it can neither
# replace this function nor disable or drop the triggers of migration 0002 that call it).
# - UPDATE and TRUNCATE always fail; there is no session switch that lets them through (the test suite
#   empties tables through a superuser connection instead, tests/db.py).
# - DELETE passes only for a row older than the retention policy's audit_years: the retention purge.
# - Shortening the audit retention (or removing the policy row) writes an audit event from inside the
#   database, whatever wrote the change, and that event is an audit alert (jour/audit/alerts.py).
#   The policy's CHECK constraint refuses less than a year (privacy migration 0001).
FORWARD = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.at < now() - make_interval(years => (
            SELECT audit_years FROM privacy_retentionpolicy WHERE id = 1)) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_auditevent is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE FUNCTION audit_retention_shortened() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.audit_years < OLD.audit_years THEN
        INSERT INTO audit_auditevent (at, actor_username, action, object_type, object_id, fields, detail, view_name)
        VALUES (now(), '', CASE WHEN TG_OP = 'DELETE' THEN 'delete' ELSE 'change' END,
                'privacy.retentionpolicy', OLD.id::text, '["audit_years"]',
                jsonb_build_object('audit_years_shortened', jsonb_build_object(
                    'from', OLD.audit_years,
                    'to', CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.audit_years END)),
                '');
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER retention_audit_years_shortened AFTER UPDATE OR DELETE ON privacy_retentionpolicy
    FOR EACH ROW EXECUTE FUNCTION audit_retention_shortened();
"""

BACKWARD = """
DROP TRIGGER retention_audit_years_shortened ON privacy_retentionpolicy;
DROP FUNCTION audit_retention_shortened();
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


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_scale"), ("privacy", "0002_audit_purge_by_policy")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
