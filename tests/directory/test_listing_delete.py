"""The coordinator removes a jour from the directory; nobody else can."""

from django.test import Client
from django.urls import reverse

from jour.audit.models import Action, AuditEvent
from jour.directory.models import ShelterListing

from .factories import ShelterListingFactory


def test_the_coordinator_removes_a_listing_and_it_is_audited(coordinator_client, db):
    listing, other = ShelterListingFactory(), ShelterListingFactory()
    page = coordinator_client.get(reverse("directory:index")).content.decode()
    assert reverse("directory:listing_delete", args=[listing.pk]) in page
    response = coordinator_client.post(reverse("directory:listing_delete", args=[listing.pk]))
    assert response.status_code == 302
    assert list(ShelterListing.objects.values_list("pk", flat=True)) == [other.pk]
    event = AuditEvent.objects.get(action=Action.DELETE)
    assert (event.object_type, event.object_id) == ("directory.shelterlisting", str(listing.pk))


def test_staff_volunteers_and_strangers_cannot_remove(staff_client, volunteer_client, db):
    listing = ShelterListingFactory()
    url = reverse("directory:listing_delete", args=[listing.pk])
    assert url not in staff_client.get(reverse("directory:index")).content.decode()
    assert staff_client.post(url).status_code == 404
    assert volunteer_client.post(url).status_code == 404
    assert Client().post(url).status_code == 302
    assert ShelterListing.objects.filter(pk=listing.pk).exists()


def test_an_unknown_listing_is_404_and_get_is_refused(coordinator_client, db):
    assert coordinator_client.post(reverse("directory:listing_delete", args=[999999])).status_code == 404
    listing = ShelterListingFactory()
    assert coordinator_client.get(reverse("directory:listing_delete", args=[listing.pk])).status_code == 405
