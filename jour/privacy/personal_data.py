"""The privacy app's own tables: the policy and the list of erased records. See registry.py."""

import datetime as dt

from jour.lib.formtoken import TOKEN_DAYS
from jour.lib.models import UsedFormToken

from .models import ErasedRecord, RetentionPolicy
from .registry import NOBODY, ROW_ID, WORKER_LINK, not_personal, registry

registry.register(
    RetentionPolicy,
    about=NOBODY,
    fields={
        "id": ROW_ID,
        "resident_years": not_personal("a setting"),
        "placed_resident_years": not_personal("a setting"),
        "child_years": not_personal("a setting"),
        "handover_before_purge": not_personal("a setting"),
        "contact_note_months": not_personal("a setting"),
        "recurring_contact_months": not_personal("a setting"),
        "volunteer_years": not_personal("a setting"),
        "login_record_days": not_personal("a setting"),
        "audit_years": not_personal("a setting"),
        "updated_at": not_personal("when the policy changed"),
        "updated_by": WORKER_LINK,
    },
)

registry.register(
    ErasedRecord,
    about=NOBODY,
    fields={
        "id": ROW_ID,
        "object_type": not_personal("a model's label"),
        "object_id": not_personal("a row's id: the shell left of the record"),
        "reason": not_personal("a choice: retention or request"),
        "erased_at": not_personal("when"),
        "erased_by": WORKER_LINK,
    },
)

registry.register(
    UsedFormToken,
    about=NOBODY,
    fields={
        "id": ROW_ID,
        "digest": not_personal("a hash of a create form's one-time token, its user and its path"),
        "location": not_personal("the path the form's first save led to: ids only"),
        "used_at": not_personal("when"),
    },
)


@registry.purger(UsedFormToken)
def purge_used_form_tokens(*, policy: RetentionPolicy, now: dt.datetime, dry_run: bool) -> dict[str, list[str]]:
    """A used token only matters while a second click of the same form may still arrive."""
    expired = UsedFormToken.objects.filter(used_at__lt=now - dt.timedelta(days=TOKEN_DAYS))
    ids = [str(pk) for pk in expired.values_list("pk", flat=True)]
    if not dry_run and ids:
        expired.delete()
    return {"used_form_tokens": ids}
