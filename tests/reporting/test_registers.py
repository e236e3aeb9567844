"""The six registers: create, edit, list with filters; future dates and bad input refused next to the field."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from jour.audit.models import Action, AuditEvent
from reporting.models import CompetenceDevelopment, Deviation, Feedback, MediaFigure, OutreachActivity, PrintedFolder

from .factories import (
    CompetenceDevelopmentFactory,
    DeviationFactory,
    FeedbackFactory,
    MediaFigureFactory,
    OutreachActivityFactory,
    PrintedFolderFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        yield


VALID = {
    "outreach": (
        OutreachActivity,
        {
            "date": "2025-11-25",
            "kind": "campaign",
            "title": "Orange day",
            "audience": "Allmänheten",
            "participants": 120,
        },
    ),
    "media": (MediaFigure, {"date": "2025-12-31", "channel": "instagram", "followers": 209, "issues_sent": ""}),
    "folders": (PrintedFolder, {"date": "2025-09-01", "language": "Turkiska", "placed_at": "Tandvården", "copies": 50}),
    "competence": (
        CompetenceDevelopment,
        {
            "date": "2025-10-01",
            "title": "Hedersrelaterat våld",
            "provider": "Länsstyrelsen",
            "hours": "7.5",
            "staff_participants": 3,
            "board_participants": 1,
            "volunteer_participants": 0,
        },
    ),
    "feedback": (
        Feedback,
        {"date": "2025-06-01", "kind": "feedback", "summary": "Beröm för bemötandet.", "action": ""},
    ),
    "deviations": (
        Deviation,
        {
            "date": "2025-08-01",
            "kind": "lex_sarah",
            "reporter": "Anna Andersson",
            "what_happened": "Ett larm fungerade inte.",
            "reported_to_ivo": "on",
            "ivo_reported_on": "2025-08-05",
        },
    ),
}


@pytest.mark.parametrize("slug", list(VALID))
def test_staff_creates_and_edits_an_entry(staff_client, slug):
    model, data = VALID[slug]
    response = staff_client.post(reverse("reporting:register_create", args=[slug]), data)
    assert response.status_code == 302, response.context["form"].errors
    entry = model.objects.get()
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type=model._meta.label_lower).count() == 1

    data = {**data, "date": "2025-01-02"}
    response = staff_client.post(reverse("reporting:register_edit", args=[slug, entry.pk]), data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.date == dt.date(2025, 1, 2)
    change = AuditEvent.objects.get(action=Action.CHANGE, object_type=model._meta.label_lower)
    assert change.fields == ["date"]

    listing = staff_client.get(reverse("reporting:register_list", args=[slug]))
    assert listing.status_code == 200
    assert reverse("reporting:register_edit", args=[slug, entry.pk]) in listing.content.decode()


@pytest.mark.parametrize("slug", list(VALID))
def test_a_date_in_the_future_is_refused_next_to_the_field(staff_client, slug):
    model, data = VALID[slug]
    response = staff_client.post(reverse("reporting:register_create", args=[slug]), {**data, "date": "2026-03-02"})
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == ["Datumet kan inte ligga i framtiden."]
    assert 'id="error_1_id_date"' in response.content.decode()
    assert not model.objects.exists()


def test_lex_sarah_needs_the_ivo_date_and_not_before_the_event(staff_client):
    url = reverse("reporting:register_create", args=["deviations"])
    data = dict(VALID["deviations"][1])
    response = staff_client.post(url, {**data, "ivo_reported_on": ""})
    assert "ivo_reported_on" in response.context["form"].errors
    response = staff_client.post(url, {**data, "ivo_reported_on": "2025-07-01"})
    assert response.context["form"].errors["ivo_reported_on"] == ["IVO kan inte ha underrättats före händelsen."]
    response = staff_client.post(url, {**data, "ivo_reported_on": "2026-04-01"})
    assert "ivo_reported_on" in response.context["form"].errors
    assert not Deviation.objects.exists()


@pytest.mark.parametrize(
    ("slug", "field", "value"),
    [
        ("competence", "hours", "0"),
        ("competence", "hours", "abc"),
        ("outreach", "kind", "party"),
        ("outreach", "participants", "-3"),
        ("media", "followers", ""),  # neither followers nor issues
        ("feedback", "summary", ""),
    ],
)
def test_bad_input_is_refused(staff_client, slug, field, value):
    model, data = VALID[slug]
    response = staff_client.post(reverse("reporting:register_create", args=[slug]), {**data, field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not model.objects.exists()


def test_an_unknown_register_is_404(staff_client):
    assert staff_client.get("/reports/registers/nothing/").status_code == 404


def test_the_list_filters_by_date(staff_client):
    OutreachActivityFactory(date=dt.date(2024, 5, 1), title="Förra året")
    OutreachActivityFactory(date=dt.date(2025, 5, 1), title="I år")
    response = staff_client.get(
        reverse("reporting:register_list", args=["outreach"]), {"date_from": "2025-01-01", "date_to": "2025-12-31"}
    )
    body = response.content.decode()
    assert "I år" in body and "Förra året" not in body


def test_viewing_the_named_reporters_is_audited(staff_client):
    deviation = DeviationFactory()
    staff_client.get(reverse("reporting:register_list", args=["deviations"]))
    staff_client.get(reverse("reporting:register_edit", args=["deviations", deviation.pk]))
    views = AuditEvent.objects.filter(action=Action.VIEW, object_type="reporting.deviation")
    assert views.count() == 2
    assert all("Anna" not in str(event.detail) for event in views)


FACTORIES = {
    "outreach": OutreachActivityFactory,
    "media": MediaFigureFactory,
    "folders": PrintedFolderFactory,
    "competence": CompetenceDevelopmentFactory,
    "feedback": FeedbackFactory,
    "deviations": DeviationFactory,
}


@pytest.mark.parametrize("slug", list(FACTORIES))
@pytest.mark.parametrize("rows", [3, 60])
def test_list_runs_a_constant_number_of_queries(staff_client, django_assert_max_num_queries, slug, rows):
    FACTORIES[slug].create_batch(rows)
    with django_assert_max_num_queries(16):
        response = staff_client.get(reverse("reporting:register_list", args=[slug]))
    assert response.status_code == 200
