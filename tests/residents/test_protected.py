"""Protected identity: masked in lists, on the record only for contact persons and the coordinator; reveal audited."""

import pytest
from django.urls import reverse

from jour.audit.models import Action, AuditEvent
from residents.disclosure import Audience, may_see_identity, woman_shown
from residents.models import Resident

from .factories import ResidentFactory, StayFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def protected(staff):
    resident = ResidentFactory(
        first_name="Amina",
        last_name="Hemligsson",
        personnummer="19900101-0017",
        protection_level="protected_registration",
        alias="Lilja",
    )
    StayFactory(resident=resident)
    return resident


def test_list_marks_and_masks_protected_residents(coordinator_client, protected):
    open_ = ResidentFactory(first_name="Berit", last_name="Öppen", personnummer="19851212-1212")
    html = coordinator_client.get(reverse("residents:index")).content.decode()
    assert "Amina ***" in html
    assert "Hemligsson" not in html
    assert "19900101-****" in html and "0017" not in html
    assert 'data-testid="protected-badge"' in html and "Skyddad folkbokföring" in html
    # Unprotected: full name in the list, personnummer still masked.
    assert f"Berit {open_.last_name}" in html
    assert "19851212-****" in html and "1212-1212" not in html


@pytest.mark.parametrize("who", ["contact_person", "coordinator"])
def test_record_shows_identity_to_contact_persons_and_coordinator(who, protected, staff, coordinator):
    from tests.conftest import signed_in_client

    user = staff if who == "contact_person" else coordinator
    if who == "contact_person":
        protected.contact_persons.add(staff)
    html = signed_in_client(user).get(reverse("residents:resident_detail", args=[protected.pk])).content.decode()
    assert "Hemligsson" in html
    assert "19900101-0017" in html
    assert 'data-testid="reveal-form"' not in html
    assert woman_shown(protected, Audience.RECORD, user=user) == "Amina Hemligsson"


def test_other_staff_must_give_a_reason_and_the_reveal_is_audited_for_one_view(other_staff, protected, staff):
    from tests.conftest import signed_in_client

    protected.contact_persons.add(staff)
    client = signed_in_client(other_staff)
    url = reverse("residents:resident_detail", args=[protected.pk])
    html = client.get(url).content.decode()
    assert "Hemligsson" not in html and "0017" not in html
    assert "19900101-****" in html
    assert 'data-testid="reveal-form"' in html
    assert woman_shown(protected, Audience.RECORD, user=other_staff) == "Amina ***"

    reveal = reverse("residents:resident_reveal", args=[protected.pk])
    # No reason, or free text instead of one from the list: refused, nothing revealed, nothing audited.
    response = client.post(reveal, {"reason": "Kontakt med Skatteverket"})
    assert response.status_code == 200
    assert "Hemligsson" not in response.content.decode()
    assert response.context["reveal_form"].errors["reason"]
    assert not AuditEvent.objects.filter(action=Action.REVEAL).exists()

    response = client.post(reveal, {"reason": "authority"})
    html = response.content.decode()
    assert "Hemligsson" in html and "19900101-0017" in html
    event = AuditEvent.objects.get(action=Action.REVEAL)
    assert (event.actor, event.object_type, event.object_id) == (other_staff, "residents.resident", str(protected.pk))
    assert event.detail == {"reason": "authority"}
    assert "Hemligsson" not in str(event.detail) and "0017" not in str(event.fields)

    # The next page view is masked again.
    assert "Hemligsson" not in client.get(url).content.decode()


def test_edit_form_leaves_out_identity_fields_for_other_staff(other_staff, protected):
    from tests.conftest import signed_in_client

    client = signed_in_client(other_staff)
    url = reverse("residents:resident_edit", args=[protected.pk])
    html = client.get(url).content.decode()
    assert "Hemligsson" not in html and "0017" not in html
    response = client.post(
        url,
        {
            "first_name": "Amina",
            "birth_year": "1990",
            "last_name": "Annan",
            "protection_level": "none",
            "contact_persons": [other_staff.pk],
        },
    )
    assert response.status_code == 302
    protected.refresh_from_db()
    assert (protected.last_name, protected.personnummer) == ("Hemligsson", "19900101-0017")
    # She cannot give herself access by lowering the protection or naming herself contact person.
    assert protected.protection_level == "protected_registration"
    assert not protected.contact_persons.exists()
    assert not may_see_identity(protected, other_staff)


def test_exports_never_name_a_protected_resident(protected):
    assert woman_shown(protected, Audience.EXPORT) == "Lilja"
    protected.alias = ""
    assert woman_shown(protected, Audience.EXPORT) == protected.case_number
    plain = ResidentFactory(first_name="Berit")
    assert woman_shown(plain, Audience.EXPORT) == plain.case_number
    assert str(protected) == protected.case_number


def test_volunteers_see_nothing(volunteer_user, protected):
    assert not Resident.objects.for_user(volunteer_user).exists()
    assert not may_see_identity(protected, volunteer_user)
    assert woman_shown(protected, Audience.VOLUNTEER) == "Lilja"
