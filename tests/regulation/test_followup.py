"""The follow-up's question 7 counts who was offered a place from the placement requests, not a guess; question 9
(the child perspective) counts the children's own placements, never naming a child."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from regulation.models import ChildPlan, LegalBasis, RequestOutcome, RequestSource, Schooling, TurnedAwayReason
from reporting import figures
from tests.reporting.factories import make_report, shelter_in
from tests.reporting.test_pdf import flat, pdf_pages, section
from tests.residents.factories import ChildFactory, ChildStayFactory, StayFactory

from .factories import ChildPlacementFactory, ChildViewFactory, PlacementRequestFactory

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


REQUESTS_TITLE = "Förfrågningar om plats från personer som bor i kommunen, utan socialtjänsten"
PERSONS_TITLE = "Personer boende i kommunen som bott i skyddat boende utan placering av socialtjänsten"
NIGHTS_TITLE = "Dygn i skyddat boende för dessa personer"


def _question_7_requests(staff):
    at = dt.datetime(2025, 4, 1, 10, tzinfo=TZ)
    _request(staff, at, RequestOutcome.ADMITTED, adults=1, children=2)
    _request(staff, at, RequestOutcome.DECLINED, source=RequestSource.OTHER_JOUR)
    for _ in range(3):
        _request(staff, at, RequestOutcome.TURNED_AWAY)
    _request(staff, at, RequestOutcome.ADMITTED, source=RequestSource.SOCIAL_SERVICES)  # placed: not counted


def test_question_7s_request_table_is_regulations_and_stands_first_in_the_housing_block(
    staff, coordinator, coordinator_client
):
    from regulation import followup
    from reporting.document import document_for
    from reporting.models import DataBlock

    assert figures.TABLES[DataBlock.HOUSING] == [followup.offers]
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        shelter_in("0136")
        _question_7_requests(staff)
        report = make_report(by=coordinator, year=2025)
        block = figures.housing(report)
        assert [table.title for table in block.tables] == [REQUESTS_TITLE, PERSONS_TITLE, NIGHTS_TITLE]
        assert block.chart == "nights"
        question = next(q for q in document_for(report)["questions"] if q["block"] == DataBlock.HOUSING)
        assert [table["title"] for table in question["tables"]] == [REQUESTS_TITLE, PERSONS_TITLE, NIGHTS_TITLE]
        assert question["tables"][0]["columns"] == ["Förfrågningar", "Förfrågningar", "Vuxna", "Barn"]
        assert question["tables"][0]["rows"] == [
            ["Förfrågningar, totalt", "5", "5", "<3"],
            ["Erbjöds plats", "<3", "<3", "<3"],
            ["Avvisade", "3", "3", "0"],
        ]
        # The preview shows it in the same place, with the link to the requests it counts.
        html = coordinator_client.get(reverse("reporting:report_detail", args=[report.pk])).content.decode()
        q7 = html[html.index('<h2 class="report-q-title">7. ') : html.index('<h2 class="report-q-title">8. ')]
        assert q7.index(REQUESTS_TITLE) < q7.index(PERSONS_TITLE) < q7.index(NIGHTS_TITLE)
        assert 'href="/regulation/requests/?date_from=2025-01-01&amp;date_to=2025-12-31"' in q7


def test_the_follow_up_pdf_shows_the_requests_first_under_question_7(staff, coordinator, coordinator_client):
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        shelter_in("0136")
        _question_7_requests(staff)
        report = make_report(by=coordinator, year=2025, suppress_small_counts=False)
        pages = pdf_pages(coordinator_client, report)
    q7 = section(pages, 7, "Hur många personer boende i kommunen utan kontakt", "Hur ser tillgängligheten")
    assert q7.index(REQUESTS_TITLE) < q7.index(PERSONS_TITLE) < q7.index(NIGHTS_TITLE)
    assert "Förfrågningar Förfrågningar Vuxna Barn" in q7
    assert "Förfrågningar, totalt 5 5 2" in q7
    assert "Erbjöds plats 2 2 2" in q7
    assert "Avvisade 3 3 0" in q7
    assert "Räkneregel: Förfrågningar som kommit in under perioden från kvinnan själv" in q7


def test_without_a_contributed_table_question_7_shows_its_persons_and_nights(
    staff, coordinator, coordinator_client, monkeypatch
):
    """Regulation not installed, or contributing nothing: no request table and no empty place for one (nor a "not
    available" line); question 7 shows its persons, nights and chart as always."""
    from django.core.exceptions import ImproperlyConfigured

    from reporting.models import DataBlock

    monkeypatch.setattr(figures, "TABLES", {DataBlock.HOUSING: []})
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        shelter_in("0136")
        _question_7_requests(staff)
        report = make_report(by=coordinator, year=2025)
        block = figures.housing(report)
        assert [table.title for table in block.tables] == [PERSONS_TITLE, NIGHTS_TITLE]
        assert block.chart == "nights"
        q7 = section(
            pdf_pages(coordinator_client, report),
            7,
            "Hur många personer boende i kommunen utan kontakt",
            "Hur ser tillgängligheten",
        )
    assert PERSONS_TITLE in q7 and NIGHTS_TITLE in q7 and "Dygn per månad för dessa personer" in q7
    assert "Förfrågningar" not in q7
    # Only a block made here that places contributed tables takes one.
    with pytest.raises(ImproperlyConfigured):
        figures.contribute_table(DataBlock.ACCESSIBILITY)(lambda report: figures.Table("", [], []))
    assert DataBlock.ACCESSIBILITY not in figures.TABLES


def _children_in_2025(count: int, **placement) -> list:
    """`count` children, each with her mother in a stay of her own in 2025, each with the same placement."""
    child_stays = []
    for _ in range(count):
        stay = StayFactory(
            intake=dt.date(2025, 5, 1), discharge=dt.date(2025, 6, 1), resident__last_name="Quistgaard-Test"
        )
        child_stay = ChildStayFactory(stay=stay, child=ChildFactory(mother=stay.resident, first_name="Zelmira"))
        if placement:
            ChildPlacementFactory(child_stay=child_stay, **placement)
        child_stays.append(child_stay)
    return child_stays


def test_the_child_perspective_question_counts_the_childrens_own_placements(staff, coordinator):
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        shelter_in("0136")
        (decided,) = _children_in_2025(
            1,
            legal_basis=LegalBasis.LAW_2024_79,
            schooling=Schooling.TEMPORARY,
            health_exam_offered_on=dt.date(2025, 5, 5),
        )
        ChildPlan.objects.create(child_stay=decided, goals="Trygghet.")
        ChildViewFactory(child_stay=decided, recorded_on=dt.date(2025, 5, 10))
        _children_in_2025(1)  # nothing recorded
        # A child whose stay ended before the period is not counted.
        old = StayFactory(intake=dt.date(2024, 3, 1), discharge=dt.date(2024, 4, 1))
        ChildStayFactory(stay=old, child=ChildFactory(mother=old.resident))
        report = make_report(by=coordinator, year=2025)
        question = report.questions.get(text__contains="barnperspektiv")
        assert question.data_block == "children"
        basis, schooling, health = figures.block_for(report, question.data_block).tables
        rows = {row[0]: row[1] for row in basis.rows}
        assert rows["Barn som bott här"] == 2
        assert rows["Lag (2024:79), utan en vårdnadshavares samtycke"] == 1 and rows["Inte registrerat"] == 1
        assert rows["LVU"] == 0
        rows = {row[0]: row[1] for row in schooling.rows}
        assert rows["En tillfällig skola eller förskola"] == 1 and rows["Inte registrerat"] == 1
        rows = {row[0]: row[1] for row in health.rows}
        assert rows["Hälsoundersökning erbjuden"] == 1 and rows["Hälsoundersökning genomförd"] == 0
        assert rows["Med en egen plan"] == 1 and rows["Med egna synpunkter registrerade"] == 1
        # Counts only: every table counts persons (so 1 and 2 are shown as "<3"), none names a child.
        assert {table.kind for table in (basis, schooling, health)} == {figures.PERSONS}
        assert all(
            isinstance(value, int) for table in (basis, schooling, health) for row in table.rows for value in row[1:]
        )


def test_the_follow_up_pdf_shows_the_childrens_counts_under_question_9_and_names_no_child(
    staff, coordinator, coordinator_client
):
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        shelter_in("0136")
        _children_in_2025(
            3,
            legal_basis=LegalBasis.SOL_CONSENT,
            schooling=Schooling.CONTINUED,
            health_exam_offered_on=dt.date(2025, 5, 5),
            health_exam_done_on=dt.date(2025, 5, 20),
        )
        _children_in_2025(1, legal_basis=LegalBasis.LVU, schooling=Schooling.NOT_OF_AGE)
        report = make_report(by=coordinator, year=2025)
        pages = pdf_pages(coordinator_client, report)
    q9 = section(pages, 9, "Hur säkerställer föreningen ett tydligt barnperspektiv", "Hur säkerställer föreningen att")
    assert "Barnens egna placeringar efter beslutsunderlag" in q9
    assert "Barn som bott här 4" in q9
    assert "Socialtjänstlagen, med båda vårdnadshavarnas samtycke 3" in q9
    assert "LVU <3" in q9  # one child: a small count is not shown
    assert "Inte registrerat 0" in q9
    assert "Fortsatt i sin vanliga skola eller förskola 3" in q9
    assert "Hälsoundersökning erbjuden 3" in q9 and "Hälsoundersökning genomförd 3" in q9
    assert "Med en egen plan 0" in q9
    text = flat(" ".join(pages))
    assert "Zelmira" not in text and "Quistgaard" not in text


def test_question_9s_numbers_come_from_regulation_through_reportings_hook_and_only_from_there():
    from django.core.exceptions import ImproperlyConfigured

    from regulation import followup
    from reporting.models import DataBlock

    assert figures.BLOCKS[DataBlock.CHILDREN] is followup.children
    with pytest.raises(ImproperlyConfigured):
        figures.contribute(DataBlock.CHILDREN)(lambda report: figures.Block())
    assert figures.BLOCKS[DataBlock.CHILDREN] is followup.children
