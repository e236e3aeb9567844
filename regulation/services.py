"""Saving the permit and its premises, which spans the permit, the change log and the database's places rule."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jour.accounts.models import User

from .forms import PermitForm, PremisesForm
from .models import PLACES_CONSTRAINT, Permit, PermitChange, PermitChangeKind, Premises, PremisesRoom


class PlacesViolation(Exception):
    """The database refused: more persons are booked from today on than the places would allow."""

    message = gettext_lazy("More persons are booked into these rooms from today on than that many places allow.")


def _places_refusal(error: IntegrityError) -> bool:
    diag = getattr(getattr(error, "__cause__", None), "diag", None)
    return getattr(diag, "constraint_name", None) == PLACES_CONSTRAINT


def _record(kind: str, description: str, by: User) -> PermitChange:
    return PermitChange.objects.create(kind=kind, description=description[:300], changed_by=by)


def save_permit(*, form: PermitForm, by: User) -> list[PermitChange]:
    """Save the permit; a new manager or a new way of counting children is logged as a change of the permit."""
    permit: Permit = form.save(commit=False)
    permit.updated_by = by
    changes = []
    try:
        with transaction.atomic():
            permit.save()
            if "manager_name" in form.changed_data and form.initial.get("manager_name"):
                since = permit.manager_since
                changes.append(
                    _record(
                        PermitChangeKind.MANAGER,
                        _("New manager from %(date)s") % {"date": date_format(since, "SHORT_DATE_FORMAT")}
                        if since
                        else _("New manager"),
                        by,
                    )
                )
            if "children_take_places" in form.changed_data:
                text = (
                    _("Children count as places")
                    if permit.children_take_places
                    else _("Children do not count as places")
                )
                changes.append(_record(PermitChangeKind.OTHER, text, by))
    except IntegrityError as error:
        if _places_refusal(error):
            raise PlacesViolation from error
        raise
    return changes


def save_premises(*, form: PremisesForm, by: User) -> tuple[Premises, list[PermitChange]]:
    """Save a premises and its rooms. A new premises or new places is logged as a change of the permit.

    Raises PlacesViolation when the database finds more persons booked from today on than the places allow.
    """
    premises: Premises = form.save(commit=False)
    created = premises.pk is None
    old_places = form.initial.get("places")
    changes = []
    try:
        with transaction.atomic():
            premises.save()
            wanted = {room.pk for room in form.cleaned_data["rooms"]}
            PremisesRoom.objects.filter(premises=premises).exclude(room_id__in=wanted).delete()
            linked = set(PremisesRoom.objects.filter(premises=premises).values_list("room_id", flat=True))
            PremisesRoom.objects.bulk_create(PremisesRoom(premises=premises, room_id=pk) for pk in wanted - linked)
            if created:
                changes.append(
                    _record(
                        PermitChangeKind.PREMISES,
                        _("New premises %(name)s with %(places)s places")
                        % {"name": premises.name, "places": premises.places},
                        by,
                    )
                )
            elif "places" in form.changed_data:
                changes.append(
                    _record(
                        PermitChangeKind.PLACES,
                        _("%(name)s: %(old)s → %(new)s places")
                        % {"name": premises.name, "old": old_places, "new": premises.places},
                        by,
                    )
                )
    except IntegrityError as error:
        if created:
            premises.pk = None
        if _places_refusal(error):
            raise PlacesViolation from error
        raise
    return premises, changes


def delete_premises(*, premises: Premises, by: User) -> PermitChange:
    with transaction.atomic():
        change = _record(PermitChangeKind.PREMISES, _("Premises %(name)s removed") % {"name": premises.name}, by)
        premises.delete()
    return change
