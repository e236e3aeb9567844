"""The follow-up's question 7 counts who was offered a place from the placement requests, not a guess."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from regulation.models import RequestOutcome, RequestSource, TurnedAwayReason
from reporting import figures
from tests.reporting.factories import make_report, shelter_in

from .factories import PlacementRequestFactory

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Europe/Stockholm")


def _request(staff, when, outcome, *, source=RequestSource.HERSELF, municipality="0136", adults=1, children=0):
    return PlacementRequestFactory(
        created_by=staff,
        received_at=when,
        answered_at=when + dt.timedelta(hours=1),
        outcome=outcome,
        turned_away_reason=TurnedAwayReason.FULL if outcome == RequestOutcome.TURNED_AWAY else "",
        source=source,
        municipality_id=municipality,
        adults=adults,
        children=children,
    )


def test_question_7_counts_requests_without_social_services_from_the_municipality(staff, coordinator):
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        shelter_in("0136")
        at = dt.datetime(2025, 4, 1, 10, tzinfo=TZ)
        _request(staff, at, RequestOutcome.ADMITTED, children=2)  # herself, Haninge: offered
        _request(staff, at, RequestOutcome.DECLINED, source=RequestSource.OTHER_JOUR)  # offered, not taken
        _request(staff, at, RequestOutcome.TURNED_AWAY)  # turned away
        _request(staff, at, RequestOutcome.ADMITTED, source=RequestSource.SOCIAL_SERVICES)  # placed: not counted
        _request(staff, at, RequestOutcome.ADMITTED, municipality="0126")  # another municipality: not counted
        _request(staff, dt.datetime(2024, 12, 31, 12, tzinfo=TZ), RequestOutcome.ADMITTED)  # the year before
        report = make_report(by=coordinator, year=2025)
        table = figures.housing(report).tables[0]
        rows = {row[0]: row[1:] for row in table.rows}
        assert rows["Förfrågningar, totalt"] == [3, 3, 2]
        assert rows["Erbjöds plats"] == [2, 2, 2]
        assert rows["Avvisade"] == [1, 1, 0]
        assert table.link.startswith("/regulation/requests/?date_from=2025-01-01")
