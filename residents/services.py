"""Admission and discharge: logic spanning resident, stay and children, in one transaction each.

The database has the last word on overlapping stays and rooms over capacity (migration 0002). A refusal
comes back as StayRuleViolation naming the form field it belongs to, after the savepoint is rolled back,
so the request's transaction stays usable and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from .models import (
    CAPACITY_CONSTRAINT,
    DISCHARGE_AFTER_INTAKE_CONSTRAINT,
    OVERLAP_CONSTRAINT,
    Child,
    ChildStay,
    Resident,
    Room,
    Stay,
)

MESSAGES = {
    OVERLAP_CONSTRAINT: ("intake", _("She already has a stay during these dates.")),
    CAPACITY_CONSTRAINT: ("room", _("The room does not have enough free beds for everyone during the whole stay.")),
    DISCHARGE_AFTER_INTAKE_CONSTRAINT: ("discharge", _("The discharge date must be after the intake date.")),
}


class StayRuleViolation(Exception):
    """A stay refused by the database; `field` and `message` are ready for form.add_error."""

    def __init__(self, field: str, message):
        super().__init__(str(message))
        self.field = field
        self.message = message


def _violation(error: IntegrityError) -> StayRuleViolation:
    cause = getattr(error, "__cause__", None)
    name = getattr(getattr(cause, "diag", None), "constraint_name", None)
    if name in MESSAGES:
        return StayRuleViolation(*MESSAGES[name])
    raise error


def admit(
    *,
    resident: Resident,
    room: Room,
    intake: date,
    by,
    children: Sequence[Child] = (),
    placed_by_social_services: bool = False,
    decision_date: date | None = None,
    placing_municipality=None,
    home_municipality=None,
    case_worker_contact: str = "",
    discharge: date | None = None,
) -> Stay:
    """Admit a woman (new or already known) with her children to a room from `intake`.

    Saves an unsaved resident (her case number is generated) and unsaved children (as hers), creates
    the stay and links the children to it. All or nothing: raises StayRuleViolation if the database
    refuses (room full on some night, overlapping stay, discharge before intake).
    """
    try:
        with transaction.atomic():
            if resident.pk is None:
                resident.created_by = resident.created_by or by
                resident.save()
            stay = Stay.objects.create(
                resident=resident,
                room=room,
                intake=intake,
                discharge=discharge,
                placed_by_social_services=placed_by_social_services,
                decision_date=decision_date if placed_by_social_services else None,
                placing_municipality=placing_municipality,
                home_municipality=home_municipality,
                case_worker_contact=case_worker_contact,
                created_by=by,
            )
            for child in children:
                if child.pk is None:
                    child.mother = resident
                    child.save()
                elif child.mother_id != resident.pk:
                    raise ValueError("a child can only stay with her or his mother")
            ChildStay.objects.bulk_create(ChildStay(child=child, stay=stay) for child in children)
    except IntegrityError as error:
        if resident.pk is not None and not Resident.objects.filter(pk=resident.pk).exists():
            resident.pk = None
            resident.case_number = ""
        for child in children:
            if child.pk is not None and not Child.objects.filter(pk=child.pk).exists():
                child.pk = None
        raise _violation(error) from error
    return stay


def save_stay(stay: Stay) -> Stay:
    """Save a changed stay; raises StayRuleViolation if the database refuses it."""
    try:
        with transaction.atomic():
            stay.save()
    except IntegrityError as error:
        raise _violation(error) from error
    return stay


def stay_discharge(*, stay: Stay, on: date, destination: str, by) -> Stay:
    """Discharge her (and the children with her) on `on`: the night before is the last one counted."""
    stay.discharge = on
    stay.discharge_destination = destination
    try:
        with transaction.atomic():
            stay.save(update_fields=["discharge", "discharge_destination"])
    except IntegrityError as error:
        stay.refresh_from_db(fields=["discharge", "discharge_destination"])
        raise _violation(error) from error
    return stay


def link_child_to_stay(*, child: Child, stay: Stay) -> ChildStay:
    """Add a child (of the same mother) to a stay; the room must have a bed for it on every night."""
    if child.mother_id != stay.resident_id:
        raise ValueError("a child can only stay with her or his mother")
    try:
        with transaction.atomic():
            return ChildStay.objects.create(child=child, stay=stay)
    except IntegrityError as error:
        raise _violation(error) from error
