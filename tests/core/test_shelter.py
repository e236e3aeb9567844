import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jour.audit.models import Action, AuditEvent
from jour.shelter.models import Municipality, ShelterProfile


def test_all_290_municipalities_are_shipped(db):
    assert Municipality.objects.count() == 290
    assert Municipality.objects.values("county_code").distinct().count() == 21
    names = dict(Municipality.objects.filter(code__in=["0136", "0126", "0180"]).values_list("code", "name"))
    assert names == {"0136": "Haninge", "0126": "Huddinge", "0180": "Stockholm"}
    assert all(len(code) == 4 and code.isdigit() for code in Municipality.objects.values_list("code", flat=True))


def test_shelter_profile_has_no_address_field():
    names = {field.name for field in ShelterProfile._meta.get_fields()}
    assert not any("address" in name or "adress" in name for name in names)


def test_coordinator_edits_the_profile(coordinator_client):
    response = coordinator_client.post(
        reverse("shelter:profile_edit"),
        {
            "name": "Kvinnojouren Haninge",
            "organisation_number": "802000-0009",
            "municipality": "0136",
            "public_phone": "08-500 000 00",
            "opening_hours": "Mån–fre 9–16",
            "telephone_hours": "Dygnet runt",
        },
    )
    assert response.status_code == 302
    profile = ShelterProfile.load()
    assert profile.municipality.name == "Haninge"
    assert AuditEvent.objects.get(action=Action.CHANGE, object_type="shelter.shelterprofile").fields
    page = coordinator_client.get(reverse("home"))
    assert "Kvinnojouren Haninge" in page.content.decode()


@pytest.mark.parametrize(("field", "value"), [("organisation_number", "802000-0002"), ("municipality", "9999")])
def test_bad_profile_input_shows_an_error_next_to_the_field(coordinator_client, field, value):
    data = {"name": "Jouren", "organisation_number": "802000-0009", "municipality": "0136"}
    data[field] = value
    response = coordinator_client.post(reverse("shelter:profile_edit"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert ShelterProfile.load().name != "Jouren"


def test_staff_reads_but_cannot_edit_the_profile(staff_client):
    assert staff_client.get(reverse("shelter:profile")).status_code == 200
    assert staff_client.get(reverse("shelter:profile_edit")).status_code == 404


def test_every_page_shows_the_shelter_name_and_phone(staff_client):
    ShelterProfile.objects.update_or_create(id=1, defaults={"name": "Jouren i Norr", "public_phone": "0920-123 45"})
    page = staff_client.get(reverse("home")).content.decode()
    assert page.count("Jouren i Norr") >= 2  # the header, the footer (and the home page itself)
    assert "0920-123 45" in page


def test_the_layout_works_before_the_profile_is_saved(staff_client):
    ShelterProfile.objects.all().delete()
    page = staff_client.get(reverse("home")).content.decode()
    assert "Kvinnojouren" in page  # the profile's default name
    assert not ShelterProfile.objects.exists()  # a page view does not create the profile


def test_a_signed_in_page_costs_three_queries_besides_its_own(staff_client):
    # A page without queries of its own (the start page has today's counts).
    staff_client.get(reverse("accounts:password_change"))  # renews the session: later requests only read it
    with CaptureQueriesContext(connection) as captured:
        staff_client.get(reverse("accounts:password_change"))
    # (The test's transaction turns the request's own into a savepoint.)
    statements = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
    tables = [sql.split(" FROM ")[1].split()[0] for sql in statements]
    # The session, the user, her two-factor device: a page adds its own queries to these. The shelter's name
    # in the header comes from the cache.
    assert tables == ['"django_session"', '"accounts_user"', '"accounts_authenticatorappdevice"']


def test_a_saved_name_shows_in_the_header_at_once(staff_client):
    shelter = ShelterProfile.load()
    shelter.name = "Jouren i Väst"
    shelter.save()
    assert "Jouren i Väst" in staff_client.get(reverse("home")).content.decode()
    shelter.name = "Jouren i Öst"
    shelter.save()
    assert "Jouren i Öst" in staff_client.get(reverse("home")).content.decode()
