from datetime import date

import pytest
from django.urls import reverse

from jour.audit.models import Action, AuditEvent

from .factories import ChildStayFactory, RoomFactory, StayFactory

URL = reverse("residents:stay_list")


@pytest.fixture
def stays(db):
    room = RoomFactory(beds=10)
    return {
        "unplaced_home": StayFactory(
            room=room,
            intake=date(2025, 3, 1),
            discharge=date(2025, 3, 20),
            placed_by_social_services=False,
            home_municipality_id="0136",
        ),
        "placed_home": StayFactory(
            resident__last_name="Hemligsdotter",  # a surname no signed-in user's random name can share
            room=room,
            intake=date(2025, 6, 1),
            discharge=date(2025, 7, 1),
            placed_by_social_services=True,
            home_municipality_id="0136",
        ),
        "unplaced_elsewhere": StayFactory(
            room=room,
            intake=date(2025, 12, 20),
            discharge=date(2026, 1, 10),
            placed_by_social_services=False,
            home_municipality_id="0126",
        ),
        "last_year": StayFactory(
            room=room,
            intake=date(2024, 2, 1),
            discharge=date(2024, 2, 10),
            placed_by_social_services=False,
            home_municipality_id="0136",
        ),
    }


def listed(client, **params) -> set[int]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return {stay.pk for stay in response.context["page"]}


def test_filters_by_period_placement_and_home_municipality(staff_client, stays):
    year = {"date_from": "2025-01-01", "date_to": "2025-12-31"}
    assert listed(staff_client, **year) == {stays[k].pk for k in ("unplaced_home", "placed_home", "unplaced_elsewhere")}
    assert listed(staff_client, **year, placed="no", home="0136") == {stays["unplaced_home"].pk}
    assert listed(staff_client, **year, placed="yes") == {stays["placed_home"].pk}
    event = AuditEvent.objects.filter(action=Action.VIEW, object_type="residents.stay").last()
    assert event.detail["list"] == "stays"


def test_bad_period_shows_an_error_and_no_stays(staff_client, stays):
    response = staff_client.get(URL, {"date_from": "2025-12-31", "date_to": "2025-01-01"})
    assert "date_to" in response.context["form"].errors
    assert list(response.context["page"]) == []


def test_shows_case_numbers_not_names(staff_client, stays):
    html = staff_client.get(URL).content.decode()
    resident = stays["placed_home"].resident
    assert resident.case_number in html and resident.last_name not in html


@pytest.mark.parametrize("count", [2, 30])
def test_constant_queries(staff_client, django_assert_max_num_queries, count):
    room = RoomFactory(beds=3)
    for n in range(count):
        stay = StayFactory(room=room, intake=date(2000 + n, 1, 1), discharge=date(2000 + n, 2, 1))
        ChildStayFactory(stay=stay)
    with django_assert_max_num_queries(16):
        assert staff_client.get(URL).status_code == 200


def test_volunteers_never_see_it(volunteer_client, stays):
    assert volunteer_client.get(URL).status_code == 404
