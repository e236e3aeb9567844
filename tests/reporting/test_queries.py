"""The statistics behind the report run a constant number of SQL queries whatever the data size."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reporting.document import build_document

from . import dataset
from .factories import (
    CompetenceDevelopmentFactory,
    DeviationFactory,
    FeedbackFactory,
    MediaFigureFactory,
    OutreachActivityFactory,
    PrintedFolderFactory,
    make_report,
    shelter_in,
)

pytestmark = pytest.mark.django_db

# Shelter profile, questions, the support-line statistics of 3 years, nights and nights per month, volunteer
# and plan statistics, the registers' GROUP BYs: the exact number depends on the other apps' stats.py, the
# point is that it does not grow with the data.
MAX_QUERIES = 60


def _data(coordinator, rows: int, first_number: int = 1) -> None:
    dataset.support_line(
        staff=coordinator,
        women=rows,
        inside=rows - 1,
        contacts=rows * 15,
        offered=rows // 2,
        silent=rows,
        first_number=first_number,
    )
    dataset.housing(placed=min(max(rows // 20, 1), 8), room=f"Rum {first_number}")
    for factory in (OutreachActivityFactory, FeedbackFactory, DeviationFactory, CompetenceDevelopmentFactory):
        factory.create_batch(rows)
    MediaFigureFactory.create_batch(rows, date=dt.date(2025, 6, 1))
    PrintedFolderFactory.create_batch(rows)


def _count_queries(report) -> tuple[int, dict]:
    report = type(report).objects.get(pk=report.pk)  # no statistics cached from an earlier build
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False), CaptureQueriesContext(connection) as queries:
        document = build_document(report)
    return len(queries), document


def test_building_the_report_runs_the_same_queries_at_small_and_large_data(coordinator):
    shelter_in("0136")
    _data(coordinator, 3)
    report = make_report(by=coordinator)
    small, document = _count_queries(report)
    assert document["questions"][5]["tables"][0]["rows"][0][1] == "3"

    _data(coordinator, 300, first_number=1000)
    large, document = _count_queries(report)
    assert document["questions"][5]["tables"][0]["rows"][0][1] == "303"
    assert small == large <= MAX_QUERIES


@pytest.mark.parametrize("rows", [3, 60])
def test_the_preview_and_index_run_a_constant_number_of_queries(
    coordinator, coordinator_client, django_assert_max_num_queries, rows
):
    shelter_in("0136")
    _data(coordinator, rows)
    reports = [make_report(by=coordinator, year=2025 - n) for n in range(3 if rows == 3 else 30)]
    with django_assert_max_num_queries(MAX_QUERIES + 15):
        response = coordinator_client.get(reverse("reporting:report_detail", args=[reports[0].pk]))
    assert response.status_code == 200
    with django_assert_max_num_queries(15):
        response = coordinator_client.get(reverse("reporting:index"))
    assert response.status_code == 200
