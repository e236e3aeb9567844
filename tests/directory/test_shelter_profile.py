"""The shelter's competences, languages and places in its own profile."""

from django.urls import reverse

from jour.audit.models import Action, AuditEvent
from jour.shelter.models import ShelterProfile

EDIT = reverse("shelter:profile_edit")
BASE = {"name": "Kvinnojouren Haninge", "organisation_number": "802000-0009", "municipality": "0136"}


def test_the_coordinator_sets_competences_languages_and_places(coordinator_client):
    data = {**BASE, "places": "6", "competences": ["lgbtq", "honour_violence"], "staff_languages": ["ar", "sv"]}
    response = coordinator_client.post(EDIT, data)
    assert response.status_code == 302
    profile = ShelterProfile.load()
    assert profile.competences == ["honour_violence", "lgbtq"]  # vocabulary order
    assert profile.staff_languages == ["sv", "ar"]
    assert profile.places == 6
    event = AuditEvent.objects.get(action=Action.CHANGE, object_type="shelter.shelterprofile")
    assert {"competences", "staff_languages", "places"} <= set(event.fields)
    page = coordinator_client.get(reverse("shelter:profile")).content.decode()
    assert "Hedersrelaterat våld och förtryck, HBTQ-kompetens" in page
    assert "svenska, arabiska" in page


def test_unknown_codes_and_negative_places_are_refused_next_to_the_field(coordinator_client):
    data = {**BASE, "places": "-2", "competences": ["flying"], "staff_languages": ["xx"]}
    response = coordinator_client.post(EDIT, data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"places", "competences", "staff_languages"}
    assert "Välj ett giltigt alternativ" in response.content.decode()
    profile = ShelterProfile.load()
    assert profile.competences == [] and profile.places is None


def test_staff_see_the_public_profile_and_the_download(staff_client):
    page = staff_client.get(reverse("shelter:profile")).content.decode()
    assert "Offentlig profil" in page or "public-profile" in page
    assert reverse("directory:public_profile_export") in page


def test_the_profile_page_runs_a_constant_number_of_queries(staff_client, django_assert_max_num_queries):
    from tests.residents.factories import RoomFactory, StayFactory

    for added in (2, 38):  # 2 rooms in use, then 40
        for _ in range(added):
            StayFactory(room=RoomFactory(beds=2))
        with django_assert_max_num_queries(15):  # incl. savepoints and the session update
            assert staff_client.get(reverse("shelter:profile")).status_code == 200
