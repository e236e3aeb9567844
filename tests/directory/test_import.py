"""The coordinator imports public profiles: a good file is imported, a malformed one not at all."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jour.audit.models import Action, AuditEvent
from jour.directory.models import ShelterListing
from jour.directory.services import read_profiles

from .factories import ShelterListingFactory, as_file, profile_doc

URL = reverse("directory:import_profiles")


def upload(client, data, name="profiles.json"):
    content = data if isinstance(data, bytes) else as_file(data)
    return client.post(URL, {"file": SimpleUploadedFile(name, content, content_type="application/json")})


def three_profiles():
    return [
        profile_doc(name="Kvinnojouren Malmö", organisation_number="802400-1111"),
        profile_doc(
            name="Tjejjouren Haninge",
            organisation_number="802400-2222",
            municipality={"code": "0136", "name": "Haninge"},
            region={"code": "01", "name": "Stockholms län"},
            competences=["young_women", "lgbtq"],
            languages=["sv", "so"],
            places=None,
            free_places=None,
        ),
        profile_doc(
            name="Kvinnojouren Kiruna",
            organisation_number="",
            municipality={"code": "2584", "name": "Kiruna"},
            region={"code": "25", "name": "Norrbottens län"},
        ),
    ]


def test_a_good_file_is_imported_and_audited_with_counts_only(coordinator_client):
    response = upload(coordinator_client, three_profiles())
    assert response.status_code == 302
    assert response["Location"] == reverse("directory:index")
    listings = {listing.name: listing for listing in ShelterListing.objects.select_related("municipality")}
    assert set(listings) == {"Kvinnojouren Malmö", "Tjejjouren Haninge", "Kvinnojouren Kiruna"}
    haninge = listings["Tjejjouren Haninge"]
    assert haninge.municipality.county_code == "01"
    assert haninge.competences == ["young_women", "lgbtq"]
    assert haninge.languages == ["sv", "so"]
    assert haninge.places is None and haninge.free_places is None
    assert listings["Kvinnojouren Malmö"].profile_updated_at.isoformat() == "2026-11-01T09:00:00+00:00"
    event = AuditEvent.objects.get(object_type="directory.shelterlisting")
    assert event.action == Action.CREATE
    assert event.detail == {"import": "json", "created": 3, "updated": 0}
    assert event.fields == []
    assert "Malmö" not in str(event.detail)
    page = coordinator_client.get(reverse("directory:index"))
    assert "3 nya, 0 uppdaterade" in page.content.decode()


def test_a_file_with_one_profile_is_imported(coordinator_client):
    assert upload(coordinator_client, profile_doc()).status_code == 302
    assert ShelterListing.objects.get().name == "Kvinnojouren Exempel"


def test_reimporting_a_shelter_updates_it(coordinator_client):
    upload(coordinator_client, three_profiles())
    first_ids = dict(ShelterListing.objects.values_list("name", "pk"))
    changed = three_profiles()
    changed[0].update(free_places=0, languages=["sv", "ar", "fa"], updated_at="2026-11-20T08:00:00+01:00")
    changed.append(profile_doc(name="Kvinnojouren Lund", organisation_number="802400-3333"))
    assert upload(coordinator_client, changed).status_code == 302
    assert ShelterListing.objects.count() == 4
    malmo = ShelterListing.objects.get(name="Kvinnojouren Malmö")
    assert malmo.pk == first_ids["Kvinnojouren Malmö"]
    assert malmo.free_places == 0
    assert malmo.languages == ["sv", "ar", "fa"]
    events = AuditEvent.objects.filter(object_type="directory.shelterlisting").order_by("id")
    assert [event.detail for event in events][-1] == {"import": "json", "created": 1, "updated": 3}


def test_a_malformed_file_imports_nothing_and_lists_its_problems(coordinator_client):
    existing = ShelterListingFactory(name="Kvinnojouren Malmö", organisation_number="802400-1111", free_places=5)
    profiles = three_profiles()  # the first one would update `existing`
    profiles[0]["free_places"] = 1
    profiles[1]["languages"] = ["sv", "klingon"]
    profiles[2]["municipality"] = {"code": "2584"}
    response = upload(coordinator_client, profiles)
    assert response.status_code == 200
    assert ShelterListing.objects.count() == 1
    existing.refresh_from_db()
    assert existing.free_places == 5
    assert not AuditEvent.objects.filter(object_type="directory.shelterlisting").exists()
    problems = [(p.index, p.field) for p in response.context["problems"]]
    assert problems == [(1, "languages[1]"), (2, "municipality.name")]
    html = response.content.decode()
    assert "Ingenting importerades" in html
    assert "”klingon” finns inte i vokabulären" in html or "klingon" in html
    assert "saknas" in html  # municipality.name is missing, in Swedish
    assert "file" in response.context["form"].errors


def test_semantic_problems_are_found_after_the_schema(db):
    profiles = [
        profile_doc(name="A", municipality={"code": "9999", "name": "Ingenstans"}),
        profile_doc(name="B", region={"code": "01", "name": "Stockholms län"}),  # Malmö is in Skåne
        profile_doc(name="C", places=2, free_places=3),
        profile_doc(name="D"),
        profile_doc(name="D"),
    ]
    profiles_read, problems = read_profiles(content=as_file(profiles))
    assert profiles_read == []
    assert [(p.index, p.field) for p in problems] == [
        (0, "municipality.code"),
        (1, "region.code"),
        (2, "free_places"),
        (4, "name"),
    ]


def test_only_the_first_ten_problems_are_shown(coordinator_client):
    profiles = [profile_doc(name=f"Jour {n}", places=-1) for n in range(14)]
    response = upload(coordinator_client, profiles)
    assert len(response.context["problems"]) == 10
    assert response.context["more_problems"] == 4
    assert "och 4 problem till" in response.content.decode()
    assert ShelterListing.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"name": "Jouren",', "rad 1"),
        (b"\xff\xfe\x00garbage", "UTF-8"),
        (b"[]", "inga profiler"),
        (b'"just a string"', "en lista"),
        (b"[1, 2]", "måste vara ett objekt"),
        (b'{"format": NaN}', "inte giltig JSON"),
    ],
)
def test_files_that_are_not_profiles_give_a_clear_message(coordinator_client, content, expected):
    response = upload(coordinator_client, content)
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert ShelterListing.objects.count() == 0


def test_without_a_file_the_error_is_next_to_the_field(coordinator_client):
    response = coordinator_client.post(URL, {})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert "Detta fält måste fyllas i" in response.content.decode()


def test_only_the_coordinator_imports(staff_client, volunteer_client):
    assert upload(staff_client, three_profiles()).status_code == 404
    assert upload(volunteer_client, three_profiles()).status_code == 404
    anonymous = upload(Client(), three_profiles())
    assert anonymous.status_code == 302 and "/account/login/" in anonymous["Location"]
    assert ShelterListing.objects.count() == 0


@pytest.mark.parametrize("count", [3, 60])
def test_the_import_page_runs_a_constant_number_of_queries(coordinator_client, django_assert_max_num_queries, count):
    ShelterListingFactory.create_batch(count)
    with django_assert_max_num_queries(13):  # incl. savepoints and the session update
        assert coordinator_client.get(URL).status_code == 200
    profiles = [profile_doc(name=f"Jour {n}", organisation_number=f"802400-{n:04d}") for n in range(count)]
    # An import is a fixed number of statements too: one read of municipalities, one of the known
    # shelters, one INSERT … ON CONFLICT for all.
    with django_assert_max_num_queries(16):
        assert upload(coordinator_client, profiles).status_code == 302
    assert ShelterListing.objects.count() == 2 * count


@pytest.mark.parametrize(
    "updated_at", ["9999-12-31T23:59:59-01:00", "1899-01-01T00:00:00+00:00", "2999-01-01T00:00:00+01:00"]
)
def test_a_timestamp_outside_reason_is_refused(db, updated_at):
    profiles, problems = read_profiles(content=as_file([profile_doc(updated_at=updated_at)]))
    assert profiles == [] and [p.field for p in problems] == ["updated_at"]


def test_an_oversized_list_is_refused_before_its_items_are_checked(db):
    profiles, problems = read_profiles(content=as_file([profile_doc(languages=list(range(200_000)))]))
    assert profiles == []
    # One problem for the list, none per item: the 200 000 items were never looked at.
    assert [p.field for p in problems] == ["languages"]
