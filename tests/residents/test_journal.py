"""Journal: author and time by the system; no edit after 24 h; a correction is a new entry; no delete."""

from datetime import timedelta

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

from jour.audit.models import Action, AuditEvent
from residents.models import JournalEntry

from .factories import ChildFactory, JournalEntryFactory, ResidentFactory

pytestmark = pytest.mark.django_db


def test_staff_writes_an_entry_author_and_time_set_by_the_system(staff_client, staff):
    resident = ResidentFactory()
    url = reverse("residents:resident_journal", args=[resident.pk])
    before = timezone.now()
    response = staff_client.post(
        url, {"entry_type": "assessment", "text": "Hon verkar trygg.", "author": "999", "created_at": "2000-01-01"}
    )
    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    assert (entry.resident, entry.child, entry.author, entry.entry_type) == (resident, None, staff, "assessment")
    assert entry.created_at >= before
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="residents.journalentry").exists()
    html = staff_client.get(url).content.decode()
    assert "Hon verkar trygg." in html and "Bedömning" in html
    assert AuditEvent.objects.filter(
        action=Action.VIEW, object_type="residents.resident", object_id=str(resident.pk), detail={"journal": True}
    ).exists()


def test_child_has_its_own_journal(staff_client):
    child = ChildFactory()
    JournalEntryFactory(resident=child.mother, text="Om mamman")
    url = reverse("residents:child_journal", args=[child.pk])
    staff_client.post(url, {"entry_type": "event", "text": "Började förskolan."})
    entry = JournalEntry.objects.get(child=child)
    assert entry.resident is None
    html = staff_client.get(url).content.decode()
    assert "Började förskolan." in html and "Om mamman" not in html


def test_empty_text_is_refused(staff_client):
    resident = ResidentFactory()
    response = staff_client.post(
        reverse("residents:resident_journal", args=[resident.pk]), {"entry_type": "event", "text": "   "}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert not JournalEntry.objects.exists()


def test_author_may_edit_within_24_hours_only(staff_client, staff):
    fresh = JournalEntryFactory(author=staff, text="Först")
    url = reverse("residents:journal_entry_edit", args=[fresh.pk])
    assert staff_client.post(url, {"entry_type": "event", "text": "Ändrad"}).status_code == 302
    fresh.refresh_from_db()
    assert fresh.text == "Ändrad"

    old = JournalEntryFactory(author=staff, text="Gammal")
    JournalEntry.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=24, minutes=1))
    url = reverse("residents:journal_entry_edit", args=[old.pk])
    response = staff_client.post(url, {"entry_type": "event", "text": "Försök"})
    assert response.status_code == 200
    assert 'data-testid="not-editable"' in response.content.decode()
    old.refresh_from_db()
    assert old.text == "Gammal"


def test_another_staff_member_cannot_edit_a_fresh_entry(other_staff, staff):
    from tests.conftest import signed_in_client

    entry = JournalEntryFactory(author=staff, text="Min text")
    response = signed_in_client(other_staff).post(
        reverse("residents:journal_entry_edit", args=[entry.pk]), {"entry_type": "event", "text": "Hennes"}
    )
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.text == "Min text"


def test_correction_is_a_new_entry_referring_to_the_corrected_one(staff_client, staff):
    child = ChildFactory()
    old = JournalEntryFactory(resident=None, child=child, text="Fel datum")
    JournalEntry.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    response = staff_client.post(
        reverse("residents:journal_entry_correct", args=[old.pk]), {"entry_type": "event", "text": "Rätt datum"}
    )
    assert response.status_code == 302
    correction = JournalEntry.objects.get(corrects=old)
    assert (correction.child, correction.resident, correction.author) == (child, None, staff)
    old.refresh_from_db()
    assert old.text == "Fel datum"
    html = staff_client.get(reverse("residents:child_journal", args=[child.pk])).content.decode()
    assert "Rättad genom anteckningen" in html and "Rättar anteckningen" in html


def test_there_is_no_delete_view():
    names = [name for name in get_resolver().reverse_dict if isinstance(name, str)]
    assert not [name for name in names if "delete" in name and "residents" in name]
    from residents import urls

    assert not [p.name for p in urls.urlpatterns if "delete" in (p.name or "")]
