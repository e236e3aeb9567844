from datetime import date, datetime, time
from decimal import Decimal

import factory
from django.utils import timezone

from jour.accounts.models import Role
from tests.factories import UserFactory
from tests.residents.factories import ResidentFactory
from volunteers.models import (
    Attendance,
    Match,
    MatchStatus,
    Meeting,
    MeetingType,
    StudyCircle,
    VolunteerProfile,
    VolunteerStatus,
)


class VolunteerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerProfile

    user = factory.SubFactory(UserFactory, role=Role.VOLUNTEER)
    profession = "Lärare"
    languages = factory.LazyFunction(lambda: ["sv"])
    status = VolunteerStatus.IN_TRAINING
    capacity = 2


class StudyCircleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyCircle

    name = factory.Sequence(lambda n: f"Cirkel {n}")


def circle_with_sessions(first_date=date(2026, 1, 7)) -> StudyCircle:
    circle = StudyCircleFactory()
    circle.create_sessions(first_date=first_date)
    return circle


def attend(profile: VolunteerProfile, circle: StudyCircle, count: int = 8) -> None:
    circle.participants.add(profile)
    for session in circle.sessions.order_by("number")[:count]:
        Attendance.objects.create(volunteer=profile, session=session, hours=session.hours)


def eligible_volunteer(**kwargs) -> VolunteerProfile:
    """A contact woman who finished the study circle and signed the pledge."""
    kwargs.setdefault("status", VolunteerStatus.ACTIVE)
    kwargs.setdefault("pledge_signed_on", date(2026, 1, 1))
    profile = VolunteerProfileFactory(**kwargs)
    attend(profile, circle_with_sessions())
    return profile


class MatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Match

    volunteer = factory.SubFactory(VolunteerProfileFactory)
    resident = factory.SubFactory(ResidentFactory)
    status = MatchStatus.ACTIVE
    started_on = factory.LazyFunction(timezone.localdate)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    match = factory.SubFactory(MatchFactory)
    starts_at = factory.LazyFunction(
        lambda: datetime.combine(timezone.localdate(), time(14, 0), tzinfo=timezone.get_current_timezone())
    )
    meeting_type = MeetingType.WALK
    place = "Ett café"


def held(meeting: Meeting, hours: str = "1.5") -> Meeting:
    meeting.status = "held"
    meeting.duration_hours = Decimal(hours)
    meeting.save()
    return meeting
