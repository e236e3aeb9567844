import datetime as dt

from django.urls import reverse

from jour.audit.models import Action, AuditEvent
from jour.privacy.models import ErasedRecord, ErasureReason
from residents.models import JournalEntry, Resident

from ..residents.factories import JournalEntryFactory, StayFactory
from ..volunteers.factories import VolunteerProfileFactory


def discharged_resident():
    stay = StayFactory(intake=dt.date(2025, 1, 10), discharge=dt.date(2025, 3, 1))
    JournalEntryFactory(resident=stay.resident)
    return stay.resident


def test_erasing_a_resident_takes_a_confirmation_step(coordinator_client, db):
    resident = discharged_resident()
    url = reverse("privacy:erase")
    first = coordinator_client.post(url, {"case_number": resident.case_number})
    assert first.status_code == 200 and "privacy/erase_confirm.html" in [t.name for t in first.templates]
    assert Resident.objects.get(pk=resident.pk).first_name == resident.first_name  # nothing yet

    unchecked = coordinator_client.post(url, {"case_number": resident.case_number, "confirm": "yes"})
    assert "law_allows" in unchecked.context["form"].errors
    assert JournalEntry.objects.exists()

    done = coordinator_client.post(url, {"case_number": resident.case_number, "confirm": "yes", "law_allows": "on"})
    assert done.status_code == 302
    resident.refresh_from_db()
    assert resident.first_name == "" and not JournalEntry.objects.exists()
    assert ErasedRecord.objects.get().reason == ErasureReason.REQUEST
    event = AuditEvent.objects.get(action=Action.DELETE, object_type="residents.resident")
    assert event.detail == {"erasure": "request"}


def test_a_resident_living_here_cannot_be_erased(coordinator_client, db):
    stay = StayFactory()
    response = coordinator_client.post(
        reverse("privacy:erase"), {"case_number": stay.resident.case_number, "confirm": "yes", "law_allows": "on"}
    )
    assert "case_number" in response.context["resident_form"].errors
    assert not ErasedRecord.objects.exists()


def test_erasing_a_volunteer_closes_her_account(coordinator_client, db):
    profile = VolunteerProfileFactory()
    url = reverse("privacy:erase")
    coordinator_client.post(url, {"volunteer": profile.pk})
    assert profile.user.__class__.objects.get(pk=profile.user.pk).is_active
    coordinator_client.post(url, {"volunteer": profile.pk, "confirm": "yes"})
    account = profile.user.__class__.objects.get(pk=profile.user.pk)
    assert not account.is_active and account.username.startswith("erased-") and account.email == ""
    # An erased record is not offered again.
    assert coordinator_client.post(url, {"volunteer": profile.pk}).context["volunteer_form"].errors


def test_erasure_is_for_the_coordinator(staff_client, db):
    resident = discharged_resident()
    data = {"case_number": resident.case_number, "confirm": "yes", "law_allows": "on"}
    assert staff_client.post(reverse("privacy:erase"), data).status_code == 404
    assert Resident.objects.get(pk=resident.pk).first_name != ""
