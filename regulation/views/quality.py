"""Systematic quality work: the routines and their reviews, the staffing of a year."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jour.audit.log import record
from jour.audit.models import Action
from jour.lib.formpages import form_page

from ..forms import RoutineForm, StaffingYearForm
from ..models import Routine, StaffingYear
from ..quality import REMINDER_DAYS, routines_due
from ..scope import get_routine_for_user

FORM = "regulation/form.html"


def routine_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    routines = list(Routine.objects.for_user(request.user).select_related("owner"))
    due = {routine.pk for routine in routines_due(routines, today=today)}
    for routine in routines:
        routine.is_due = routine.pk in due
        routine.is_overdue = routine.is_active and routine.next_review_on < today
    return render(
        request,
        "regulation/routine_list.html",
        {"routines": routines, "today": today, "reminder_days": REMINDER_DAYS},
    )


def routine_create(request: HttpRequest) -> HttpResponse:
    return _routine_form(request, Routine())


def routine_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _routine_form(request, get_routine_for_user(request, pk))


def _routine_form(request: HttpRequest, routine: Routine) -> HttpResponse:
    form = RoutineForm(request.POST or None, instance=routine)
    title = _("New routine") if routine.pk is None else _("Edit routine")
    context, done = {"title": title, "back": "regulation:routine_list"}, "regulation:routine_list"
    return form_page(request, form, message=_("Saved."), success_url=done, template=FORM, context=context)


@require_POST
def routine_reviewed(request: HttpRequest, pk: int) -> HttpResponse:
    """Reviewed today: the next review moves on by the routine's interval."""
    routine = get_routine_for_user(request, pk)
    routine.mark_reviewed(timezone.localdate())
    routine.save(update_fields=["last_reviewed_on", "next_review_on"])
    record(request, Action.CHANGE, routine, fields=["last_reviewed_on", "next_review_on"])
    messages.success(request, _("Marked as reviewed today."))
    return redirect("regulation:routine_list")


def staffing_edit(request: HttpRequest, year: int) -> HttpResponse:
    if not 2000 <= year <= timezone.localdate().year:
        return redirect("regulation:statistics")
    staffing = StaffingYear.objects.filter(year=year).first() or StaffingYear(year=year)
    form = StaffingYearForm(request.POST or None, instance=staffing)
    done = f"{reverse('regulation:statistics')}?year={year}"
    context = {
        "title": _("Staff and volunteers %(year)s") % {"year": year},
        "hint": _(
            "What Jour cannot count itself: employees, full-time equivalents and volunteers who are not contact women."
        ),
        "back": "regulation:statistics",
    }
    return form_page(request, form, message=_("Saved."), success_url=done, template=FORM, context=context)
