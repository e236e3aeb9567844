"""The document of a draft comes from the shared cache while nothing it reads has changed (issue 19 item 3)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jour.shelter.models import Municipality, ShelterProfile
from regulation.models import (
    ChildPlacement,
    ChildPlan,
    ChildView,
    LegalBasis,
    PlacementRequest,
    RequestOutcome,
    RequestSource,
    TurnedAwayReason,
)
from reporting.document import document_for, document_key
from reporting.models import FollowUpReport, ReportQuestion
from reporting.versions import READS
from residents.models import ChildStay, Resident, Room, Stay

from . import dataset
from .factories import OutreachActivityFactory, make_report, shelter_in

# Committed writes, as in production: documents are cached only outside a writing transaction.
pytestmark = pytest.mark.django_db(transaction=True)

TZ = ZoneInfo("Europe/Stockholm")
STATISTICS_TABLES = (
    "calls_supportcontact",
    "residents_stay",
    "plans_",
    "volunteers_",
    "reporting_outreach",
    "regulation_",
)


@pytest.fixture(autouse=True)
def _setup():
    for code, name in ((dataset.HOME, "Haninge"), (dataset.ELSEWHERE, "Tyresö")):
        Municipality.objects.get_or_create(
            code=code, defaults={"name": name, "county_code": "01", "county_name": "Stockholms län"}
        )
    cache.clear()
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        yield
    cache.clear()


@pytest.fixture
def report(coordinator):
    shelter_in(dataset.HOME)
    dataset.support_line(staff=coordinator, women=4, inside=3, contacts=20, offered=2, silent=2)
    dataset.housing()
    # A woman of the municipality without a placement: question 7 counts her nights (the discharge below).
    Stay.objects.create(
        resident=Resident.objects.create(first_name="Egen", last_name="Boende", birth_year=1985),
        room=Room.objects.first(),
        intake=dt.date(2025, 10, 1),
        discharge=dt.date(2025, 12, 31),
        placed_by_social_services=False,
        home_municipality_id=dataset.HOME,
    )
    return make_report(by=coordinator)


def _placement_request(received_at: dt.datetime) -> PlacementRequest:
    return PlacementRequest.objects.create(
        received_at=received_at,
        source=RequestSource.HERSELF,
        municipality_id=dataset.HOME,
        adults=1,
        outcome=RequestOutcome.TURNED_AWAY,
        turned_away_reason=TurnedAwayReason.FULL,
        answered_at=received_at + dt.timedelta(hours=1),
        created_by=_someone(),
    )


def _someone():
    return get_user_model().objects.order_by("pk").first()


def _child_stay_of(year: int) -> ChildStay:
    return ChildStay.objects.filter(stay__intake__year=year).order_by("pk").first()


def _preview(report) -> tuple[dict, list[str]]:
    report = FollowUpReport.objects.select_related("municipality").get(pk=report.pk)
    with CaptureQueriesContext(connection) as queries:
        document = document_for(report)
    return document, [q["sql"] for q in queries.captured_queries]


def _statistics(queries: list[str]) -> list[str]:
    return [sql for sql in queries if any(table in sql for table in STATISTICS_TABLES)]


def _key(report) -> str:
    return document_key(FollowUpReport.objects.get(pk=report.pk))


def test_every_table_the_report_reads_keeps_versions():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname LIKE 'reporting_versions_%%' GROUP BY c.relname"
        )
        triggers = dict(cursor.fetchall())
    assert triggers == {table: 4 for table in READS}


def test_an_unchanged_closed_period_does_no_statistics_work(report):
    first, queries = _preview(report)
    assert _statistics(queries)
    again, queries = _preview(report)
    assert again == first
    assert _statistics(queries) == []
    assert len(queries) == 1  # the versions of what it reads


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(
            lambda: Stay.objects.create(
                resident=Resident.objects.create(first_name="Ny", last_name="Boende", birth_year=1980),
                room=Room.objects.first(),
                intake=dt.date(2025, 11, 20),
                discharge=dt.date(2025, 12, 1),
                placed_by_social_services=False,
                home_municipality_id=dataset.HOME,
            ),
            id="a stay in the period",
        ),
        pytest.param(
            lambda: Stay.objects.filter(intake__year=2025).update(discharge=dt.date(2025, 12, 30)), id="a discharge"
        ),
        pytest.param(lambda: OutreachActivityFactory(date=dt.date(2025, 6, 1)), id="a register entry"),
        pytest.param(lambda: ReportQuestion.objects.update(answer="Ett nytt svar"), id="an answer"),
        pytest.param(
            lambda: ShelterProfile.objects.update(opening_hours="Dygnet runt"), id="the shelter's opening hours"
        ),
        pytest.param(lambda: _placement_request(dt.datetime(2025, 6, 1, 10, tzinfo=TZ)), id="a request (Q7)"),
        pytest.param(
            lambda: ChildPlacement.objects.create(child_stay=_child_stay_of(2025), legal_basis=LegalBasis.LVU),
            id="a child's placement (Q9)",
        ),
        pytest.param(lambda: ChildPlan.objects.create(child_stay=_child_stay_of(2025), goals="Trygghet."), id="a plan"),
        pytest.param(
            lambda: ChildView.objects.create(
                child_stay=_child_stay_of(2025),
                recorded_on=dt.date(2025, 3, 1),
                obtained_by="conversation",
                text="Bra.",
                recorded_by=_someone(),
            ),
            id="a child's views",
        ),
    ],
)
def test_a_write_the_period_can_see_builds_it_anew(report, write):
    first, _queries = _preview(report)
    key = _key(report)
    write()
    assert _key(report) != key
    changed, queries = _preview(report)
    assert changed != first
    assert _statistics(queries)


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(
            lambda: Stay.objects.create(
                resident=Resident.objects.create(first_name="Ny", last_name="Boende", birth_year=1980),
                room=Room.objects.first(),
                intake=dt.date(2026, 2, 1),
                placed_by_social_services=True,
                home_municipality_id=dataset.HOME,
            ),
            id="a stay begun after the period",
        ),
        pytest.param(lambda: OutreachActivityFactory(date=dt.date(2026, 2, 1)), id="a register entry after it"),
        pytest.param(lambda: _placement_request(dt.datetime(2026, 2, 1, 10, tzinfo=TZ)), id="a request after it"),
    ],
)
def test_a_write_after_the_period_keeps_its_document(report, write):
    _preview(report)
    key = _key(report)
    write()
    assert _key(report) == key
    _document, queries = _preview(report)
    assert _statistics(queries) == []


def test_a_new_day_dates_the_document_anew_and_the_nightly_warming_builds_it(report, coordinator):
    _preview(report)
    with time_machine.travel("2026-03-02 02:00 +0100", tick=False):
        call_command("warm_reports", stdout=open("/dev/null", "w"))
        document, queries = _preview(report)
    assert _statistics(queries) == []
    assert document["date"] == "2 mars 2026"


def test_a_transaction_that_has_written_builds_without_the_cache(report, coordinator):
    from django.db import transaction

    _preview(report)
    with transaction.atomic():
        ShelterProfile.objects.update(opening_hours="Dygnet runt")
        assert _key(report) is None
        _document, queries = _preview(report)
        assert _statistics(queries)


def test_an_unchanged_document_is_rendered_to_pdf_once(report, monkeypatch):
    """The PDF is kept under the hash of its HTML: the same document gives the same file without WeasyPrint."""
    from reporting import output

    renders = []
    real = output.html_to_pdf
    monkeypatch.setattr(output, "html_to_pdf", lambda html: renders.append(html) or real(html))
    document, _queries = _preview(report)
    first = output.render_pdf(document)
    assert output.render_pdf(document) == first and first.startswith(b"%PDF")
    assert len(renders) == 1
    ReportQuestion.objects.update(answer="Ett nytt svar")
    changed, _queries = _preview(report)
    assert output.render_pdf(changed) != first and len(renders) == 2
