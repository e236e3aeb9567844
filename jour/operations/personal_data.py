"""When the server's jobs last succeeded and when the first-run checklist was complete: no personal data.
See jour/privacy/registry.py."""

from jour.privacy.registry import NOBODY, ROW_ID, not_personal, registry

from .models import FirstRun, TaskRun

registry.register(
    TaskRun,
    about=NOBODY,
    fields={
        "task": not_personal("a job's name from a fixed list"),
        "last_success_at": not_personal("when that job last succeeded"),
    },
)

registry.register(
    FirstRun,
    about=NOBODY,
    fields={"id": ROW_ID, "completed_at": not_personal("when the checklist was complete")},
)
