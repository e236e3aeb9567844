"""The privacy app's own tables: the policy and the list of erased records. See registry.py."""

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
