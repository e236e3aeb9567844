"""The follow-up report and its registers: the association's own records, no data about the women.

The only person named is the staff member who reported a deviation; the free texts of deviations
and feedback must hold no personal data about others. See jour/privacy/registry.py.
"""

from jour.privacy.registry import (
    LOCK_VERSION,
    NOBODY,
    ROW_ID,
    WHEN_RECORDED,
    WORKER,
    WORKER_LINK,
    keep,
    not_personal,
    registry,
)

from .models import (
    CompetenceDevelopment,
    DataVersion,
    Deviation,
    Feedback,
    FollowUpReport,
    MediaFigure,
    OutreachActivity,
    PrintedFolder,
    ReportQuestion,
)

# The association's systematic quality work (feedback, deviations, lex Sarah) is kept as its own record;
# the texts are encrypted because whoever writes them may name a situation despite the form's rule.
QUALITY_RECORD = "the association's quality record, kept for its systematic quality work"

REGISTER = {
    "id": ROW_ID,
    "date": not_personal("the date of the entry"),
    "created_at": WHEN_RECORDED,
    "updated_at": WHEN_RECORDED,
}

registry.register(
    OutreachActivity,
    about=NOBODY,
    fields={
        "lock_version": LOCK_VERSION,
        **REGISTER,
        "kind": not_personal("a choice from a fixed list"),
        "title": not_personal("a lecture's or campaign's title: the association's public work"),
        "audience": not_personal("a group, e.g. 'SFI students': never a person"),
        "participants": not_personal("a number"),
    },
)

registry.register(
    MediaFigure,
    about=NOBODY,
    fields={
        "lock_version": LOCK_VERSION,
        **REGISTER,
        "channel": not_personal("a choice from a fixed list"),
        "followers": not_personal("a number"),
        "issues_sent": not_personal("a number"),
        "note": not_personal("a note on a channel's figures, e.g. 'new website'"),
    },
)

registry.register(
    PrintedFolder,
    about=NOBODY,
    fields={
        "lock_version": LOCK_VERSION,
        **REGISTER,
        "language": not_personal("the folder's language"),
        "placed_at": not_personal("public places where folders lie, e.g. 'the library'"),
        "copies": not_personal("a number"),
    },
)

registry.register(
    CompetenceDevelopment,
    about=NOBODY,
    fields={
        "lock_version": LOCK_VERSION,
        **REGISTER,
        "title": not_personal("a course's title"),
        "provider": not_personal("the organisation giving the course"),
        "hours": not_personal("hours"),
        "staff_participants": not_personal("a number"),
        "board_participants": not_personal("a number"),
        "volunteer_participants": not_personal("a number"),
    },
)

registry.register(
    Feedback,
    about=NOBODY,
    fields={
        "lock_version": LOCK_VERSION,
        **REGISTER,
        "kind": not_personal("a choice from a fixed list"),
        "summary": keep(QUALITY_RECORD, encrypted=True),
        "action": keep(QUALITY_RECORD, encrypted=True),
        "closed": not_personal("whether it is closed"),
    },
)

registry.register(
    Deviation,
    about=WORKER,
    fields={
        "lock_version": LOCK_VERSION,
        **REGISTER,
        "kind": not_personal("a choice from a fixed list"),
        "reporter": keep(QUALITY_RECORD, encrypted=True),
        "what_happened": keep(QUALITY_RECORD, encrypted=True),
        "causes": keep(QUALITY_RECORD, encrypted=True),
        "measures": keep(QUALITY_RECORD, encrypted=True),
        "decision": keep(QUALITY_RECORD, encrypted=True),
        "reported_to_ivo": not_personal("whether it went to IVO"),
        "ivo_reported_on": not_personal("a date"),
        "received_on": not_personal("a date of the lex Sarah flow"),
        "risk_assessed_on": not_personal("a date of the lex Sarah flow"),
        "investigated_on": not_personal("a date of the lex Sarah flow"),
        "decided_on": not_personal("a date of the lex Sarah flow"),
        "serious": not_personal("whether it was serious"),
    },
)

registry.register(
    FollowUpReport,
    about=NOBODY,
    fields={
        "lock_version": LOCK_VERSION,
        "id": ROW_ID,
        "municipality": not_personal("the municipality it is addressed to"),
        "period_start": not_personal("a date"),
        "period_end": not_personal("a date"),
        "years_side_by_side": not_personal("a number"),
        "due_date": not_personal("a date"),
        "suppress_small_counts": not_personal("a setting"),
        "status": not_personal("a choice: draft or sent"),
        "version": not_personal("a number"),
        "previous_version": not_personal("the previous version"),
        "sent_on": not_personal("a date"),
        "sent_by": WORKER_LINK,
        "snapshot": not_personal("the sent report's texts and aggregated numbers (counts of 1-2 shown as <3)"),
        "created_by": WORKER_LINK,
        "created_at": WHEN_RECORDED,
        "updated_at": WHEN_RECORDED,
    },
)

registry.register(
    ReportQuestion,
    about=NOBODY,
    fields={
        "lock_version": LOCK_VERSION,
        "id": ROW_ID,
        "report": not_personal("the report"),
        "position": not_personal("the question's number"),
        "text": not_personal("the municipality's question"),
        "data_block": not_personal("a choice from a fixed list"),
        "answer": not_personal("the association's answer about its work, sent to the municipality"),
    },
)

registry.register(
    DataVersion,
    about=NOBODY,
    fields={
        "table_name": not_personal("a table's name"),
        "month": not_personal("a month"),
        "shard": not_personal("a shard number"),
        "version": not_personal("a random cache version"),
    },
)
