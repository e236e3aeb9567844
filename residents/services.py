"""Admission and discharge: logic spanning resident, stay and children, in one transaction each.

The database has the last word on overlapping stays and rooms over capacity (migration 0002). A refusal
comes back as StayRuleViolation naming the form field it belongs to, after the savepoint is rolled back,
so the request's transaction stays usable and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .models import (
    CAPACITY_CONSTRAINT,
    DISCHARGE_AFTER_INTAKE_CONSTRAINT,
    OVERLAP_CONSTRAINT,
    RESIDENT_LIST_FIELDS,
    Child,
    ChildStay,
    Resident,
    Room,
    Stay,
    next_case_number,
    resident_fields_besides,
)

# The permit's places are the regulation app's rule (its migration 0002): only its name is known here.
PLACES_CONSTRAINT = "regulation_permitted_places"

MESSAGES = {
    OVERLAP_CONSTRAINT: ("intake", _("She already has a stay during these dates.")),
    CAPACITY_CONSTRAINT: ("room", _("The room does not have enough free beds for everyone during the whole stay.")),
    PLACES_CONSTRAINT: (
        "room",
        _("The premises would have more persons than the places of the IVO permit on some night of the stay."),
    ),
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
    placed_by_social_services: bool | None = None,
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
                # Numbered by the year she came, not the year someone typed it in (a 2025 stay entered in
                # January 2026 is B-2025-…).
                resident.case_number = resident.case_number or next_case_number(intake.year)
                resident.save()
            stay = Stay.objects.create(
                resident=resident,
                room=room,
                intake=intake,
                discharge=discharge,
                placed_by_social_services=placed_by_social_services,
                decision_date=decision_date if placed_by_social_services is True else None,
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


# The resident list ----------------------------------------------------------------------------


def _current_stays(on: date):
    return Stay.objects.current(on).filter(resident=OuterRef("pk"))


def _latest_intake():
    return Subquery(Stay.objects.filter(resident=OuterRef("pk")).order_by("-intake").values("intake")[:1])


class ResidentList:
    """The residents a user may see, matching a search, in the list's order, as a sequence a Paginator slices.

    The order: those living here on `on` first, then the others, each by latest intake (newest first, a
    future one included), residents with no stay last; ties by newest resident. Sorting every resident by
    her latest intake to cut one page is what made the list slow (31 000 residents: 130 ms), so without a
    search a page costs a few indexed queries whatever the number of residents:
    - living here: the current stays' residents, all of them (no more than the beds);
    - the others with a stay: stays walked newest intake first through the index, each resident taken at
      her latest stay (no later stay of hers), skipping those living here: the walk stops after the page;
    - no stay at all: by id, newest first.
    A search sorts its matches in SQL instead (a few index lookups each): matches can be few and old, which
    would make the walk read every stay. Either way only the page's residents are then read.
    """

    def __init__(self, *, user, term: str, on: date):
        self.on, self.term = on, (term or "").strip()
        self.residents = Resident.objects.for_user(user).search(self.term)
        self.stays = Stay.objects.for_user(user)  # walked only without a search
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = self.residents.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Resident]:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("ResidentList is sliced by pages only")
        start, stop = index.start or 0, self.count() if index.stop is None else min(index.stop, self.count())
        if start >= stop:
            return []
        ids = self._sorted_ids(start, stop) if self.term else self._page_ids(start, stop)
        return self._page(ids)

    def _sorted_ids(self, start: int, stop: int) -> list[int]:
        ordered = (
            self.residents.with_current(self.on)
            .annotate(last_intake=_latest_intake())
            .order_by("-is_current", F("last_intake").desc(nulls_last=True), "-id")
        )
        return list(ordered.values_list("id", flat=True)[start:stop])

    def _page_ids(self, start: int, stop: int) -> list[int]:
        current = list(
            self.residents.filter(Exists(_current_stays(self.on)))
            .annotate(last_intake=_latest_intake())
            .order_by("-last_intake", "-id")
            .values_list("id", flat=True)
        )
        ids = current[start:stop]
        offset, wanted = max(start - len(current), 0), stop - start - len(ids)
        if not wanted:
            return ids
        latest_stays = self.stays.filter(
            ~Exists(Stay.objects.filter(resident=OuterRef("resident"), intake__gt=OuterRef("intake"))),
            ~Exists(Stay.objects.current(self.on).filter(resident=OuterRef("resident"))),
        )
        former = list(
            latest_stays.order_by("-intake", "-resident_id").values_list("resident_id", flat=True)[
                offset : offset + wanted
            ]
        )
        ids += former
        if len(former) == wanted:
            return ids
        # The walk ran out: the page goes on with the residents who have no stay. How many were walked
        # past is known unless the page starts beyond them all.
        walked = offset + len(former) if former or not offset else latest_stays.count()
        offset, wanted = max(offset - walked, 0), wanted - len(former)
        never = self.residents.filter(~Exists(Stay.objects.filter(resident=OuterRef("pk")))).order_by("-id")
        return ids + list(never.values_list("id", flat=True)[offset : offset + wanted])

    def _page(self, ids: list[int]) -> list[Resident]:
        """The page's residents in that order, with what the list shows; her journal texts are not read."""
        children = Child.objects.filter(mother=OuterRef("pk")).order_by().values("mother").annotate(n=Count("id"))
        room = _current_stays(self.on).values("room__name")[:1]
        residents = (
            self.residents.filter(pk__in=ids)  # through the user's scope, like every id above
            .order_by()
            # What the list shows: her name, masked personnummer or birth year, protection (names are encrypted:
            # nothing else is read or decrypted).
            .defer(*resident_fields_besides("", shown=(*RESIDENT_LIST_FIELDS, "personnummer", "birth_year")))
            .with_current(self.on)
            .annotate(
                last_intake=_latest_intake(),
                children_count=Coalesce(Subquery(children.values("n")), 0),
                current_room=Subquery(room),
            )
        )
        by_id = {resident.pk: resident for resident in residents}
        return [by_id[pk] for pk in ids if pk in by_id]
