"""Contact-woman figures for the follow-up report, aggregated in SQL (a fixed number of queries)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, Max, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce

from residents.models import Stay

from .models import (
    REQUIRED_SESSIONS,
    Attendance,
    Match,
    MatchStatus,
    Meeting,
    MeetingStatus,
    StudyCircle,
    VolunteerProfile,
    VolunteerStatus,
)

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=10, decimal_places=2))


@dataclass(frozen=True)
class VolunteerStatistics:
    start: date
    end: date
    active_volunteers: int  # status active now, or held a meeting in the period
    trained_in_period: int  # completed the study circle (last needed session) in the period
    training_hours: Decimal  # study-circle hours attended in the period, make-ups included
    study_circles_held: int  # circles with at least one session in the period
    matches_started: int
    matches_active: int  # active at some time in the period
    matches_ended: int
    after_care_matches: int  # active in the period while the woman no longer lived in the housing
    meetings_held: int
    volunteer_hours: Decimal  # duration of the meetings held in the period


def volunteer_statistics(*, start: date, end: date) -> VolunteerStatistics:
    """Figures for [start, end], both days included. Five queries whatever the data size."""
    held_in_period = Q(status=MeetingStatus.HELD, starts_at__date__gte=start, starts_at__date__lte=end)

    held_meeting = Meeting.objects.filter(held_in_period, match__volunteer=OuterRef("pk"))
    active_volunteers = VolunteerProfile.objects.filter(
        Q(status=VolunteerStatus.ACTIVE) | Q(Exists(held_meeting))
    ).count()

    # Completion = the date of her last attendance once she has every session (make-ups count).
    completed = (
        VolunteerProfile.objects.annotate(
            sessions=Count("attendances__session__number", distinct=True),
            completed_on=Max(Coalesce("attendances__make_up_on", "attendances__session__date")),
        )
        .filter(sessions__gte=REQUIRED_SESSIONS, completed_on__gte=start, completed_on__lte=end)
        .count()
    )

    training_hours = (
        Attendance.objects.annotate(on=Coalesce("make_up_on", "session__date"))
        .filter(on__gte=start, on__lte=end)
        .aggregate(hours=Coalesce(Sum("hours"), ZERO))["hours"]
    )

    circles = StudyCircle.objects.filter(sessions__date__gte=start, sessions__date__lte=end).distinct().count()

    active_in_period = Q(started_on__isnull=False, started_on__lte=end) & (
        Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )
    after_discharge = Exists(Stay.objects.filter(resident=OuterRef("resident_id"), discharge__lte=end))
    living_here_at_end = Exists(
        Stay.objects.filter(resident=OuterRef("resident_id"), intake__lte=end).filter(
            Q(discharge__isnull=True) | Q(discharge__gt=end)
        )
    )
    matches = Match.objects.annotate(after=after_discharge, living=living_here_at_end).aggregate(
        started=Count("pk", filter=Q(started_on__gte=start, started_on__lte=end)),
        active=Count("pk", filter=active_in_period),
        ended=Count(
            "pk", filter=Q(status=MatchStatus.ENDED, started_on__isnull=False, ended_on__gte=start, ended_on__lte=end)
        ),
        after_care=Count("pk", filter=active_in_period & Q(after=True, living=False)),
    )

    meetings = Meeting.objects.filter(held_in_period).aggregate(
        held=Count("pk"), hours=Coalesce(Sum("duration_hours"), ZERO)
    )
    return VolunteerStatistics(
        start=start,
        end=end,
        active_volunteers=active_volunteers,
        trained_in_period=completed,
        training_hours=training_hours,
        study_circles_held=circles,
        matches_started=matches["started"],
        matches_active=matches["active"],
        matches_ended=matches["ended"],
        after_care_matches=matches["after_care"],
        meetings_held=meetings["held"],
        volunteer_hours=meetings["hours"],
    )


def volunteer_hours(*, start: date, end: date) -> dict[int, Decimal]:
    """Hours of held meetings per contact woman (profile id) in [start, end], in one query."""
    rows = (
        Meeting.objects.filter(status=MeetingStatus.HELD, starts_at__date__gte=start, starts_at__date__lte=end)
        .order_by()
        .values("match__volunteer")
        .annotate(hours=Sum("duration_hours"))
        .values_list("match__volunteer", "hours")
    )
    return dict(rows)
