"""The audit log names workers (who did what, from which address) and objects by type and id only.

Rows are deleted after the policy's audit years (the purger below; the trigger of migration 0002
lets nothing else delete them). See jour/privacy/registry.py.
"""

from __future__ import annotations

import datetime as dt

from jour.privacy.models import RetentionPolicy
from jour.privacy.purge import years_before
from jour.privacy.registry import NOBODY, ROW_ID, WORKER, delete, not_personal, registry

from .models import AlertScan, AuditAlert, AuditEvent

GONE_AFTER_AUDIT_YEARS = "deleted after the policy's audit years"

registry.register(
    AuditEvent,
    about=WORKER,
    fields={
        "id": delete(),
        "at": delete(),
        "actor": delete(),
        "actor_username": delete(
            f"the acting worker's username (an account, never a resident); {GONE_AFTER_AUDIT_YEARS}"
        ),
        "action": delete(f"a choice from a fixed list; {GONE_AFTER_AUDIT_YEARS}"),
        "object_type": delete(f"a model's label, e.g. residents.resident; {GONE_AFTER_AUDIT_YEARS}"),
        "object_id": delete(f"a row's id, never a name; {GONE_AFTER_AUDIT_YEARS}"),
        "fields": delete(f"changed fields by name, never their values; {GONE_AFTER_AUDIT_YEARS}"),
        "detail": delete(
            f"counts, formats, sections, the reveal reason staff give (issue 14 item 8 makes it a fixed choice); "
            f"never a record's values; {GONE_AFTER_AUDIT_YEARS}"
        ),
        "view_name": delete(f"a URL name; {GONE_AFTER_AUDIT_YEARS}"),
        "ip_address": delete(f"the acting worker's address; {GONE_AFTER_AUDIT_YEARS}"),
    },
)

registry.register(
    AuditAlert,
    about=WORKER,
    fields={
        "id": delete(),
        "key": delete(f"the alert's kind, the worker's username and its window or event id; {GONE_AFTER_AUDIT_YEARS}"),
        "kind": delete(f"a choice from a fixed list; {GONE_AFTER_AUDIT_YEARS}"),
        "at": delete(),
        "actor_username": delete(f"the worker the alert is about; {GONE_AFTER_AUDIT_YEARS}"),
        "count": delete(f"how many events; {GONE_AFTER_AUDIT_YEARS}"),
        "settled_count": delete(f"how many of them are counted for good; {GONE_AFTER_AUDIT_YEARS}"),
        "event_id": delete(f"the first audit event behind it; {GONE_AFTER_AUDIT_YEARS}"),
        "notified_at": delete(f"when it was e-mailed; {GONE_AFTER_AUDIT_YEARS}"),
    },
)

registry.register(
    AlertScan,
    about=NOBODY,
    fields={
        "id": ROW_ID,
        "until": not_personal("up to when the log was searched for alerts"),
        "counted_until": not_personal("up to when the views outside office hours are counted for good"),
    },
)


@registry.purger(AuditEvent)
def purge_audit_log(*, policy: RetentionPolicy, now: dt.datetime, dry_run: bool) -> dict[str, list[str]]:
    expired = AuditEvent.objects.filter(at__lt=years_before(now, policy.audit_years))
    ids = [str(pk) for pk in expired.values_list("pk", flat=True)]
    if not dry_run and ids:
        expired.delete()
    return {"audit_events": ids}


@registry.purger(AuditAlert)
def purge_audit_alerts(*, policy: RetentionPolicy, now: dt.datetime, dry_run: bool) -> dict[str, list[str]]:
    expired = AuditAlert.objects.filter(at__lt=years_before(now, policy.audit_years))
    ids = [str(pk) for pk in expired.values_list("pk", flat=True)]
    if not dry_run and ids:
        expired.delete()
    return {"audit_alerts": ids}
