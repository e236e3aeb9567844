"""The retention purge: delete or anonymise what has outlived the retention policy.

Each purger gets the policy, the time now and whether it is a dry run, and returns
{category: [identifiers]} of what it purged (or would purge). Identifiers are ids or case numbers,
never content. Purgers must be idempotent: a second run finds nothing left to do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction

from jour.audit.log import record
from jour.audit.models import Action, AuditEvent

from .models import RetentionPolicy

Purger = Callable[..., dict[str, list[str]]]


def years_before(moment: dt.datetime, years: int) -> dt.datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


def purge_audit_log(*, policy: RetentionPolicy, now: dt.datetime, dry_run: bool) -> dict[str, list[str]]:
    expired = AuditEvent.objects.filter(at__lt=years_before(now, policy.audit_years))
    ids = [str(pk) for pk in expired.values_list("pk", flat=True)]
    if not dry_run and ids:
        expired.delete()
    return {"audit_events": ids}


def registered_purgers() -> list[Purger]:
    from . import app_purgers

    return [*app_purgers.PURGERS, purge_audit_log]


def run_purge(*, now: dt.datetime, dry_run: bool) -> dict[str, list[str]]:
    policy = RetentionPolicy.load()
    purged: dict[str, list[str]] = {}
    with transaction.atomic():
        for purger in registered_purgers():
            purged.update(purger(policy=policy, now=now, dry_run=dry_run))
        # The purge run itself is audited with counts only, after the audit purge so it is never purged now.
        record(
            None,
            Action.PURGE,
            object_type="privacy.retentionpolicy",
            object_id=policy.pk,
            detail={"dry_run": dry_run, "counts": {category: len(ids) for category, ids in purged.items()}},
        )
    return purged
