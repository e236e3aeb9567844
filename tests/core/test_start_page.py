"""The start page shows each role today's work, contributed by the apps, at a constant query count."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from jour.audit.models import Action, AuditAlert, AuditEvent
from tests.calls.factories import SupportContactFactory
from tests.conftest import signed_in_client
from tests.plans.factories import ActivityFactory, PlanFactory
from tests.residents.factories import StayFactory
from tests.volunteers.factories import MatchFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _work(n: int, staff) -> None:
    """n of everything due today: contacts (some asking for housing), activities, meetings, proposals."""
    today = timezone.localdate()
    for i in range(n):
        SupportContactFactory(staff=staff, created_by=staff, housing_requested=i % 2 == 0)
        stay = StayFactory(intake=today - dt.timedelta(days=30 + i))
        plan = PlanFactory(stay=stay, next_follow_up_on=today)
        ActivityFactory(goal__plan=plan, when=today - dt.timedelta(days=1))
        MeetingFactory(match=MatchFactory(resident=stay.resident))
        MatchFactory(status="proposed")


def _texts(response) -> list[str]:
    return [item.text for group in response.context["groups"] for item in group.items]


def test_staff_see_todays_contacts_plans_and_meetings(staff_client, staff):
    _work(2, staff)
    response = staff_client.get(reverse("home"))
    texts = _texts(response)
    assert "2 kontakter i dag · 2 av dig" in texts
    assert "1 förfrågan om skyddat boende i dag" in texts
    assert "2 aktiviteter att göra" in texts
    assert "2 planer att följa upp" in texts
    assert "2 träffar med kontaktkvinnor i dag" in texts
    assert "2 matchningar väntar på svar" in texts
    # Staff do not see the coordinator's work.
    titles = [group.title for group in response.context["groups"]]
    assert "Uppföljning" not in titles and "Dataskydd" not in titles and "Loggbok" not in titles
    html = response.content.decode()
    assert reverse("calls:contact_create") in html and "today-urgent" in html


def test_the_coordinator_also_sees_reports_alerts_and_retention(coordinator_client, coordinator):
    response = coordinator_client.get(reverse("home"))
    titles = [group.title for group in response.context["groups"]]
    assert {"Uppföljning", "Dataskydd", "Loggbok"} <= set(titles)
    assert "Gallringen har aldrig körts" in _texts(response)
    AuditEvent.objects.create(action=Action.PURGE, object_type="privacy.retentionpolicy", object_id="1")
    assert "Gallringen har aldrig körts" not in _texts(coordinator_client.get(reverse("home")))


def test_the_volunteer_lands_on_her_meetings(volunteer_client):
    response = volunteer_client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("volunteers:index")


def test_the_start_page_names_no_person(staff_client, staff):
    _work(2, staff)
    # Names no page chrome or staff name can contain by chance (a random first name could be the user's too).
    stays = list(__import__("residents.models", fromlist=["Stay"]).Stay.objects.select_related("resident"))
    for n, stay in enumerate(stays):
        stay.resident.first_name = f"Zyxvarda{n}"
        stay.resident.save()
    html = staff_client.get(reverse("home")).content.decode()
    for stay in stays:
        assert stay.resident.first_name not in html and stay.resident.case_number not in html


@pytest.mark.parametrize("rows", [2, 30])
def test_constant_queries_at_small_and_large_data(
    staff_client, coordinator_client, staff, rows, django_assert_max_num_queries
):
    _work(rows, staff)
    staff_client.get(reverse("home"))  # renews the session once
    coordinator_client.get(reverse("home"))
    # 19: the supervision group (regulation/today.py) reads routines, lex Sarah reports, children, permit changes.
    with django_assert_max_num_queries(19):
        assert staff_client.get(reverse("home")).status_code == 200
    # The coordinator's page also reads the first-run checklist (a fixed number of queries until it is done)
    # and the supervision group's permit changes, and brings the stored audit alerts up to date (a lock, the
    # scan mark, the outside-hours count, two finders over the events since the last look, one statement storing
    # what they found and the new mark, whether they found anything or not; then the count).
    with django_assert_max_num_queries(35):
        assert coordinator_client.get(reverse("home")).status_code == 200


def test_the_coordinators_alerts_are_the_stored_ones_of_the_last_day(coordinator_client, coordinator):
    # A lockout is an alert: stored by the start page's look at the new events, counted from the stored alerts.
    AuditEvent.objects.create(action=Action.LOCKOUT, object_type="accounts.user", object_id="1")
    assert "1 larm i granskningsloggen det senaste dygnet" in _texts(coordinator_client.get(reverse("home")))
    assert AuditAlert.objects.count() == 1
    # Two days later the alert stays in the log's longer window but leaves the start page.
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        later = signed_in_client(coordinator)  # the first session has long timed out
        assert "larm i granskningsloggen" not in " ".join(_texts(later.get(reverse("home"))))
    assert AuditAlert.objects.count() == 1
