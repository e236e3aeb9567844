"""Contact-woman figures for the follow-up report, aggregated in SQL (a fixed number of queries)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, Max, Q, Sum, Value
from django.db.models.functions import Coalesce

from jour.lib.months import local_bounds
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


def _held_in(start: date, end: date) -> Q:
    """Meetings held from local midnight on `start` to local midnight after `end`.

    A range on starts_at itself, not on its local date: `starts_at__date` converts every row's time
    zone and can use no index (a sequential scan of every meeting ever held).
    """
    since, until = local_bounds(start, end)
    return Q(status=MeetingStatus.HELD, starts_at__gte=since, starts_at__lt=until)


def volunteer_statistics(*, start: date, end: date) -> VolunteerStatistics:
    """Figures for [start, end], both days included. Six queries whatever the data size."""
    held_in_period = _held_in(start, end)

    # IN (the volunteers of the matches of the period's held meetings) is hashed once; an OR EXISTS per
    # profile is not. The matches by their ids: a few thousand look-ups, not a join of every match.
    held_in = Match.objects.filter(pk__in=Meeting.objects.filter(held_in_period).values("match_id"))
    active_volunteers = VolunteerProfile.objects.filter(
        Q(status=VolunteerStatus.ACTIVE) | Q(pk__in=held_in.values("volunteer_id"))
    ).count()

    # Completion = the date of her last attendance once she has every session (make-ups count). Only
    # volunteers who attended in the period can have completed in it: the others are not grouped.
    on = Coalesce("make_up_on", "session__date")
    attended_in_period = Attendance.objects.annotate(on=on).filter(on__gte=start, on__lte=end)
    completed = (
        VolunteerProfile.objects.filter(pk__in=attended_in_period.values("volunteer_id"))
        .annotate(
            sessions=Count("attendances__session__number", distinct=True),
            completed_on=Max(Coalesce("attendances__make_up_on", "attendances__session__date")),
        )
        .filter(sessions__gte=REQUIRED_SESSIONS, completed_on__gte=start, completed_on__lte=end)
        .count()
    )

    training_hours = attended_in_period.aggregate(hours=Coalesce(Sum("hours"), ZERO))["hours"]

    circles = StudyCircle.objects.filter(sessions__date__gte=start, sessions__date__lte=end).distinct().count()

    active_in_period = Q(started_on__isnull=False, started_on__lte=end) & (
        Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )
    # After-care: she had moved out by the end of the period and was not living here then. Two sets of
    # residents, each hashed once, instead of two correlated look-ups per match.
    moved_out = Stay.objects.filter(discharge__lte=end).values("resident_id")
    living_at_end = Stay.objects.filter(Q(discharge__isnull=True) | Q(discharge__gt=end), intake__lte=end).values(
        "resident_id"
    )
    matches = Match.objects.aggregate(
        started=Count("pk", filter=Q(started_on__gte=start, started_on__lte=end)),
        active=Count("pk", filter=active_in_period),
        ended=Count(
            "pk", filter=Q(status=MatchStatus.ENDED, started_on__isnull=False, ended_on__gte=start, ended_on__lte=end)
        ),
        after_care=Count(
            "pk", filter=active_in_period & Q(resident_id__in=moved_out) & ~Q(resident_id__in=living_at_end)
        ),
    )

    meetings = Meeting.objects.filter(held_in_period).aggregate(
        held=Count("*"), hours=Coalesce(Sum("duration_hours"), ZERO)
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
        Meeting.objects.filter(_held_in(start, end))
        .order_by()
        .values("match__volunteer")
        .annotate(hours=Sum("duration_hours"))
        .values_list("match__volunteer", "hours")
    )
    return dict(rows)
