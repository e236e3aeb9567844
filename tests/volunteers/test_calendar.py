"""Her personal iCalendar feed: secret URL, renewable, type and time only."""

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from jour.audit.models import AuditEvent
from tests.conftest import signed_in_client
from tests.residents.factories import ResidentFactory
from volunteers.models import VolunteerProfile

from .factories import MatchFactory, MeetingFactory, held

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    resident = ResidentFactory(first_name="Zeinab", last_name="Olofsdotter", alias="")
    match = MatchFactory(resident=resident)
    MeetingFactory(match=match, meeting_type="fika", place="Café Hörnet")
    held(MeetingFactory(match=match, meeting_type="walk"))
    other = MeetingFactory(meeting_type="phone")  # another volunteer's
    profile = match.volunteer
    profile.renew_calendar_token()
    return profile, resident, other


def test_the_feed_parses_and_holds_no_names(setup):
    profile, resident, _other = setup
    response = Client().get(reverse("volunteers:calendar_feed", args=[profile.calendar_token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert sorted(str(event["SUMMARY"]) for event in events) == ["Fika", "Promenad"]
    text = response.content.decode()
    for secret in (resident.first_name, resident.last_name, resident.case_number, "Café Hörnet", "Telefonsamtal"):
        assert secret not in text
    assert all(event.decoded("DTSTART") for event in events)
    export = AuditEvent.objects.get(action="export", object_type="volunteers.volunteerprofile")
    assert (export.actor, export.detail) == (profile.user, {"format": "ics", "rows": 2})


def test_a_wrong_or_short_token_is_404(setup):
    profile, _resident, _other = setup
    assert Client().get(reverse("volunteers:calendar_feed", args=["x" * 43])).status_code == 404
    assert Client().get(reverse("volunteers:calendar_feed", args=["abc"])).status_code == 404
    assert Client().get(reverse("volunteers:calendar_feed", args=[profile.calendar_token[:-1]])).status_code == 404


def test_the_token_is_long_and_renewing_kills_the_old_address(setup):
    profile, _resident, _other = setup
    old = profile.calendar_token
    assert len(old) >= 43
    client = signed_in_client(profile.user)
    assert client.post(reverse("volunteers:my_calendar_renew")).status_code == 302
    new = VolunteerProfile.objects.get(pk=profile.pk).calendar_token
    assert new != old
    assert Client().get(reverse("volunteers:calendar_feed", args=[old])).status_code == 404
    assert Client().get(reverse("volunteers:calendar_feed", args=[new])).status_code == 200
    assert new in client.get(reverse("volunteers:index")).content.decode()


def test_feed_keeps_to_her_own_meetings_after_her_account_becomes_staff(client, db):
    from jour.accounts.models import Role

    from .factories import MeetingFactory

    mine = MeetingFactory()
    MeetingFactory()  # another contact woman's meeting
    profile = mine.match.volunteer
    profile.renew_calendar_token()
    url = f"/volunteers/calendar/{profile.calendar_token}.ics"
    assert client.get(url).content.count(b"BEGIN:VEVENT") == 1
    profile.user.role = Role.STAFF
    profile.user.save()
    assert client.get(url).status_code == 404


def test_feed_stops_when_she_has_ended(client, db):
    from volunteers.models import VolunteerStatus

    from .factories import MeetingFactory

    profile = MeetingFactory().match.volunteer
    profile.renew_calendar_token()
    url = f"/volunteers/calendar/{profile.calendar_token}.ics"
    assert client.get(url).status_code == 200
    profile.status = VolunteerStatus.ENDED
    profile.save()
    assert client.get(url).status_code == 404
