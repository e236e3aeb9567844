"""The results section (Q3 by default): self-assessment, plans, accompaniments, orientation, contact women."""

import datetime as dt

import pytest
from django.urls import reverse

from reporting.document import build_document
from residents.plans.models import Authority, SupportKind
from tests.plans.factories import (
    GoalFactory,
    OrientationProgressFactory,
    OrientationTopicFactory,
    PlanFactory,
    SelfAssessmentFactory,
    SupportEntryFactory,
)
from tests.residents.factories import ResidentFactory, StayFactory

from .factories import make_report, shelter_in

pytestmark = pytest.mark.django_db


def _women(count: int) -> list:
    topic = OrientationTopicFactory(name="Testområde för uppföljningen")
    women = []
    for n in range(count):
        woman = ResidentFactory()
        stay = StayFactory(resident=woman, intake=dt.date(2025, 2, 1), discharge=dt.date(2025, 9, 1))
        GoalFactory(plan=PlanFactory(stay=stay))
        SelfAssessmentFactory(resident=woman, total=20, answered_on=dt.date(2025, 2, 5))
        SelfAssessmentFactory(resident=woman, total=26, occasion="follow_up", answered_on=dt.date(2025, 8, 1))
        SupportEntryFactory(resident=woman, authority=Authority.POLICE, on=dt.date(2025, 3, 1 + n))
        OrientationProgressFactory(resident=woman, topic=topic, on=dt.date(2025, 4, 1))
        women.append(woman)
    SupportEntryFactory(
        resident=women[0], kind=SupportKind.CONTACT, authority=Authority.TAX_AGENCY, on=dt.date(2025, 5, 1)
    )
    return women


def _results(document: dict) -> dict:
    (question,) = [q for q in document["questions"] if q["block"] == "results"]
    return {table["title"]: table["rows"] for table in question["tables"]} | {"facts": question["facts"]}


def test_results_show_the_womens_progress_and_the_support_around_them(coordinator, coordinator_client):
    shelter_in("0136")
    _women(3)
    report = make_report(by=coordinator)
    results = _results(build_document(report))
    assert results["Förändring i självskattning (självkänsla, 10–40 poäng)"] == [
        ["Kvinnor som svarat minst två gånger", "3"],
        ["Genomsnittlig förändring, poäng", "+6,0"],
        ["Andel vars poäng ökat", "100 %"],
    ]
    assert ["Kvinnor med genomförandeplan", "3"] in results["Genomförandeplaner"]
    assert results["Medföljningar och kontakter med myndigheter"] == [
        ["Polisen", "3", "0"],
        ["Skatteverket", "0", "1"],
        ["Totalt", "3", "1"],
    ]
    assert results["Genomgångna områden i samhällsorientering"] == [["Testområde för uppföljningen", "3", "0"]]

    preview = coordinator_client.get(reverse("reporting:report_detail", args=[report.pk])).content.decode()
    assert reverse("plans:dashboard") in preview


def test_small_groups_are_not_shown(coordinator):
    shelter_in("0136")
    _women(2)
    results = _results(build_document(make_report(by=coordinator)))
    assert "Förändring i självskattning (självkänsla, 10–40 poäng)" not in results
    assert results["facts"][0][0] == "Självskattning (självkänsla)"
    assert ["Kvinnor med genomförandeplan", "<3"] in results["Genomförandeplaner"]
