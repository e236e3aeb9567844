"""Systematic quality work (SOSFS 2011:9): which routines are due for review, which lex Sarah steps are late."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from reporting.models import Deviation, DeviationKind

from .models import Routine

# A routine is "due" this many days before its review date: time to book the review.
REMINDER_DAYS = 30


def routines_due(routines: Iterable[Routine], *, today: dt.date) -> list[Routine]:
    """Routines in force whose review date is within REMINDER_DAYS, or past."""
    horizon = today + dt.timedelta(days=REMINDER_DAYS)
    return [routine for routine in routines if routine.is_active and routine.next_review_on <= horizon]


def due_routines(*, today: dt.date):
    return Routine.objects.filter(is_active=True, next_review_on__lte=today + dt.timedelta(days=REMINDER_DAYS))


def open_lex_sarah(*, today: dt.date) -> list[Deviation]:
    """Lex Sarah reports not yet finished: no decision, or serious and not reported to IVO."""
    reports = Deviation.objects.filter(kind=DeviationKind.LEX_SARAH).exclude(
        decided_on__isnull=False, reported_to_ivo=True
    )
    return [report for report in reports.order_by("date", "id") if report.due_dates()]


def overdue_lex_sarah(*, today: dt.date) -> list[tuple[Deviation, list[str]]]:
    """Each lex Sarah report with a step past its deadline, with those steps."""
    found = []
    for report in open_lex_sarah(today=today):
        late = report.overdue(today)
        if late:
            found.append((report, late))
    return found
