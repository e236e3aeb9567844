"""proposed → active (staff approve + she accepts, either order) → paused → active → ended (reason)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import signed_in_client
from tests.residents.factories import ResidentFactory, StayFactory
from volunteers.models import Match, MatchStatus

from .factories import MatchFactory, eligible_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed():
    return MatchFactory(volunteer=eligible_volunteer(), status=MatchStatus.PROPOSED, started_on=None)


def test_approve_then_accept_starts_the_match(proposed, staff):
    proposed.approve(by=staff)
    assert proposed.status == MatchStatus.PROPOSED
    proposed.accept(by=proposed.volunteer.user)
    proposed.refresh_from_db()
    assert proposed.status == MatchStatus.ACTIVE
    assert proposed.started_on is not None and proposed.approved_by == staff


def test_accept_then_approve_starts_the_match(proposed, coordinator):
    proposed.accept(by=proposed.volunteer.user)
    assert proposed.status == MatchStatus.PROPOSED
    proposed.approve(by=coordinator)
    assert Match.objects.get(pk=proposed.pk).status == MatchStatus.ACTIVE


def test_pause_resume_and_end_with_a_reason(proposed, staff):
    proposed.approve(by=staff)
    proposed.accept(by=proposed.volunteer.user)
    proposed.pause()
    assert proposed.status == MatchStatus.PAUSED
    with pytest.raises(ValidationError):
        proposed.pause()
    proposed.resume()
    assert proposed.status == MatchStatus.ACTIVE
    with pytest.raises(ValidationError):
        proposed.end(reason="")
    proposed.end(reason="completed", on=date(2026, 5, 1))
    proposed.refresh_from_db()
    assert (proposed.status, proposed.end_reason, proposed.ended_on) == ("ended", "completed", date(2026, 5, 1))
    for transition in (proposed.pause, proposed.resume):
        with pytest.raises(ValidationError):
            transition()
    with pytest.raises(ValidationError):
        proposed.approve(by=staff)


def test_only_the_proposed_volunteer_can_accept(proposed, volunteer_user):
    with pytest.raises(ValidationError):
        proposed.accept(by=volunteer_user)
    assert Match.objects.get(pk=proposed.pk).accepted_at is None


def test_a_volunteer_who_lost_eligibility_cannot_be_approved(proposed, staff):
    proposed.volunteer.pledge_signed_on = None
    proposed.volunteer.save()
    with pytest.raises(ValidationError):
        proposed.approve(by=staff)
    assert Match.objects.get(pk=proposed.pk).approved_at is None


def test_lifecycle_through_the_views(proposed, staff_client):
    url = reverse("volunteers:match_transition", args=[proposed.pk])
    assert staff_client.post(url, {"action": "approve"}).status_code == 302
    her = signed_in_client(proposed.volunteer.user)
    assert her.get(reverse("volunteers:index")).status_code == 200
    assert her.post(reverse("volunteers:my_match_accept", args=[proposed.pk])).status_code == 302
    assert Match.objects.get(pk=proposed.pk).status == MatchStatus.ACTIVE
    staff_client.post(url, {"action": "pause"})
    assert Match.objects.get(pk=proposed.pk).status == MatchStatus.PAUSED
    staff_client.post(url, {"action": "resume"})
    response = staff_client.post(url, {"action": "end"}, follow=True)  # no reason: refused
    assert "Välj en anledning" in response.content.decode()
    assert Match.objects.get(pk=proposed.pk).status == MatchStatus.ACTIVE
    staff_client.post(url, {"action": "end", "end_reason": "resident_wish"})
    assert Match.objects.get(pk=proposed.pk).status == MatchStatus.ENDED
    # An ended match is out of her scope.
    assert her.post(reverse("volunteers:my_match_accept", args=[proposed.pk])).status_code == 404


def test_after_care_once_her_last_stay_has_ended():
    resident = ResidentFactory()
    StayFactory(resident=resident, intake=date(2026, 1, 10), discharge=date(2026, 3, 1))
    match = MatchFactory(resident=resident)
    assert Match.objects.with_after_care(on=date(2026, 2, 1)).get(pk=match.pk).after_care is False
    assert Match.objects.with_after_care(on=date(2026, 3, 1)).get(pk=match.pk).after_care is True
    StayFactory(resident=resident, intake=date(2026, 4, 1))
    assert Match.objects.with_after_care(on=date(2026, 4, 2)).get(pk=match.pk).after_care is False
