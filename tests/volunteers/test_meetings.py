"""Meetings: she plans one, marks it held or cancelled; bad input gives a Swedish error and saves nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.conftest import signed_in_client
from volunteers.models import Match, MatchStatus, Meeting, MeetingStatus
from volunteers.projections import women_by_match

from .factories import MatchFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def match():
    return MatchFactory()


@pytest.fixture
def her(match):
    return signed_in_client(match.volunteer.user)


def test_she_proposes_a_meeting(her, match):
    response = her.post(
        reverse("volunteers:my_meeting_new"),
        {"match": match.pk, "starts_at": "2026-12-01T14:00", "meeting_type": "fika", "place": "Ett café i centrum"},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.match, meeting.status, meeting.meeting_type) == (match, MeetingStatus.PLANNED, "fika")
    assert meeting.created_by == match.volunteer.user


@pytest.mark.parametrize("status", [MatchStatus.ENDED, MatchStatus.PAUSED])
def test_no_meeting_for_a_match_that_is_not_active(status):
    match = MatchFactory(
        status=status,
        ended_on="2026-02-01" if status == "ended" else None,
        end_reason="completed" if status == "ended" else "",
    )
    meeting = Meeting(match=match, starts_at="2026-12-01T14:00+01:00", meeting_type="walk")
    with pytest.raises(Exception) as error:
        meeting.full_clean()
    assert "match" in error.value.message_dict
    assert not Meeting.objects.exists()


def test_meeting_for_an_ended_match_via_a_crafted_post_is_refused(staff_client, her, match):
    staff_client.post(reverse("volunteers:match_transition", args=[match.pk]), {"action": "end", "end_reason": "moved"})
    response = her.post(
        reverse("volunteers:my_meeting_new"),
        {"match": match.pk, "starts_at": "2026-12-01T14:00", "meeting_type": "walk"},
    )
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()  # the ended match is not hers to choose
    assert not Meeting.objects.exists()


def test_model_refuses_a_meeting_for_an_ended_match_with_a_clear_message():
    match = MatchFactory(status=MatchStatus.ENDED, ended_on="2026-02-01", end_reason="completed")
    meeting = Meeting(match=match, starts_at="2026-12-01T14:00+01:00", meeting_type="walk")
    with pytest.raises(Exception) as error:
        meeting.full_clean()
    assert "avslutad" in " ".join(error.value.message_dict["match"])


def test_she_marks_a_meeting_held(her, match):
    meeting = MeetingFactory(match=match)
    response = her.post(
        reverse("volunteers:my_meeting", args=[meeting.pk]), {"action": "held", "duration_hours": "1.5", "note": "Bra"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.duration_hours, meeting.note) == (MeetingStatus.HELD, Decimal("1.5"), "Bra")


@pytest.mark.parametrize(
    ("duration", "message"),
    [("", "Detta fält måste fyllas i."), ("12.5", "12"), ("0", "0,25"), ("abc", "Fyll i ett tal.")],
)
def test_held_without_a_valid_duration_is_refused(her, match, duration, message):
    meeting = MeetingFactory(match=match)
    response = her.post(
        reverse("volunteers:my_meeting", args=[meeting.pk]), {"action": "held", "duration_hours": duration}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "invalid-feedback" in body  # next to the field
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED and meeting.duration_hours is None


def test_the_database_refuses_a_held_meeting_over_twelve_hours(match):
    from django.db import IntegrityError, transaction

    meeting = MeetingFactory(match=match)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(status="held", duration_hours=Decimal("13"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(status="held", duration_hours=None)


def test_she_cancels_a_meeting(her, match):
    meeting = MeetingFactory(match=match)
    assert her.post(reverse("volunteers:my_meeting", args=[meeting.pk]), {"action": "cancel"}).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.CANCELLED


def test_the_note_reminds_her_not_to_write_sensitive_details(her, match):
    meeting = MeetingFactory(match=match)
    body = her.get(reverse("volunteers:my_meeting", args=[meeting.pk])).content.decode()
    assert "Skriv inga känsliga uppgifter" in body


def test_she_updates_her_availability(her, match):
    response = her.post(reverse("volunteers:my_availability"), {"availability": ["mon_evening", "sat_morning"]})
    assert response.status_code == 302
    match.volunteer.refresh_from_db()
    assert match.volunteer.availability == ["mon_evening", "sat_morning"]
    response = her.post(reverse("volunteers:my_availability"), {"availability": ["someday"]})
    assert response.status_code == 200
    match.volunteer.refresh_from_db()
    assert match.volunteer.availability == ["mon_evening", "sat_morning"]


def test_she_sees_the_alias_of_a_protected_woman_never_her_name():
    from tests.residents.factories import ResidentFactory

    protected = ResidentFactory(
        first_name="Rahel", last_name="Tesfayedotter", alias="Stjärnan", protection_level="protected_registration"
    )
    match = MatchFactory(resident=protected, wished_languages=["ti"], wished_activities=["walks"])
    MeetingFactory(match=match)
    body = signed_in_client(match.volunteer.user).get(reverse("volunteers:index")).content.decode()
    assert "Stjärnan" in body and "Promenader" in body
    for secret in ("Rahel", "Tesfayedotter", protected.case_number):
        assert secret not in body


def test_a_protected_woman_without_an_alias_is_not_named():
    from tests.residents.factories import ResidentFactory

    protected = ResidentFactory(first_name="Rahel", alias="", protection_level="confidentiality_marking")
    match = MatchFactory(resident=protected)
    assert women_by_match(Match.objects.filter(pk=match.pk)) == {match.pk: "(alias inte valt än)"}
