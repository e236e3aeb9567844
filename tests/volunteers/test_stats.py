"""volunteer_statistics on a fixed dataset: every figure, and a fixed number of queries."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.residents.factories import ResidentFactory, StayFactory
from volunteers.models import Attendance, MatchStatus, StudySession, VolunteerStatus
from volunteers.stats import volunteer_hours, volunteer_statistics

from .factories import MatchFactory, MeetingFactory, VolunteerProfileFactory, attend, circle_with_sessions, held

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Europe/Stockholm")
START, END = date(2026, 1, 1), date(2026, 6, 30)


def at(day: date, hour: int = 14) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


@pytest.fixture
def dataset():
    # A circle in the period (8 sessions from 7 January) and one the year before.
    spring = circle_with_sessions(date(2026, 1, 7))
    autumn = circle_with_sessions(date(2025, 9, 3))
    anna = VolunteerProfileFactory(status=VolunteerStatus.ACTIVE, pledge_signed_on=date(2025, 8, 1))
    attend(anna, autumn)  # trained last year: 8 × 2.5 h outside the period
    bea = VolunteerProfileFactory(status=VolunteerStatus.ACTIVE, pledge_signed_on=date(2026, 1, 2))
    attend(bea, spring)  # trained in the period: 20 h
    cia = VolunteerProfileFactory(status=VolunteerStatus.IN_TRAINING)
    attend(cia, spring, count=7)  # 17.5 h, not trained
    Attendance.objects.create(
        volunteer=cia,
        session=StudySession.objects.get(circle=spring, number=8),
        make_up=True,
        make_up_on=date(2026, 7, 10),  # completes after the period
        hours=Decimal("2"),
    )
    paused = VolunteerProfileFactory(status=VolunteerStatus.PAUSED, status_reason="Resa")

    discharged = ResidentFactory()
    StayFactory(resident=discharged, intake=date(2025, 11, 1), discharge=date(2026, 2, 1))
    living = ResidentFactory()
    StayFactory(resident=living, intake=date(2026, 1, 10))
    # Started in the period, with the woman who moved out: after-care.
    m1 = MatchFactory(volunteer=anna, resident=discharged, started_on=date(2026, 1, 15))
    # Started last year, ended in the period.
    m2 = MatchFactory(
        volunteer=anna,
        resident=living,
        started_on=date(2025, 10, 1),
        status=MatchStatus.ENDED,
        ended_on=date(2026, 3, 1),
        end_reason="completed",
    )
    # A proposal never started; a match of the paused volunteer ended before the period.
    MatchFactory(volunteer=bea, resident=living, status=MatchStatus.PROPOSED, started_on=None)
    MatchFactory(
        volunteer=paused,
        resident=ResidentFactory(),
        started_on=date(2025, 5, 1),
        status=MatchStatus.ENDED,
        ended_on=date(2025, 12, 1),
        end_reason="moved",
    )
    held(MeetingFactory(match=m1, starts_at=at(date(2026, 1, 20))), "1.5")
    held(MeetingFactory(match=m1, starts_at=at(date(2026, 6, 30), 22)), "2")
    held(MeetingFactory(match=m2, starts_at=at(date(2025, 12, 20))), "3")  # before
    held(MeetingFactory(match=m2, starts_at=at(date(2026, 7, 1), 0)), "3")  # after (local midnight)
    MeetingFactory(match=m1, starts_at=at(date(2026, 2, 1)))  # planned
    MeetingFactory(match=m1, starts_at=at(date(2026, 2, 2)), status="cancelled")


def test_statistics_on_a_fixed_dataset(dataset, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        stats = volunteer_statistics(start=START, end=END)
    assert stats.active_volunteers == 2  # anna and bea (status active)
    assert stats.trained_in_period == 1  # bea
    assert stats.training_hours == Decimal("37.5")  # bea 20 + cia 17.5; the July make-up is outside
    assert stats.study_circles_held == 1
    assert stats.matches_started == 1
    assert stats.matches_active == 2
    assert stats.matches_ended == 1
    assert stats.after_care_matches == 1
    assert stats.meetings_held == 2
    assert stats.volunteer_hours == Decimal("3.5")


def test_a_held_meeting_makes_a_paused_volunteer_active_in_the_period(dataset):
    from volunteers.models import VolunteerProfile

    paused = VolunteerProfile.objects.get(status=VolunteerStatus.PAUSED)
    match = MatchFactory(volunteer=paused, started_on=date(2026, 3, 1))
    held(MeetingFactory(match=match, starts_at=at(date(2026, 3, 5))))
    assert volunteer_statistics(start=START, end=END).active_volunteers == 3


def test_empty_database_gives_zeros():
    stats = volunteer_statistics(start=START, end=END)
    assert (stats.active_volunteers, stats.meetings_held, stats.volunteer_hours, stats.training_hours) == (
        0,
        0,
        Decimal("0"),
        Decimal("0"),
    )


def test_hours_per_volunteer_in_the_period(dataset, django_assert_num_queries):
    from volunteers.models import VolunteerProfile

    anna = VolunteerProfile.objects.get(matches__started_on=date(2026, 1, 15))
    with django_assert_num_queries(1):
        hours = volunteer_hours(start=START, end=END)
    assert hours == {anna.pk: Decimal("3.5")}
    assert volunteer_hours(start=date(2025, 12, 1), end=date(2025, 12, 31)) == {anna.pk: Decimal("3")}
