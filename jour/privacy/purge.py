"""The retention purge: delete or anonymise what has outlived the retention policy.

The purgers are the apps' own, registered next to their models (`registry.purger` in each app's
personal_data.py). Each gets the policy, the time now and whether it is a dry run, and returns
{category: [identifiers]} of what it purged (or would purge). Identifiers are ids or case numbers,
never content. Purgers must be idempotent: a second run finds nothing left to do.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from jour.audit.log import record
from jour.audit.models import Action

from .models import RetentionPolicy
from .registry import Purger, registry


def years_before(moment: dt.datetime, years: int) -> dt.datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


def registered_purgers() -> list[Purger]:
    return list(registry.purgers)


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
