"""The statistics behind the report run a constant number of SQL queries whatever the data size."""

import datetime as dt

import pytest
import time_machine
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

# Shelter profile, questions, 3 years + the period of support-line statistics (5 queries each),
# nights and nights per month, volunteer and plan statistics, the registers' GROUP BYs.
MAX_QUERIES = 42


def _data(coordinator, rows: int) -> None:
    shelter_in("0136")
    dataset.support_line(
        staff=coordinator, women=rows, inside=rows - 1, contacts=rows * 15, offered=rows // 2, silent=rows
    )
    dataset.housing(placed=max(rows // 20, 1))
    for factory in (OutreachActivityFactory, FeedbackFactory, DeviationFactory, CompetenceDevelopmentFactory):
        factory.create_batch(rows)
    MediaFigureFactory.create_batch(rows, date=dt.date(2025, 6, 1))
    PrintedFolderFactory.create_batch(rows)


@pytest.mark.parametrize("rows", [3, 60])
def test_building_the_report_runs_a_constant_number_of_queries(coordinator, django_assert_max_num_queries, rows):
    _data(coordinator, rows)
    report = make_report(by=coordinator)
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False), django_assert_max_num_queries(MAX_QUERIES):
        document = build_document(report)
    assert document["questions"][5]["tables"][0]["rows"][0][1] == str(rows)


@pytest.mark.parametrize("rows", [3, 60])
def test_the_preview_and_index_run_a_constant_number_of_queries(
    coordinator, coordinator_client, django_assert_max_num_queries, rows
):
    _data(coordinator, rows)
    reports = [make_report(by=coordinator, year=2025 - n) for n in range(3 if rows == 3 else 30)]
    with django_assert_max_num_queries(MAX_QUERIES + 15):
        response = coordinator_client.get(reverse("reporting:report_detail", args=[reports[0].pk]))
    assert response.status_code == 200
    with django_assert_max_num_queries(15):
        response = coordinator_client.get(reverse("reporting:index"))
    assert response.status_code == 200
