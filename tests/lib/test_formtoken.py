"""jour/lib/formtoken.py: two identical POSTs arriving together store one record (real concurrency)."""

import pytest
from django.urls import reverse

from jour.calls.models import SupportContact
from jour.lib.models import UsedFormToken
from jour.shelter.models import Municipality, ShelterProfile

from ..concurrency import at_once
from ..conftest import signed_in_client
from ..factories import UserFactory
from ..html_forms import form_fields

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_identical_posts_at_the_same_moment_store_one_contact():
    # A transactional test starts from empty tables, without the municipalities migration loaded.
    home, _created = Municipality.objects.get_or_create(
        code="0136", defaults={"name": "Haninge", "county_code": "01", "county_name": "Stockholms län"}
    )
    profile = ShelterProfile.load()
    profile.municipality = home
    profile.save()
    staff = UserFactory(role="staff", username="fast_clicker")
    url = reverse("calls:contact_create")
    data = form_fields(signed_in_client(staff).get(url).content.decode(), containing="note")
    data.update({"channel": "phone", "kind": "support", "place": "0136", "note": "Dubbelklick"})
    clients = [signed_in_client(staff), signed_in_client(staff)]
    responses = [None, None]

    def post(index: int) -> None:
        responses[index] = clients[index].post(url, data)

    at_once(post)
    assert [response.status_code for response in responses] == [302, 302]
    assert responses[0]["Location"] == responses[1]["Location"]
    assert SupportContact.objects.count() == 1
    assert UsedFormToken.objects.count() == 1
