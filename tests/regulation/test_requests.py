"""Placement requests: anonymous, validated next to the field, guarded by the database, and counted."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from jour.audit.models import Action, AuditEvent
from regulation.models import PlacementRequest, RequestOutcome, RequestSource, TurnedAwayReason
from regulation.requests import request_statistics
from regulation.umbrella import umbrella_statistics
from tests.residents.factories import StayFactory

from .factories import PlacementRequestFactory

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Europe/Stockholm")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        yield


def _form(**overrides) -> dict:
    data = {
        "received_at": "2026-02-20T09:30",
        "source": RequestSource.SOCIAL_SERVICES,
        "municipality": "0136",
        "adults": "1",
        "children": "2",
        "needs": ["reinforced_security"],
        "outcome": RequestOutcome.TURNED_AWAY,
        "turned_away_reason": TurnedAwayReason.FULL,
        "answered_at": "2026-02-20T10:15",
    }
    data.update(overrides)
    return data


def test_staff_log_a_turned_away_request_and_it_counts_in_the_statistics_and_the_umbrella_figures(staff_client):
    response = staff_client.post(reverse("regulation:request_create"), _form())
    assert response.status_code == 302
    request = PlacementRequest.objects.get()
    assert request.time_to_answer == dt.timedelta(minutes=45)
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="regulation.placementrequest").exists()
    stats = request_statistics(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    assert (stats.requests, stats.turned_away, stats.turned_away_adults, stats.turned_away_children) == (1, 1, 1, 2)
    assert stats.turned_away_by_reason[TurnedAwayReason.FULL] == 1 and stats.offered == 0
    assert stats.mean_hours_to_answer == 0.75
    umbrella = umbrella_statistics(year=2026)
    rows = {row[0]: row[1:] for row in umbrella.table("requests").rows}
    assert rows["Avvisade"] == [1, 1, 2]
    assert rows["– Ingen ledig plats"] == [1, "", ""]
    page = staff_client.get(reverse("regulation:request_list"))
    assert page.context["stats"].turned_away == 1
    assert 'data-testid="turned-away">1<' in page.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"turned_away_reason": ""}, "turned_away_reason"),
        ({"outcome": RequestOutcome.ADMITTED}, "turned_away_reason"),
        ({"answered_at": ""}, "answered_at"),
        ({"answered_at": "2026-02-20T08:00"}, "answered_at"),
        ({"received_at": "2026-03-02T08:00"}, "received_at"),
        ({"adults": "0", "children": "0"}, "adults"),
        ({"outcome": RequestOutcome.PENDING, "turned_away_reason": ""}, "outcome"),
        ({"received_at": "not a time"}, "received_at"),
    ],
)
def test_bad_input_is_refused_next_to_the_field(staff_client, overrides, field):
    response = staff_client.post(reverse("regulation:request_create"), _form(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not PlacementRequest.objects.exists()


def test_the_database_refuses_an_inconsistent_request(staff):
    for fields in (
        {"outcome": RequestOutcome.TURNED_AWAY, "answered_at": dt.datetime(2026, 2, 1, 12, tzinfo=TZ)},
        {"outcome": RequestOutcome.ADMITTED},
        {"outcome": RequestOutcome.PENDING, "stay": StayFactory()},
        {"adults": 0, "children": 0},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            PlacementRequestFactory(created_by=staff, received_at=dt.datetime(2026, 2, 1, 10, tzinfo=TZ), **fields)


def test_an_admitted_request_links_her_stay_and_counts_as_offered(staff_client, staff):
    stay = StayFactory(intake=dt.date(2026, 2, 21))
    response = staff_client.post(
        reverse("regulation:request_create"),
        _form(outcome=RequestOutcome.ADMITTED, turned_away_reason="", stay=stay.pk, source=RequestSource.HERSELF),
    )
    assert response.status_code == 302
    assert PlacementRequest.objects.get().stay == stay
    PlacementRequestFactory(
        created_by=staff,
        received_at=dt.datetime(2026, 2, 2, 10, tzinfo=TZ),
        answered_at=dt.datetime(2026, 2, 2, 12, tzinfo=TZ),
        outcome=RequestOutcome.DECLINED,
        adults=1,
        children=1,
    )
    stats = request_statistics(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    assert (stats.offered, stats.offered_adults, stats.offered_children) == (2, 2, 3)
    herself = request_statistics(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), source=RequestSource.HERSELF)
    assert herself.offered == 1
