import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from jour.audit.models import Action, AuditEvent

from ..residents.factories import ChildFactory, ChildStayFactory, JournalEntryFactory, ResidentFactory, StayFactory


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@pytest.fixture
def resident_with_history(staff, staff_client):
    resident = ResidentFactory(first_name="Samira", last_name="Lindqvist", personnummer="19850312-2384")
    stay = StayFactory(resident=resident)
    child = ChildFactory(mother=resident, first_name="Noah")
    ChildStayFactory(child=child, stay=stay)
    JournalEntryFactory(resident=resident, author=staff, text="Följde med till Skatteverket för id-kort.")
    staff_client.get(reverse("residents:resident_detail", args=[resident.pk]))  # an audited view
    return resident


def test_register_extract_holds_her_data_and_the_access_log(coordinator_client, resident_with_history):
    resident = resident_with_history
    response = coordinator_client.post(reverse("privacy:extract"), {"case_number": resident.case_number.lower()})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="registerutdrag-boende-{resident.pk}.pdf"'
    text = pdf_text(response)
    for expected in ["Samira", "Lindqvist", "19850312-2384", "Noah", "Följde med till Skatteverket", "Registerutdrag"]:
        assert expected in text, expected
    # The access log of her record: staff's view of it.
    assert "staff" in text and "Visade" in text
    export = AuditEvent.objects.get(action=Action.EXPORT, object_type="residents.resident")
    assert export.object_id == str(resident.pk) and export.detail["register_extract"] is True


def test_unknown_case_number_shows_an_error(coordinator_client, db):
    response = coordinator_client.post(reverse("privacy:extract"), {"case_number": "B-1999-999"})
    assert response.status_code == 200
    assert "case_number" in response.context["resident_form"].errors
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_extract_is_for_the_coordinator_only(staff_client, volunteer_client, resident_with_history):
    data = {"case_number": resident_with_history.case_number}
    assert staff_client.post(reverse("privacy:extract"), data).status_code == 404
    assert volunteer_client.post(reverse("privacy:extract"), data).status_code == 404


def test_volunteer_extract_shows_her_data_but_not_the_residents(coordinator_client, staff):
    from ..volunteers.factories import MatchFactory, MeetingFactory, VolunteerProfileFactory

    profile = VolunteerProfileFactory(
        user__first_name="Karin", user__email="karin@example.org", profession="Barnmorska"
    )
    match = MatchFactory(
        volunteer=profile,
        resident=ResidentFactory(first_name="Leila", last_name="Hemlig"),
        not_wanted="Inte träffas nära Centrum",
    )
    MeetingFactory(match=match, place="Biblioteket")
    response = coordinator_client.post(reverse("privacy:extract"), {"volunteer": profile.pk})
    assert response["Content-Disposition"] == f'attachment; filename="registerutdrag-kontaktkvinna-{profile.pk}.pdf"'
    text = pdf_text(response)
    for expected in ["Karin", "karin@example.org", "Barnmorska", "Biblioteket", "(en annan person)"]:
        assert expected in text, expected
    assert "Leila" not in text and "Hemlig" not in text and match.resident.case_number not in text
    assert "Centrum" not in text
