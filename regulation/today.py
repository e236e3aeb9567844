"""The regulated service's part of the start page: routines to review, late lex Sarah steps, children's
placements with something missing and permit changes waiting for their application to IVO. Counts only."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jour.today import Group, Item, contributes

from . import children
from .models import CHANGES_NEEDING_APPLICATION, PermitChange, Routine
from .quality import REMINDER_DAYS, overdue_lex_sarah


@contributes("regulation:index", order=35)
def supervision(request: HttpRequest, today: dt.date) -> Group:
    """Four queries whatever the data: routines, lex Sarah reports, the children living here, permit changes."""
    items = []
    routines = (
        Routine.objects.for_user(request.user)
        .filter(is_active=True)
        .aggregate(
            due=Count("id", filter=Q(next_review_on__lte=today + dt.timedelta(days=REMINDER_DAYS))),
            late=Count("id", filter=Q(next_review_on__lt=today)),
        )
    )
    if routines["due"]:
        text = ngettext("%(n)s routine to review", "%(n)s routines to review", routines["due"]) % {"n": routines["due"]}
        items.append(Item(text, reverse("regulation:routine_list"), routines["due"], urgent=bool(routines["late"])))
    late = len(overdue_lex_sarah(today=today))
    if late:
        text = ngettext("%(n)s lex Sarah report past a deadline", "%(n)s lex Sarah reports past a deadline", late)
        items.append(Item(text % {"n": late}, reverse("regulation:index"), late, urgent=True))
    incomplete = children.count_flagged(on=today, user=request.user)
    if incomplete:
        text = ngettext(
            "%(n)s child's placement with something missing",
            "%(n)s children's placements with something missing",
            incomplete,
        )
        items.append(Item(text % {"n": incomplete}, reverse("regulation:children"), incomplete))
    waiting = sum(
        1
        for change in PermitChange.objects.for_user(request.user).filter(
            kind__in=CHANGES_NEEDING_APPLICATION, temporary=False, application_sent_on__isnull=True
        )[:50]
    )
    if waiting:
        text = ngettext(
            "%(n)s change of the permit without an application to IVO",
            "%(n)s changes of the permit without an application to IVO",
            waiting,
        )
        items.append(Item(text % {"n": waiting}, reverse("regulation:permit"), waiting, urgent=True))
    return Group(_("Supervision and quality"), items, empty=_("Nothing due."))
