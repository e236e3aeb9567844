"""A support contact whose outcome is "referred to another jour" can name the jour from the directory."""

from jour.calls.models import Outcome, SupportContact

from ..calls.factories import SupportContactFactory
from .factories import ShelterListingFactory


def test_a_support_contact_names_the_jour_it_referred_to(db):
    listing = ShelterListingFactory(name="Kvinnojouren Lund")
    contact = SupportContactFactory(outcomes=[Outcome.OTHER_JOUR], referred_to_shelter=listing)
    assert SupportContact.objects.get(pk=contact.pk).referred_to_shelter == listing
    # Removing the jour from the directory keeps the contact and its outcome.
    listing.delete()
    contact.refresh_from_db()
    assert contact.referred_to_shelter is None
    assert contact.outcomes == [Outcome.OTHER_JOUR]


def test_the_field_is_labelled_in_swedish(db):
    from django.utils import translation

    with translation.override("sv"):
        assert str(SupportContact._meta.get_field("referred_to_shelter").verbose_name) == "hänvisad till jour"


def test_staff_name_the_jour_in_the_contact_form_and_the_outcome_follows(staff_client, staff):
    from django.urls import reverse

    from jour.shelter.models import ShelterProfile

    ShelterProfile.objects.update_or_create(id=ShelterProfile.SINGLETON_ID, defaults={"municipality_id": "0136"})
    listing = ShelterListingFactory(name="Kvinnojouren Lund", municipality_id="1281")
    form_page = staff_client.get(reverse("calls:contact_create")).content.decode()
    assert "Hänvisad till jour" in form_page and "Kvinnojouren Lund (Lund)" in form_page
    data = {"started_at": "2026-03-01T09:50", "channel": "phone", "kind": "support", "place": "0136"}
    data.update(staff=staff.pk, referred_to_shelter=listing.pk)
    response = staff_client.post(reverse("calls:contact_create"), data)
    assert response.status_code == 302
    contact = SupportContact.objects.get()
    assert contact.referred_to_shelter == listing
    assert contact.outcomes == [Outcome.OTHER_JOUR]
    detail = staff_client.get(reverse("calls:contact_detail", args=[contact.pk])).content.decode()
    assert "Kvinnojouren Lund" in detail


def test_an_unknown_jour_is_refused_next_to_the_field(staff_client, staff):
    from django.urls import reverse

    data = {"started_at": "2026-03-01T09:50", "channel": "phone", "kind": "support", "place": "unknown"}
    data.update(staff=staff.pk, referred_to_shelter=999999)
    response = staff_client.post(reverse("calls:contact_create"), data)
    assert response.status_code == 200
    assert "referred_to_shelter" in response.context["form"].errors
    assert not SupportContact.objects.exists()
