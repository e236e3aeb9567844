"""Staff search the directory: filters, a transparent ranking, the reasons shown, a constant query count."""

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from jour.directory.models import ShelterListing

from .factories import ShelterListingFactory

URL = reverse("directory:index")
HONOUR, SECURITY, CHILDREN = "honour_violence", "reinforced_security", "children_activities"


def when(day: int) -> datetime:
    return datetime(2026, 11, day, 12, 0, tzinfo=UTC)


@pytest.fixture
def fixed_set(db):
    """Six listings whose order for (honour + security, Arabic) is worked out by hand in the tests."""
    ShelterListingFactory(name="A both+ar", competences=[HONOUR, SECURITY], languages=["sv", "ar"], free_places=0)
    ShelterListingFactory(name="B both", competences=[HONOUR, SECURITY, CHILDREN], languages=["sv"], free_places=4)
    ShelterListingFactory(
        name="C honour+ar old", competences=[HONOUR], languages=["ar"], free_places=1, profile_updated_at=when(1)
    )
    ShelterListingFactory(
        name="D honour+ar new", competences=[HONOUR], languages=["ar", "fa"], free_places=1, profile_updated_at=when(20)
    )
    ShelterListingFactory(name="E ar unknown free", competences=[], languages=["ar"], free_places=None, places=None)
    ShelterListingFactory(name="F nothing", competences=[CHILDREN], languages=["sv", "en"], free_places=9)


def names(response) -> list[str]:
    return [listing.name for listing in response.context["page"]]


def test_best_matches_first_ties_by_free_places_then_recency(staff_client, fixed_set):
    response = staff_client.get(URL, {"competences": [HONOUR, SECURITY], "language": "ar"})
    assert response.status_code == 200
    # A: 3 points. B: 2. C, D: 2 (honour + Arabic) — B has 4 free places, C and D 1 each, D is newer.
    # E: 1 point (Arabic), free places unknown goes last among equals. F matches nothing: left out.
    assert names(response) == ["A both+ar", "B both", "D honour+ar new", "C honour+ar old", "E ar unknown free"]
    assert [listing.score for listing in response.context["page"]] == [3, 2, 2, 2, 1]
    assert response.context["wanted"] == 3


def test_each_result_says_why_it_matched_and_what_it_lacks(staff_client, fixed_set):
    response = staff_client.get(URL, {"competences": [HONOUR, SECURITY], "language": "ar"})
    listing_b = response.context["page"][1]
    assert listing_b.matched == ["Hedersrelaterat våld och förtryck", "Förstärkt skydd"]
    assert listing_b.missing == ["arabiska"]
    html = response.content.decode()
    assert "Matchar 3 av 3" in html and "Matchar 1 av 3" in html
    assert "Saknar: arabiska." in html
    assert "Profilen uppdaterad" in html


def test_a_language_alone_finds_the_shelters_speaking_it(staff_client, fixed_set):
    response = staff_client.get(URL, {"language": "fa"})
    assert names(response) == ["D honour+ar new"]


def test_without_wishes_all_listings_are_shown(staff_client, fixed_set):
    response = staff_client.get(URL)
    assert len(names(response)) == ShelterListing.objects.count() == 6
    # No score: more free places first.
    assert names(response)[0] == "F nothing"


def test_region_and_municipality_filter(staff_client, db):
    ShelterListingFactory(name="Malmö", municipality_id="1280", competences=[HONOUR])
    ShelterListingFactory(name="Lund", municipality_id="1281", competences=[HONOUR])
    ShelterListingFactory(name="Stockholm", municipality_id="0180", competences=[HONOUR])
    assert sorted(names(staff_client.get(URL, {"county": "12", "competences": [HONOUR]}))) == ["Lund", "Malmö"]
    assert names(staff_client.get(URL, {"county": "12", "municipality": "1281"})) == ["Lund"]
    assert names(staff_client.get(URL, {"municipality": "0180"})) == ["Stockholm"]


def test_bad_search_input_shows_an_error_next_to_the_field(staff_client, db):
    ShelterListingFactory(municipality_id="1280")
    response = staff_client.get(URL, {"county": "01", "municipality": "1280"})
    assert response.status_code == 200
    assert response.context["form"].errors["municipality"] == ["Kommunen ligger inte i det valda länet."]
    assert names(response) == []
    response = staff_client.get(URL, {"competences": ["flying"], "language": "xx"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"competences", "language"}


def test_old_profiles_are_marked(staff_client, db):
    ShelterListingFactory(name="Gammal", profile_updated_at=datetime(2024, 1, 1, tzinfo=UTC))
    ShelterListingFactory(name="Ny", profile_updated_at=datetime.now(UTC))
    response = staff_client.get(URL)
    stale = {listing.name: listing.stale for listing in response.context["page"]}
    assert stale == {"Gammal": True, "Ny": False}
    assert response.content.decode().count("Äldre än 180 dagar") == 1


@pytest.mark.parametrize("count", [3, 60])
def test_the_search_page_runs_a_constant_number_of_queries(staff_client, django_assert_max_num_queries, count):
    for n in range(count):
        ShelterListingFactory(competences=[HONOUR, CHILDREN][: 1 + n % 2], languages=["sv", "ar"][: 1 + n % 2])
    # Session, user, device, counties, count, page, shelter profile, municipality choices; the rest are
    # savepoints (ATOMIC_REQUESTS), the session's last-activity update and the profile row created once.
    with django_assert_max_num_queries(16):
        response = staff_client.get(URL, {"competences": [HONOUR, CHILDREN], "language": "ar", "county": "01"})
    assert response.status_code == 200
    assert len(response.context["page"]) == min(count, 25)
    with django_assert_max_num_queries(16):
        assert staff_client.get(URL, {"page": 2}).status_code == 200


def test_staff_and_coordinator_search_others_do_not(staff_client, coordinator_client, volunteer_client, db):
    ShelterListingFactory(name="Jouren Syd")
    assert "Jouren Syd" in staff_client.get(URL).content.decode()
    assert "Jouren Syd" in coordinator_client.get(URL).content.decode()
    assert volunteer_client.get(URL).status_code == 404
    anonymous = Client().get(URL)
    assert anonymous.status_code == 302 and "/account/login/" in anonymous["Location"]


def test_only_the_coordinator_sees_the_import_button(staff_client, coordinator_client, db):
    link = reverse("directory:import_profiles")
    assert link not in staff_client.get(URL).content.decode()
    assert link in coordinator_client.get(URL).content.decode()
