"""Acceptance: a contact woman on a phone-sized screen sees only her own meetings and marks one held."""

from datetime import datetime, time, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.conftest import signed_in_client
from tests.residents.factories import ResidentFactory
from volunteers.models import Meeting, MeetingStatus

from .factories import MatchFactory, MeetingFactory, VolunteerProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user):
    client = signed_in_client(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def tomorrow_at(hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=1)
    return datetime.combine(day, time(hour, 0), tzinfo=timezone.get_current_timezone())


def test_she_sees_only_her_meetings_and_marks_one_held_on_a_phone(page, live_server):
    her = VolunteerProfileFactory()
    match = MatchFactory(volunteer=her, resident=ResidentFactory(first_name="Layla", last_name="Ekströmsdotter"))
    walk = MeetingFactory(match=match, starts_at=tomorrow_at(10), meeting_type="walk")
    MeetingFactory(match=match, starts_at=tomorrow_at(15), meeting_type="fika")
    other = MatchFactory(resident=ResidentFactory(first_name="Zelmira", last_name="Xyloberg"))
    MeetingFactory(match=other, starts_at=tomorrow_at(11), meeting_type="swedish")

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, her.user)
    page.goto(f"{live_server.url}{reverse('volunteers:index')}")

    assert page.get_by_role("heading", name="Mina träffar").is_visible()
    upcoming = page.get_by_test_id("upcoming").locator("li")
    assert upcoming.count() == 2
    body = page.content()
    assert "Layla" in body
    for secret in ("Ekströmsdotter", "Zelmira", "Xyloberg", "Språkträning", match.resident.case_number):
        assert secret not in body
    # Built for the phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    upcoming.first.get_by_role("link").click()
    page.wait_for_url(f"{live_server.url}{reverse('volunteers:my_meeting', args=[walk.pk])}")
    assert page.get_by_text("Skriv inga känsliga uppgifter").first.is_visible()
    page.get_by_label("Längd (timmar)").fill("1.5")
    page.get_by_label("Kort anteckning till personalen").fill("Trevlig promenad.")
    page.get_by_test_id("held-form").get_by_role("button", name="Markera som genomförd").click()
    page.wait_for_url(f"{live_server.url}{reverse('volunteers:index')}")

    assert page.get_by_text("Träffen är markerad som genomförd").is_visible()
    assert page.get_by_test_id("upcoming").locator("li").count() == 1
    assert "Genomförd" in page.get_by_test_id("past").inner_text()
    walk.refresh_from_db()
    assert walk.status == MeetingStatus.HELD and str(walk.duration_hours) == "1.50"
    assert Meeting.objects.filter(match=other).get().status == MeetingStatus.PLANNED
