"""Creating, answering, sending and re-opening follow-up reports; the exports and their audit."""

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from jour.audit.models import Action, AuditEvent
from reporting.models import FollowUpReport, ReportQuestion, ReportStatus
from reporting.questions import DEFAULT_QUESTIONS

from .factories import FeedbackFactory, make_report, shelter_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        yield


def _form(**overrides) -> dict:
    data = {
        "municipality": "0136",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "years_side_by_side": 3,
        "due_date": "2026-03-31",
        "suppress_small_counts": "on",
    }
    data.update(overrides)
    return data


def test_new_report_defaults_to_last_year_and_the_shelters_municipality(coordinator_client):
    shelter_in("0136")
    form = coordinator_client.get(reverse("reporting:report_create")).context["form"]
    assert form["municipality"].value() == "0136"
    assert form["period_start"].value() == dt.date(2025, 1, 1)
    assert form["period_end"].value() == dt.date(2025, 12, 31)


def test_the_first_report_gets_the_thirteen_default_questions_in_swedish(coordinator_client):
    response = coordinator_client.post(reverse("reporting:report_create"), _form())
    report = FollowUpReport.objects.get()
    assert response["Location"] == reverse("reporting:report_answers", args=[report.pk])
    texts = list(report.questions.order_by("position").values_list("text", flat=True))
    assert len(texts) == 13 == len(DEFAULT_QUESTIONS)
    assert texts[5] == "Hur många har fått råd och stöd?"
    assert report.status == ReportStatus.DRAFT and report.version == 1
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="reporting.followupreport").exists()


def test_answers_are_prefilled_from_the_previous_report(coordinator, coordinator_client):
    previous = make_report(by=coordinator, year=2024)
    previous.questions.filter(position=9).update(answer="Varje barn har en egen kontaktperson.")
    previous.questions.filter(position=12).delete()
    coordinator_client.post(reverse("reporting:report_create"), _form())
    report = FollowUpReport.objects.get(period_start=dt.date(2025, 1, 1))
    assert report.questions.count() == 12
    assert report.questions.get(position=9).answer == "Varje barn har en egen kontaktperson."


def test_end_before_start_is_refused_next_to_the_field(coordinator_client):
    response = coordinator_client.post(reverse("reporting:report_create"), _form(period_end="2024-12-31"))
    assert response.status_code == 200
    assert response.context["form"].errors["period_end"] == ["Perioden kan inte sluta innan den börjar."]
    assert 'id="error_1_id_period_end"' in response.content.decode()
    assert not FollowUpReport.objects.exists() and not ReportQuestion.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("period_start", "not-a-date"),
        ("municipality", "9999"),
        ("years_side_by_side", "0"),
        ("years_side_by_side", "9"),
    ],
)
def test_bad_report_input_is_refused(coordinator_client, field, value):
    response = coordinator_client.post(reverse("reporting:report_create"), _form(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not FollowUpReport.objects.exists()


def test_a_second_report_for_the_same_period_warns_and_is_allowed_as_a_new_version(coordinator_client):
    coordinator_client.post(reverse("reporting:report_create"), _form())
    response = coordinator_client.post(reverse("reporting:report_create"), _form())
    assert response.status_code == 200
    assert "Det finns redan en uppföljning till Haninge" in response.context["form"].errors["confirm_new_version"][0]
    assert FollowUpReport.objects.count() == 1

    response = coordinator_client.post(reverse("reporting:report_create"), _form(confirm_new_version="on"))
    assert response.status_code == 302
    first, second = FollowUpReport.objects.order_by("version")
    assert (first.version, second.version) == (1, 2)
    assert second.previous_version == first
    detail = coordinator_client.get(reverse("reporting:report_detail", args=[second.pk])).content.decode()
    assert "Det finns andra versioner för samma kommun och period" in detail


def test_the_coordinator_writes_answers_and_the_preview_shows_them(coordinator, coordinator_client, staff_client):
    report = make_report(by=coordinator)
    questions = list(report.questions.order_by("position"))
    data = {"form-TOTAL_FORMS": len(questions), "form-INITIAL_FORMS": len(questions)}
    for i, question in enumerate(questions):
        data[f"form-{i}-id"] = question.pk
        data[f"form-{i}-answer"] = "Vi erbjuder stödsamtal." if i == 0 else ""
    response = coordinator_client.post(reverse("reporting:report_answers", args=[report.pk]), data)
    assert response.status_code == 302
    change = AuditEvent.objects.get(action=Action.CHANGE, object_type="reporting.reportquestion")
    assert change.fields == ["answer"] and "stödsamtal" not in str(change.detail)
    # Staff may read the draft.
    preview = staff_client.get(reverse("reporting:report_detail", args=[report.pk])).content.decode()
    assert "Vi erbjuder stödsamtal." in preview
    assert "Hur många har fått råd och stöd?" in preview


def test_questions_can_be_edited_to_follow_another_questionnaire(coordinator, coordinator_client):
    report = make_report(by=coordinator)
    questions = list(report.questions.order_by("position"))
    data = {"questions-TOTAL_FORMS": len(questions) + 1, "questions-INITIAL_FORMS": len(questions)}
    for i, q in enumerate(questions):
        data.update({f"questions-{i}-id": q.pk, f"questions-{i}-position": q.position, f"questions-{i}-text": q.text})
        data[f"questions-{i}-data_block"] = q.data_block
        if i > 0:
            data[f"questions-{i}-DELETE"] = "on"
    n = len(questions)
    data.update({f"questions-{n}-position": 2, f"questions-{n}-text": "Hur många fick råd?"})
    data[f"questions-{n}-data_block"] = "support_contacts"
    response = coordinator_client.post(reverse("reporting:report_questions", args=[report.pk]), data)
    assert response.status_code == 302
    assert list(report.questions.order_by("position").values_list("text", "data_block")) == [
        (questions[0].text, ""),
        ("Hur många fick råd?", "support_contacts"),
    ]


def test_marking_sent_freezes_the_report_and_a_new_version_can_start(coordinator, coordinator_client):
    report = make_report(by=coordinator)
    FeedbackFactory(date=dt.date(2025, 5, 5))
    response = coordinator_client.post(reverse("reporting:report_send", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SENT and report.sent_on == dt.date(2026, 3, 1)
    assert report.snapshot["questions"][12]["tables"][0]["rows"][1] == ["Klagomål", "0", "0", "0", "1"]
    # Frozen: its edit pages are gone, sending again changes nothing.
    for name in ["report_edit", "report_answers", "report_questions"]:
        assert coordinator_client.get(reverse(f"reporting:{name}", args=[report.pk])).status_code == 404
    assert coordinator_client.post(reverse("reporting:report_send", args=[report.pk])).status_code == 404

    response = coordinator_client.post(reverse("reporting:report_new_version", args=[report.pk]))
    draft = FollowUpReport.objects.exclude(pk=report.pk).get()
    assert response["Location"] == reverse("reporting:report_answers", args=[draft.pk])
    assert (draft.version, draft.status, draft.previous_version) == (2, ReportStatus.DRAFT, report)
    assert draft.questions.count() == report.questions.count()


def test_exports_are_named_without_personal_data_and_audited(coordinator, coordinator_client):
    report = make_report(by=coordinator)
    FeedbackFactory(date=dt.date(2025, 5, 5))
    csv = coordinator_client.get(reverse("reporting:report_csv", args=[report.pk]))
    assert csv["Content-Disposition"] == 'attachment; filename="uppfoljning-0136-2025.csv"'
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Fråga;Tabell;Rad;Kolumn;Värde"
    assert "13;Synpunkter, klagomål, avvikelser och lex Sarah-rapporter per år;Klagomål;2025;1" in text

    xlsx = coordinator_client.get(reverse("reporting:report_xlsx", args=[report.pk]))
    assert xlsx["Content-Disposition"] == 'attachment; filename="uppfoljning-0136-2025.xlsx"'
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert [13, "Synpunkter, klagomål, avvikelser och lex Sarah-rapporter per år", "Klagomål", 2025, 1] in rows

    pdf = coordinator_client.get(reverse("reporting:report_pdf", args=[report.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="uppfoljning-0136-2025.pdf"'
    exports = AuditEvent.objects.filter(action=Action.EXPORT, object_type="reporting.followupreport")
    assert sorted(e.detail["format"] for e in exports) == ["csv", "pdf", "xlsx"]


def test_file_name_of_a_later_version_and_a_partial_period(coordinator):
    report = make_report(by=coordinator, period_start=dt.date(2025, 3, 1), period_end=dt.date(2025, 8, 31))
    assert report.file_stem == "uppfoljning-0136-2025-03-01-2025-08-31"
    again = make_report(by=coordinator, period_start=dt.date(2025, 3, 1), period_end=dt.date(2025, 8, 31))
    assert again.file_stem == "uppfoljning-0136-2025-03-01-2025-08-31-v2"


def test_staff_may_view_but_not_export_or_send(coordinator, staff_client):
    report = make_report(by=coordinator)
    assert staff_client.get(reverse("reporting:report_detail", args=[report.pk])).status_code == 200
    for name in ["report_pdf", "report_csv", "report_xlsx", "report_edit"]:
        assert staff_client.get(reverse(f"reporting:{name}", args=[report.pk])).status_code == 404
    assert staff_client.post(reverse("reporting:report_send", args=[report.pk])).status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_a_report_that_does_not_exist_is_404(coordinator_client):
    assert coordinator_client.get(reverse("reporting:report_detail", args=[999999])).status_code == 404
