"""The overview of the regulated service: what needs doing for the permit, the children and quality work."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jour.privacy.models import RetentionPolicy
from reporting.registers import OVERDUE_STEP_LABELS
from residents.models import Stay

from .. import children, places
from ..forms import YearForm
from ..handover import stays_to_hand_over
from ..models import Permit, PermitChange
from ..quality import due_routines, overdue_lex_sarah
from ..requests import request_statistics


def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    usage = places.usage_on(today)
    late = [
        (report, [str(OVERDUE_STEP_LABELS[step]) for step in steps]) for report, steps in overdue_lex_sarah(today=today)
    ]
    pending = [change for change in PermitChange.objects.for_user(request.user)[:50] if change.needs_application]
    return render(
        request,
        "regulation/index.html",
        {
            "today": today,
            "permit": Permit.load(),
            "places": sum(row.places for row in usage),
            "taken": sum(row.used for row in usage),
            "premises": len(usage),
            "pending_changes": pending,
            "routines_due": list(due_routines(today=today).select_related("owner")),
            "lex_sarah_late": late,
            "children_flagged": children.count_flagged(on=today, user=request.user),
            "requests": request_statistics(start=today.replace(month=1, day=1), end=today),
            "year_form": YearForm(),
            "handover_waiting": stays_to_hand_over(Stay.objects.for_user(request.user)).count()
            if RetentionPolicy.load().handover_before_purge
            else 0,
        },
    )
