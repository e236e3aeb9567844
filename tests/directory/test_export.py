"""Our public profile: downloaded by staff (audited), written by a command, importable by another jour."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from jour.audit.models import Action, AuditEvent
from jour.directory.models import ShelterListing
from jour.directory.schema import schema_errors
from jour.shelter.models import ShelterProfile

URL = reverse("directory:public_profile_export")


@pytest.fixture
def profile(db):
    profile = ShelterProfile.load()
    profile.name = "Kvinnojouren Haninge"
    profile.organisation_number = "802000-0009"
    profile.municipality_id = "0136"
    profile.public_phone = "08-500 000 00"
    profile.opening_hours = "Mån–fre 9–16"
    profile.competences = ["honour_violence", "children_activities"]
    profile.staff_languages = ["sv", "ar", "so"]
    profile.places = 7
    profile.save()
    return profile


def test_staff_download_the_public_profile_and_it_is_audited(staff_client, profile):
    response = staff_client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="public-profile-') and disposition.endswith('.json"')
    assert "Haninge" not in disposition
    document = json.loads(response.content)
    assert schema_errors(document) == []
    assert document["name"] == "Kvinnojouren Haninge"
    assert document["languages"] == ["sv", "ar", "so"]
    assert document["competences"] == ["children_activities", "honour_violence"]
    assert "opening_hours" not in document and not any("address" in key for key in document)
    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert event.object_type == "shelter.shelterprofile"
    assert event.detail == {"format": "json", "document": "public_profile"}


def test_the_coordinator_downloads_it_too_and_volunteers_cannot(coordinator_client, volunteer_client, profile):
    assert coordinator_client.get(URL).status_code == 200
    assert volunteer_client.get(URL).status_code == 404
    anonymous = Client().get(URL)
    assert anonymous.status_code == 302 and "/account/login/" in anonymous["Location"]
    assert AuditEvent.objects.filter(action=Action.EXPORT).count() == 1


def test_without_a_municipality_the_export_explains_what_is_missing(staff_client, db):
    response = staff_client.get(URL, follow=True)
    assert response.redirect_chain[-1][0] == reverse("shelter:profile")
    assert "Välj jourens kommun" in response.content.decode()
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_a_personal_identity_number_is_never_exported(staff_client, profile):
    # 851010-1230 passes the Luhn check, but a third digit below 2 means a birth month: a person.
    ShelterProfile.objects.filter(pk=profile.pk).update(organisation_number="851010-1230")
    document = json.loads(staff_client.get(URL).content)
    assert document["organisation_number"] == ""
    assert schema_errors(document) == []


def test_the_command_writes_the_same_document(profile, tmp_path):
    out = io.StringIO()
    call_command("export_public_profile", stdout=out)
    document = json.loads(out.getvalue())
    assert schema_errors(document) == []
    assert document["municipality"] == {"code": "0136", "name": "Haninge"}
    target = tmp_path / "profile.json"
    call_command("export_public_profile", output=str(target))
    assert json.loads(target.read_text(encoding="utf-8")) == document
    events = AuditEvent.objects.filter(action=Action.EXPORT, object_type="shelter.shelterprofile")
    assert events.count() == 2
    assert all(event.detail["via"] == "command" for event in events)


def test_the_command_refuses_an_incomplete_profile(db):
    with pytest.raises(CommandError):
        call_command("export_public_profile", stdout=io.StringIO())


def test_another_jour_can_import_what_we_export(staff_client, coordinator_client, profile):
    exported = staff_client.get(URL).content
    upload = SimpleUploadedFile("profile.json", exported, content_type="application/json")
    response = coordinator_client.post(reverse("directory:import_profiles"), {"file": upload})
    assert response.status_code == 302
    listing = ShelterListing.objects.get()
    assert (listing.name, listing.municipality_id, listing.places) == ("Kvinnojouren Haninge", "0136", 7)
    assert listing.languages == ["sv", "ar", "so"]


def test_free_places_come_from_the_occupancy_board(staff_client, profile):
    from tests.residents.factories import ChildFactory, ChildStayFactory, RoomFactory, StayFactory

    # No rooms kept in Jour: free places are unknown (null), not zero, and the date is the profile's.
    document = json.loads(staff_client.get(URL).content)
    assert document["free_places"] is None
    assert staff_client.get(reverse("shelter:profile")).context["free_places"] is None

    room = RoomFactory(beds=3)
    RoomFactory(beds=2)
    stay = StayFactory(room=room)  # a mother and her child: two of the three beds
    ChildStayFactory(child=ChildFactory(mother=stay.resident), stay=stay)
    document = json.loads(staff_client.get(URL).content)
    assert document["free_places"] == 1 + 2
    assert schema_errors(document) == []
    page = staff_client.get(reverse("shelter:profile"))
    assert page.context["free_places"] == 3
