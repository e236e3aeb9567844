"""The study circle gates matching: every session (make-ups count) and the pledge, enforced in the model."""

from datetime import date
from decimal import Decimal

import pytest

from volunteers.models import NotEligible, StudySession, VolunteerProfile, VolunteerStatus
from volunteers.services import make_up_record

from .factories import VolunteerProfileFactory, attend, circle_with_sessions

pytestmark = pytest.mark.django_db


def test_seven_of_eight_sessions_is_not_eligible():
    profile = VolunteerProfileFactory(pledge_signed_on=date(2026, 1, 1))
    attend(profile, circle_with_sessions(), count=7)
    assert profile.sessions_attended_count() == 7
    assert not profile.is_eligible
    assert any("7 av 8" in str(problem) for problem in profile.eligibility_problems())
    assert not VolunteerProfile.objects.eligible().filter(pk=profile.pk).exists()
    with pytest.raises(NotEligible):
        profile.check_eligible()


def test_eight_sessions_and_the_pledge_is_eligible():
    profile = VolunteerProfileFactory(pledge_signed_on=date(2026, 1, 1))
    attend(profile, circle_with_sessions(), count=8)
    assert profile.is_eligible
    assert list(VolunteerProfile.objects.eligible()) == [profile]
    profile.check_eligible()


def test_eight_sessions_without_the_pledge_is_not_eligible():
    profile = VolunteerProfileFactory(pledge_signed_on=None)
    attend(profile, circle_with_sessions(), count=8)
    assert not profile.is_eligible
    assert not VolunteerProfile.objects.eligible().exists()


@pytest.mark.parametrize("status", [VolunteerStatus.PAUSED, VolunteerStatus.ENDED, VolunteerStatus.APPLICANT])
def test_paused_ended_or_applicant_is_not_eligible(status):
    profile = VolunteerProfileFactory(pledge_signed_on=date(2026, 1, 1), status=status, status_reason="Flyttar")
    attend(profile, circle_with_sessions(), count=8)
    assert not profile.is_eligible
    assert not VolunteerProfile.objects.eligible().exists()


def test_the_same_session_in_two_circles_counts_once():
    profile = VolunteerProfileFactory(pledge_signed_on=date(2026, 1, 1))
    attend(profile, circle_with_sessions(), count=4)
    attend(profile, circle_with_sessions(date(2026, 9, 1)), count=4)  # sessions 1-4 again
    assert profile.sessions_attended_count() == 4
    assert not profile.is_eligible


def test_a_make_up_session_completes_the_training_and_counts_hours(coordinator):
    profile = VolunteerProfileFactory(pledge_signed_on=date(2026, 1, 1))
    circle = circle_with_sessions()
    attend(profile, circle, count=7)
    missed = StudySession.objects.get(circle=circle, number=8)
    make_up_record(volunteer=profile, session=missed, on=date(2026, 4, 1), hours=Decimal("2"), by=coordinator)
    assert profile.is_eligible
    annotated = VolunteerProfile.objects.with_training().get(pk=profile.pk)
    assert annotated.sessions_attended == 8
    assert annotated.training_hours == Decimal("7") * Decimal("2.5") + Decimal("2")


def test_only_the_coordinator_records_make_up_sessions(staff):
    profile = VolunteerProfileFactory()
    circle = circle_with_sessions()
    circle.participants.add(profile)
    with pytest.raises(Exception):
        make_up_record(volunteer=profile, session=circle.sessions.first(), on=date(2026, 4, 1), hours=2, by=staff)
    assert not profile.attendances.exists()
