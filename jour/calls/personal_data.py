"""What the support line holds: anonymous contacts and pseudonymous recurring callers.

A contact's categories are kept for the statistics; its note goes after the retention period (and
with the resident it is attached to); a recurring caller's pseudonym goes after her last contact's
retention period. See jour/privacy/registry.py.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.db.models import Max
from django.db.models.functions import Coalesce

from jour.privacy.models import RetentionPolicy
from jour.privacy.registry import (
    CALLER,
    LOCK_VERSION,
    NOBODY,
    RESIDENT,
    ROW_ID,
    WHEN_RECORDED,
    WORKER_LINK,
    blank,
    keep,
    not_personal,
    registry,
)

from .models import RecurringContact, RecurringContactSequence, StatisticsVersion, SupportContact

CHOICE = "a choice from a fixed list, counted in the statistics"

registry.register(
    SupportContact,
    about=CALLER,
    subjects={RESIDENT: "resident"},
    fields={
        "lock_version": LOCK_VERSION,
        "id": ROW_ID,
        "started_at": keep("contacts per period"),
        "channel": keep(CHOICE),
        "direction": keep(CHOICE),
        "duration_minutes": keep("support time in the statistics"),
        "staff": WORKER_LINK,
        "kind": keep(CHOICE),
        "caller": keep(CHOICE),
        "age_band": keep(CHOICE),
        "residence": keep(CHOICE),
        "municipality": keep("contacts per municipality"),
        "social_services_contact": keep(CHOICE),
        "violence_types": keep("codes from a fixed list, counted in the statistics"),
        "perpetrator_relation": keep(CHOICE),
        "children_affected": keep(CHOICE),
        "topics": keep("codes from a fixed list, counted in the statistics"),
        "outcomes": keep("codes from a fixed list, counted in the statistics"),
        "housing_requested": keep("counted in the statistics"),
        "housing_outcome": keep(CHOICE),
        "interpreter_used": keep("counted in the statistics"),
        "interpreter_language": blank(encrypted=True),
        "recurring_contact": keep("one caller counted once: a code, never an identity"),
        "resident": keep("one resident counted once: the link to her shell"),
        "referred_to_shelter": keep("a public directory entry of another jour"),
        "note": blank(encrypted=True),
        "created_by": WORKER_LINK,
        "created_at": WHEN_RECORDED,
        "updated_at": WHEN_RECORDED,
    },
)

registry.register(
    RecurringContact,
    about=CALLER,
    fields={
        "id": ROW_ID,
        "code": not_personal("a generated code, K-YYYY-NNNN: no identity"),
        "year": not_personal("the code's year"),
        "number": not_personal("the code's number"),
        "pseudonym": blank(encrypted=True),
        "age_band": keep(CHOICE),
        "residence": keep(CHOICE),
        "municipality": keep("persons per municipality"),
        "created_by": WORKER_LINK,
        "created_at": WHEN_RECORDED,
    },
)

registry.register(
    RecurringContactSequence,
    about=NOBODY,
    fields={"year": not_personal("a year"), "last": not_personal("the last number handed out that year")},
)

registry.register(
    StatisticsVersion,
    about=NOBODY,
    fields={
        "month": not_personal("a month"),
        "shard": not_personal("a shard number"),
        "version": not_personal("a random cache version"),
    },
)


# Retention ------------------------------------------------------------------------------------


@registry.purger(SupportContact)
def purge_contact_notes(*, policy: RetentionPolicy, now: dt.datetime, dry_run: bool) -> dict[str, list[str]]:
    cutoff = now - relativedelta(months=policy.contact_note_months)
    expired = SupportContact.objects.filter(started_at__lt=cutoff).exclude(note="")
    ids = [str(pk) for pk in expired.values_list("pk", flat=True)]
    if not dry_run and ids:
        expired.update(note="")
    return {"support_contact_notes": ids}


@registry.purger(RecurringContact)
def purge_recurring_pseudonyms(*, policy: RetentionPolicy, now: dt.datetime, dry_run: bool) -> dict[str, list[str]]:
    cutoff = now - relativedelta(months=policy.recurring_contact_months)
    expired = (
        RecurringContact.objects.exclude(pseudonym="")
        .annotate(last_contact=Coalesce(Max("contacts__started_at"), "created_at"))
        .filter(last_contact__lt=cutoff)
    )
    codes = list(expired.values_list("code", flat=True))
    if not dry_run and codes:
        RecurringContact.objects.filter(code__in=codes).update(pseudonym="")
    return {"recurring_contact_pseudonyms": codes}
