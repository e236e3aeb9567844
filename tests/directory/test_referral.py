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
