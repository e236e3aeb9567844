"""Every page of the regulation app costs the same queries with 3 or 40 of everything (bound: measured + 2)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from regulation.models import LegalBasis, PermitChange, PermitChangeKind
from tests.calls.factories import SupportContactFactory
from tests.reporting.factories import DeviationFactory
from tests.residents.factories import ChildFactory, ChildStayFactory, RoomFactory, StayFactory

from .factories import ChildPlacementFactory, ChildViewFactory, PlacementRequestFactory, RoutineFactory, premises_with

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        yield


def _population(n: int, staff) -> dict:
    rooms = [RoomFactory(beds=4) for _ in range(n)]
    premises_with(*rooms, places=4 * n)
    child_stays = []
    for room in rooms:
        stay = StayFactory(room=room, intake=dt.date(2026, 1, 10))
        for _ in range(2):
            child_stay = ChildStayFactory(stay=stay, child=ChildFactory(mother=stay.resident))
            ChildPlacementFactory(child_stay=child_stay, legal_basis=LegalBasis.SOL_CONSENT)
            ChildViewFactory(child_stay=child_stay, recorded_by=staff)
            child_stays.append(child_stay)
        PlacementRequestFactory(created_by=staff, received_at=dt.datetime(2026, 2, 1, 10, tzinfo=dt.UTC))
        RoutineFactory(owner=staff, next_review_on=dt.date(2026, 3, 10))
        DeviationFactory(kind="lex_sarah", date=dt.date(2026, 1, 5))
        PermitChange.objects.create(kind=PermitChangeKind.PLACES, description="Huset")
        SupportContactFactory(staff=staff, started_at=dt.datetime(2025, 5, 1, 10, tzinfo=dt.UTC))
    return {"child_stay": child_stays[0], "child": child_stays[0].child}


@pytest.mark.parametrize("n", [3, 40])
def test_pages_run_constant_queries(staff, staff_client, coordinator_client, n, django_assert_max_num_queries):
    world = _population(n, staff)
    staff_client.get(reverse("regulation:index"))  # the shelter profile and the permit row on first use
    pages = [
        (staff_client, reverse("regulation:index"), 16),
        (staff_client, reverse("regulation:permit"), 13),
        (staff_client, reverse("regulation:children"), 10),
        (staff_client, reverse("regulation:child_stay", args=[world["child_stay"].pk]), 13),
        (staff_client, reverse("regulation:request_list"), 12),
        (staff_client, reverse("regulation:routine_list"), 9),
        (staff_client, reverse("regulation:statistics") + "?year=2025", 32),
        (staff_client, reverse("residents:board"), 13),
        (staff_client, reverse("residents:child_detail", args=[world["child"].pk]), 12),
        (staff_client, reverse("reporting:register_list", args=["deviations"]), 11),
    ]
    for client, url, most in pages:
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200, url
