"""CheckedModelFormSet (jour/lib/formsets.py): a management form the page could not have sent saves nothing."""

import pytest
from django.urls import reverse

from jour.lib.formsets import STALE_OR_TAMPERED
from reporting.forms import AnswerFormSet, QuestionFormSet
from reporting.models import ReportQuestion
from residents.forms import ChildFormSet

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
    before = list(report.questions.values_list("pk", "answer"))
    data = _answers(report, initial=count, total=count + 1)  # one extra form, which the page never offers
    response = coordinator_client.post(reverse("reporting:report_answers", args=[report.pk]), data)
    assert response.status_code == 200
    assert "Sidan är inaktuell eller har ändrats utanför Jour" in response.content.decode()
    assert ReportQuestion.objects.filter(report=report).count() == count
    assert list(report.questions.values_list("pk", "answer")) == before


def test_the_untampered_answers_page_saves(coordinator, coordinator_client):
    report = make_report(by=coordinator)
    count = report.questions.count()
    response = coordinator_client.post(
        reverse("reporting:report_answers", args=[report.pk]), _answers(report, initial=count, answer="Nytt")
    )
    assert response.status_code == 302
    assert set(report.questions.values_list("answer", flat=True)) == {"Nytt"}


@pytest.mark.parametrize("formset_class", [QuestionFormSet, AnswerFormSet])
def test_an_inflated_total_builds_no_more_forms_than_the_page_offers(coordinator, formset_class):
    # Found by the sweep: TOTAL_FORMS=99999999999999999999 made Django build its ceiling of 2 000 forms and
    # render them with their errors, 14 s for one request.
    report = make_report(by=coordinator)
    questions = report.questions.order_by("position", "id")
    count = questions.count()
    data = {"form-TOTAL_FORMS": "99999999999999999999", "form-INITIAL_FORMS": str(count)}
    formset = formset_class(data, queryset=questions)
    assert not formset.is_valid()
    assert len(formset.forms) <= count + formset.extra
    assert STALE_OR_TAMPERED in formset.non_form_errors()


def test_the_admission_offers_at_most_eight_children_however_many_are_sent():
    data = {"children-TOTAL_FORMS": "99999999999999999999", "children-INITIAL_FORMS": "0"}
    formset = ChildFormSet(data, prefix="children")
    assert not formset.is_valid()
    assert len(formset.forms) <= 8
