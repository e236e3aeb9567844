"""The report's three years of support-line numbers come from the statistics cache, never a stale one (issue 9)."""

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from jour.calls.models import Kind, SupportContact
from jour.shelter.models import Municipality
from reporting.document import build_document
from reporting.models import FollowUpReport

from . import dataset
from .factories import make_report, shelter_in

# Committed writes, as in production: the statistics are cached only outside a writing transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _setup():
    # A transactional test starts from empty tables, without the municipalities migration loaded.
    for code, name in ((dataset.HOME, "Haninge"), (dataset.ELSEWHERE, "Tyresö")):
        Municipality.objects.get_or_create(
            code=code, defaults={"name": name, "county_code": "01", "county_name": "Stockholms län"}
        )
    cache.clear()
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        yield
    cache.clear()


def _build(report) -> tuple[dict, list[str]]:
    report = FollowUpReport.objects.get(pk=report.pk)  # nothing kept from an earlier build
    with CaptureQueriesContext(connection) as queries:
        document = build_document(report)
    return document, [q["sql"] for q in queries.captured_queries]


def _support_contacts(document) -> str:
    with translation.override("sv"):
        label = translation.gettext("Support contacts, total")
    return next(row[1] for q in document["questions"] for t in q["tables"] for row in t["rows"] if row[0] == label)


def test_a_report_reads_its_years_from_the_cache_until_one_of_their_contacts_changes(coordinator):
    shelter_in(dataset.HOME)
    for year in (2023, 2024, 2025):
        dataset.support_line(staff=coordinator, year=year, women=4, inside=3, contacts=20, offered=2, silent=2)
    report = make_report(by=coordinator)
    first, _queries = _build(report)
    assert _support_contacts(first) == "20"

    again, queries = _build(report)
    assert again == first
    contact_queries = [sql for sql in queries if "calls_" in sql]
    # One version per year for question 5's meeting counts, one for the report year's statistics; no
    # statistics computed.
    assert len(contact_queries) == 4
    assert all("calls_statisticsversion" in sql for sql in contact_queries)

    # One of the year's contacts changes: that year is computed afresh, the others stay cached.
    SupportContact.objects.filter(pk=SupportContact.objects.filter(started_at__year=2025).first().pk).update(
        kind=Kind.SILENT
    )
    changed, queries = _build(report)
    assert _support_contacts(changed) == "19"
    # 2025's three passes for the statistics, one for its meeting counts.
    assert len([sql for sql in queries if "calls_supportcontact" in sql]) == 4
