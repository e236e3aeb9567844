"""What the regulated service holds about persons, and what an erasure or purge keeps (jour/privacy/registry.py).

The children's own placements are the child's data, erased with the mother's record: the legal basis,
schooling and dates stay for the statistics and the binder, the child's words (views, plan, why no schooling)
and the guardians' consent go. Placement requests hold no names; an admitted one points at her stay. The
permit, its premises and the routines are the association's own records; the manager and a routine's owner
are its workers.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, TextField
from django.db.models.functions import Cast

from jour.crypto import forget_decrypted
from jour.privacy.models import ErasedRecord, ErasureReason, RetentionPolicy
from jour.privacy.registry import (
    CHILD,
    LOCK_VERSION,
    NOBODY,
    RESIDENT,
    ROW_ID,
    WHEN_RECORDED,
    WORKER,
    WORKER_LINK,
    Treatment,
    blank,
    blank_value,
    keep,
    not_erased,
    not_personal,
    registry,
)
from residents.models import Child, ChildStay, JournalEntry

from .models import (
    ChildPlacement,
    ChildPlan,
    ChildView,
    Permit,
    PermitChange,
    PlacementRequest,
    Premises,
    PremisesRoom,
    Routine,
    StaffingYear,
)

CHILD_OF_RESIDENT = {RESIDENT: "child_stay__stay__resident"}

registry.register(
    ChildPlacement,
    about=CHILD,
    subjects=CHILD_OF_RESIDENT,
    fields={
        "lock_version": LOCK_VERSION,
        "id": ROW_ID,
        "child_stay": keep("the child's stay, counted in the children's figures"),
        "legal_basis": keep("a choice counted in the children's figures and the binder"),
        "deciding_municipality": keep("a municipality, counted per decision"),
        "committee": blank("typed text: may name more than the committee", encrypted=True),
        "decision_date": keep("a date, not identifying alone"),
        "accompanying_guardian_consent": blank("a choice from a fixed list"),
        "other_guardian": blank("a role from a fixed list, never a name"),
        "other_guardian_consent": blank("a choice from a fixed list"),
        "other_guardian_is_fled": blank(),
        "schooling": keep("a choice counted in the children's figures and the binder"),
        "schooling_note": blank(encrypted=True),
        "health_exam_offered_on": keep("a date: health examinations offered are counted"),
        "health_exam_done_on": keep("a date: health examinations done are counted"),
        "updated_at": WHEN_RECORDED,
        "updated_by": WORKER_LINK,
    },
)

registry.register(
    ChildPlan,
    about=CHILD,
    subjects=CHILD_OF_RESIDENT,
    fields={
        "lock_version": LOCK_VERSION,
        "id": ROW_ID,
        "child_stay": keep("that the child had a plan is counted"),
        "goals": blank(encrypted=True),
        "activities": blank(encrypted=True),
        "next_follow_up_on": blank(),
        "updated_at": WHEN_RECORDED,
        "updated_by": WORKER_LINK,
    },
)

registry.register(
    ChildView,
    about=CHILD,
    subjects=CHILD_OF_RESIDENT,
    fields={
        "id": ROW_ID,
        "child_stay": keep("that the child's views were recorded is counted"),
        "recorded_on": keep("a date, not identifying alone"),
        "obtained_by": blank("a choice from a fixed list"),
        "text": blank(encrypted=True),
        "recorded_by": WORKER_LINK,
        "created_at": WHEN_RECORDED,
    },
)

registry.register(
    PlacementRequest,
    about=RESIDENT,
    subjects={RESIDENT: "stay__resident"},
    fields={
        "lock_version": LOCK_VERSION,
        "id": ROW_ID,
        "received_at": keep("requests per period: a time, never a name"),
        "source": keep("a choice counted in the statistics"),
        "municipality": keep("a municipality, counted per request"),
        "adults": keep("a number"),
        "children": keep("a number"),
        "needs": keep("competence codes from the directory's fixed vocabulary"),
        "outcome": keep("a choice counted in the statistics"),
        "turned_away_reason": keep("a choice counted in the statistics"),
        "referred_to": keep("another jour of the directory"),
        "answered_at": keep("the time to answer is counted"),
        "stay": keep("the admitted request's stay: her shell"),
        "created_by": WORKER_LINK,
        "created_at": WHEN_RECORDED,
        "updated_at": WHEN_RECORDED,
    },
)

registry.register(
    Permit,
    about=WORKER,
    fields={
        "id": ROW_ID,
        "ivo_reference": not_personal("IVO's reference number of the permit"),
        "applied_on": not_personal("a date"),
        "decided_on": not_personal("a date"),
        "manager_name": keep("the manager named in IVO's permit: a role of the association, not a client"),
        "manager_since": not_personal("a date"),
        "children_take_places": not_personal("a setting of the permit"),
        "updated_at": WHEN_RECORDED,
        "updated_by": WORKER_LINK,
    },
)

registry.register(
    Premises,
    about=NOBODY,
    fields={
        "id": ROW_ID,
        "name": not_personal("the premises' name, e.g. 'Huset'; never an address"),
        "places": not_personal("a number of places"),
        "rooms": not_personal("the rooms of the premises"),
        "created_at": WHEN_RECORDED,
    },
)

registry.register(
    PremisesRoom,
    about=NOBODY,
    fields={
        "id": ROW_ID,
        "premises": not_personal("a premises"),
        "room": not_personal("a room"),
    },
)

registry.register(
    PermitChange,
    about=NOBODY,
    fields={
        "id": ROW_ID,
        "kind": not_personal("a choice from a fixed list"),
        "description": not_personal("what changed: premises names and numbers of places; never a name"),
        "changed_at": WHEN_RECORDED,
        "changed_by": WORKER_LINK,
        "application_sent_on": not_personal("a date"),
        "ivo_decided_on": not_personal("a date"),
        "temporary": not_personal("whether the change is temporary"),
    },
)

registry.register(
    Routine,
    about=WORKER,
    fields={
        "id": ROW_ID,
        "title": not_personal("a routine's title"),
        "owner": WORKER_LINK,
        "adopted_on": not_personal("a date"),
        "review_every_months": not_personal("a number of months"),
        "last_reviewed_on": not_personal("a date"),
        "next_review_on": not_personal("a date"),
        "kept_at": not_personal("where the routine is kept, e.g. 'binder 1'"),
        "is_active": not_personal("whether it is in force"),
        "created_at": WHEN_RECORDED,
    },
)

registry.register(
    StaffingYear,
    about=NOBODY,
    fields={
        "id": ROW_ID,
        "year": not_personal("a year"),
        "employees": not_personal("a number"),
        "full_time_equivalents": not_personal("a number"),
        "other_volunteers": not_personal("a number"),
        "other_volunteer_hours": not_personal("a number"),
        "updated_at": WHEN_RECORDED,
    },
)


# Retention of the children's documentation ------------------------------------------------------------


def expired_children(*, policy: RetentionPolicy, now: dt.datetime):
    """Children with no open stay whose last stay ended (or, with none, whose record was made) more than
    `child_years` ago, not yet purged, whose mother's record is not already a shell; when the policy asks for a
    hand-over, not before every placed stay of theirs is handed over."""
    cutoff = (now - relativedelta(years=policy.child_years)).date()
    open_stay = ChildStay.objects.filter(child=OuterRef("pk"), stay__discharge__isnull=True)
    mother_erased = ErasedRecord.objects.filter(
        object_type="residents.resident", object_id=Cast(OuterRef("mother_id"), TextField())
    )
    children = (
        Child.objects.annotate(last_discharge=Max("child_stays__stay__discharge"))
        .exclude(Exists(open_stay))
        .exclude(Exists(mother_erased))
        .filter(Q(last_discharge__lt=cutoff) | Q(last_discharge__isnull=True, created_at__date__lt=cutoff))
    )
    if policy.handover_before_purge:
        waiting = ChildStay.objects.filter(
            child=OuterRef("pk"), stay__placed_by_social_services=True, stay__handed_over_on__isnull=True
        )
        children = children.exclude(Exists(waiting))
    return not_erased(children)


def _blank_declared(model, rows) -> None:
    """Empty the fields the registry declares BLANK for `model` on `rows`, as an erasure does."""
    entry = registry.entry(model)
    values = {
        name: blank_value(model._meta.get_field(name))
        for name, rule in entry.fields.items()
        if rule.treatment is Treatment.BLANK and not model._meta.get_field(name).many_to_many
    }
    rows.update(**values)


@transaction.atomic
def purge_child_documentation(child: Child) -> ErasedRecord:
    """The child's journal is deleted and the child's words and name blanked as the registry declares; what the
    statistics count (birth year, stays, the placement's basis, schooling and dates) stays."""
    for entry in JournalEntry.objects.filter(child=child).order_by("-pk"):  # corrections before what they correct
        entry.delete()
    for model in (ChildPlacement, ChildPlan, ChildView):
        _blank_declared(model, model.objects.filter(child_stay__child=child))
    _blank_declared(Child, Child.objects.filter(pk=child.pk))
    forget_decrypted()  # nothing of the child stays in this process's memory either, as in an erasure
    return ErasedRecord.objects.create(
        object_type=Child._meta.label_lower, object_id=str(child.pk), reason=ErasureReason.RETENTION
    )


@registry.purger(JournalEntry, ChildPlacement, ChildPlan, ChildView, Child)
def purge_children(*, policy: RetentionPolicy, now: dt.datetime, dry_run: bool) -> dict[str, list[str]]:
    children = list(expired_children(policy=policy, now=now))
    if not dry_run:
        for child in children:
            purge_child_documentation(child)
    return {"children": [str(child.pk) for child in children]}
