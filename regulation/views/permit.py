"""The permit, its premises and places, and the log of changes that need IVO."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jour.audit.log import record, record_form_save
from jour.audit.models import Action
from jour.lib.formpages import form_page

from .. import places, services
from ..forms import PermitChangeForm, PermitForm, PremisesForm
from ..models import Permit, PermitChange, Premises
from ..scope import get_permit_change_for_user, get_premises_for_user

CHANGES_SHOWN = 50
FORM = "regulation/form.html"


def _warn_ivo(request: HttpRequest, changes: list[PermitChange]) -> None:
    if any(change.needs_application for change in changes):
        messages.warning(
            request,
            _(
                "This change of the manager, premises or places needs an application to IVO for a change of the "
                "permit (a temporary change under six months is notified). Record the date it is sent below."
            ),
        )


def permit(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    the_permit = Permit.load()
    changes = list(PermitChange.objects.for_user(request.user).select_related("changed_by")[:CHANGES_SHOWN])
    return render(
        request,
        "regulation/permit.html",
        {
            "permit": the_permit,
            "usage": places.usage_on(today),
            "year": places.usage_by_month(start=date(today.year, 1, 1), end=date(today.year, 12, 31), today=today),
            "changes": changes,
            "pending": [change for change in changes if change.needs_application],
            "today": today,
        },
    )


def permit_edit(request: HttpRequest) -> HttpResponse:
    form = PermitForm(request.POST or None, instance=Permit.load())
    save = partial(services.save_permit, form=form, by=request.user)
    return _under_places_rule(request, form, save, error_field="children_take_places", title=_("Edit the permit"))


def premises_create(request: HttpRequest) -> HttpResponse:
    return _premises_form(request, Premises())


def premises_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _premises_form(request, get_premises_for_user(request, pk))


def _premises_form(request: HttpRequest, premises: Premises) -> HttpResponse:
    created = premises.pk is None
    form = PremisesForm(request.POST or None, instance=premises)

    def save() -> list[PermitChange]:
        _premises, changes = services.save_premises(form=form, by=request.user)
        return changes

    title = _("New premises") if created else _("Edit premises")
    extra = {"premises": None if created else premises}
    return _under_places_rule(request, form, save, error_field="places", title=title, **extra)


def _under_places_rule(
    request: HttpRequest, form, save: Callable[[], list[PermitChange]], *, error_field: str, title: str, **extra
) -> HttpResponse:
    """The permit's or a premises' form, saved through its service: the database may refuse more persons booked
    than places (said next to `error_field`); a change that needs IVO is said after the save."""
    created = form.instance._state.adding
    if request.method == "POST" and form.is_valid():
        try:
            changes = save()
        except services.PlacesViolation as violation:
            form.add_error(error_field, violation.message)
        else:
            record_form_save(request, form, form.instance, created=created)
            _warn_ivo(request, changes)
            messages.success(request, _("Saved."))
            return redirect("regulation:permit")
    return render(request, FORM, {"form": form, "title": title, "back": "regulation:permit", **extra})


@require_POST
def premises_delete(request: HttpRequest, pk: int) -> HttpResponse:
    premises = get_premises_for_user(request, pk)
    record(request, Action.DELETE, premises)
    change = services.delete_premises(premises=premises, by=request.user)
    _warn_ivo(request, [change])
    return redirect("regulation:permit")


def permit_change_edit(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_permit_change_for_user(request, pk)
    form = PermitChangeForm(request.POST or None, instance=change)
    context = {"title": change.description, "back": "regulation:permit"}
    return form_page(request, form, message=_("Saved."), success_url=context["back"], template=FORM, context=context)
