"""Issue 16's bad-input findings, each reproduced: a clear refusal next to the field, nothing saved, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jour.directory.models import ShelterListing
from reporting.models import FollowUpReport, ReportQuestion
from residents.models import Stay
from volunteers.models import Meeting, StudyCircle, VolunteerProfile

from ..conftest import signed_in_client
from ..directory.factories import as_file, profile_doc
from ..reporting.factories import make_report
from ..residents.factories import RoomFactory
from ..volunteers.factories import MatchFactory

pytestmark = pytest.mark.django_db

IMPLAUSIBLE = "Ange ett datum mellan"  # the start of the plausible-date message, in Swedish


def test_an_anonymous_login_with_a_256_character_username_is_a_form_error(db):
    from axes.models import AccessAttempt

    client = Client(raise_request_exception=False)
    response = client.post(reverse("accounts:login"), {"username": "a" * 256, "password": "whatever-password"})
    assert response.status_code == 200
    assert "som mest 150 tecken" in response.context["form"].errors["username"][0]
    # No username of that length exists, so there is nothing to lock: the name never reaches django-axes.
    assert not AccessAttempt.objects.exists()


def test_the_contact_list_refuses_a_year_9999_filter(staff_client):
    response = staff_client.get(reverse("calls:contact_list"), {"date_from": "9999-12-31", "date_to": "9999-12-31"})
    assert response.status_code == 200
    assert IMPLAUSIBLE in response.content.decode()


def test_a_report_ending_on_9999_12_31_is_refused(coordinator_client):
    response = coordinator_client.post(
        reverse("reporting:report_create"),
        {
            "municipality": "0136",
            "period_start": "2025-01-01",
            "period_end": "9999-12-31",
            "years_side_by_side": 3,
        },
    )
    assert response.status_code == 200
    assert "period_end" in response.context["form"].errors
    assert IMPLAUSIBLE in response.context["form"].errors["period_end"][0]
    assert not FollowUpReport.objects.exists()


def test_a_study_circle_starting_on_9999_12_31_is_refused(staff_client):
    response = staff_client.post(reverse("volunteers:circle_new"), {"name": "Höst", "first_date": "9999-12-31"})
    assert response.status_code == 200
    assert IMPLAUSIBLE in response.context["form"].errors["first_date"][0]
    assert not StudyCircle.objects.exists()


def test_a_directory_import_with_a_nul_in_a_name_imports_nothing(coordinator_client):
    document = as_file([profile_doc(name="Kvinnojouren\u0000Malmö")])
    response = coordinator_client.post(
        reverse("directory:import_profiles"),
        {"file": SimpleUploadedFile("profiles.json", document, content_type="application/json")},
    )
    assert response.status_code == 200
    assert "kontrolltecken" in response.content.decode()
    assert not ShelterListing.objects.exists()


def test_a_tampered_answers_formset_adds_no_question(coordinator, coordinator_client):
    report = make_report(by=coordinator)
    questions = list(report.questions.order_by("position", "id"))
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "-1", "form-0-answer": "Injected"}
    response = coordinator_client.post(reverse("reporting:report_answers", args=[report.pk]), data)
    assert response.status_code in (200, 302)
    assert ReportQuestion.objects.filter(report=report).count() == len(questions)
    assert not ReportQuestion.objects.filter(position__isnull=True).exists()


@pytest.mark.parametrize("starts_at", ["9999-12-31T14:00", "1899-12-31T14:00"])
def test_a_meeting_in_year_9999_or_1899_is_refused(starts_at):
    match = MatchFactory()
    her = signed_in_client(match.volunteer.user)
    response = her.post(
        reverse("volunteers:my_meeting_new"), {"match": match.pk, "starts_at": starts_at, "meeting_type": "fika"}
    )
    assert response.status_code == 200
    assert IMPLAUSIBLE in response.context["form"].errors["starts_at"][0]
    assert not Meeting.objects.exists()


def test_an_intake_in_year_9999_is_refused(staff_client):
    room = RoomFactory(beds=2)
    data = {
        "stay-room": room.pk,
        "stay-intake": "9999-03-01",
        "stay-home_municipality": "0136",
        "resident-first_name": "Amina",
        "resident-protection_level": "none",
        "children-TOTAL_FORMS": "0",
        "children-INITIAL_FORMS": "0",
        "children-MIN_NUM_FORMS": "0",
        "children-MAX_NUM_FORMS": "8",
    }
    response = staff_client.post(reverse("residents:admit"), data)
    assert response.status_code == 200
    assert IMPLAUSIBLE in response.context["stay_form"].errors["intake"][0]
    assert not Stay.objects.exists()


def test_a_pledge_signed_in_year_9999_is_refused(staff_client):
    from jour.accounts.models import Role

    from ..factories import UserFactory

    account = UserFactory(role=Role.VOLUNTEER)
    response = staff_client.post(
        reverse("volunteers:volunteer_new"),
        {"user": account.pk, "capacity": 2, "status": "applicant", "pledge_signed_on": "9999-01-01"},
    )
    assert response.status_code == 200
    assert IMPLAUSIBLE in response.context["form"].errors["pledge_signed_on"][0]
    assert not VolunteerProfile.objects.exists()


def test_a_too_long_resident_search_says_so(staff_client):
    response = staff_client.post(reverse("residents:index"), {"q": "x" * 51}, follow=True)
    assert response.status_code == 200
    assert "som mest 50 tecken" in response.content.decode()
