"""CheckedModelFormSet (jour/lib/formsets.py): a management form the page could not have sent saves nothing."""

import pytest
from django.urls import reverse

from reporting.models import ReportQuestion

from ..reporting.factories import make_report

pytestmark = pytest.mark.django_db


def _answers(report, *, initial: int, total: int | None = None, answer: str = "Svar") -> dict:
    questions = list(report.questions.order_by("position", "id"))
    total = len(questions) if total is None else total
    data = {"form-TOTAL_FORMS": str(total), "form-INITIAL_FORMS": str(initial)}
    for index in range(total):
        if index < len(questions):
            data[f"form-{index}-id"] = str(questions[index].pk)
        data[f"form-{index}-answer"] = answer
    return data


@pytest.mark.parametrize("initial", [-1, 99])
def test_a_count_outside_the_rows_is_refused_with_a_message(coordinator, coordinator_client, initial):
    report = make_report(by=coordinator)
    before = list(report.questions.values_list("pk", "answer"))
    response = coordinator_client.post(
        reverse("reporting:report_answers", args=[report.pk]), _answers(report, initial=initial, total=2)
    )
    assert response.status_code == 200
    assert "Sidan är inaktuell eller har ändrats utanför Jour" in response.content.decode()
    assert list(report.questions.values_list("pk", "answer")) == before


def test_the_answers_page_never_adds_a_question(coordinator, coordinator_client):
    report = make_report(by=coordinator)
    count = report.questions.count()
    data = _answers(report, initial=count, total=count + 1)  # one extra form, as if the page had offered it
    response = coordinator_client.post(reverse("reporting:report_answers", args=[report.pk]), data)
    assert response.status_code == 302
    assert ReportQuestion.objects.filter(report=report).count() == count
    assert set(report.questions.values_list("answer", flat=True)) == {"Svar"}


def test_the_untampered_answers_page_saves(coordinator, coordinator_client):
    report = make_report(by=coordinator)
    count = report.questions.count()
    response = coordinator_client.post(
        reverse("reporting:report_answers", args=[report.pk]), _answers(report, initial=count, answer="Nytt")
    )
    assert response.status_code == 302
    assert set(report.questions.values_list("answer", flat=True)) == {"Nytt"}
