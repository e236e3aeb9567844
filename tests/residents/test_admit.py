"""Admission of a woman with her children; bad input shows a Swedish error next to the field, nothing saved."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from jour.audit.models import Action, AuditEvent
from residents.models import Child, ChildStay, Resident, Room, Stay

from .factories import ResidentFactory, RoomFactory, StayFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        yield


URL = reverse("residents:admit")


def _post(room: Room, **overrides) -> dict:
    data = {
        "stay-room": room.pk,
        "stay-intake": "2026-03-01",
        "stay-placed_by_social_services": "yes",
        "stay-decision_date": "2026-02-27",
        "stay-placing_municipality": "0136",
        "stay-case_worker_contact": "Socialtjänsten Haninge, mottagningen",
        "stay-home_municipality": "0136",
        "resident-first_name": "Amina",
        "resident-last_name": "Hassan",
        "resident-personnummer": "19900101-0017",
        "resident-protection_level": "protected_registration",
        "resident-alias": "Lilja",
        "resident-languages": ["ar", "sv"],
        "resident-country_of_birth": "SY",
        "resident-education_level": "upper_secondary",
        "children-TOTAL_FORMS": "4",
        "children-INITIAL_FORMS": "0",
        "children-MIN_NUM_FORMS": "0",
        "children-MAX_NUM_FORMS": "8",
        "children-0-first_name": "Omar",
        "children-0-birth_year": "2018",
        "children-0-protection_level": "protected_registration",
        "children-1-first_name": "Sara",
        "children-1-birth_year": "2021",
        "children-1-protection_level": "none",
    }
    for index in (2, 3):
        data[f"children-{index}-protection_level"] = "none"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _nothing_saved():
    assert Resident.objects.count() == 0
    assert Stay.objects.count() == 0
    assert Child.objects.count() == 0


def test_staff_admits_a_woman_with_two_children(staff_client, staff):
    room = RoomFactory(beds=3)
    response = staff_client.post(URL, _post(room))
    resident = Resident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("residents:resident_detail", args=[resident.pk])
    assert resident.case_number == "B-2026-001"
    assert resident.personnummer == "19900101-0017"
    assert resident.birth_year == 1990
    assert resident.languages == ["ar", "sv"]
    assert resident.created_by == staff
    stay = Stay.objects.get()
    assert (stay.resident, stay.room, stay.intake, stay.discharge) == (resident, room, date(2026, 3, 1), None)
    assert sorted(c.first_name for c in stay.children.all()) == ["Omar", "Sara"]
    assert all(child.mother == resident for child in Child.objects.all())
    created = set(AuditEvent.objects.filter(action=Action.CREATE).values_list("object_type", flat=True))
    assert created == {"residents.resident", "residents.stay", "residents.child"}
    # The personnummer is encrypted at rest.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT personnummer FROM residents_resident WHERE id = %s", [resident.pk])
        assert "19900101" not in cursor.fetchone()[0]


@pytest.mark.parametrize(
    ("value", "ok"),
    [("900101-0017", True), ("199001010017", True), ("19900101-0018", False), ("19901301-0013", False), ("abc", False)],
)
def test_personnummer_is_validated(staff_client, value, ok):
    room = RoomFactory(beds=3)
    response = staff_client.post(URL, _post(room, **{"resident-personnummer": value}))
    if ok:
        assert response.status_code == 302
        assert Resident.objects.get().personnummer == "19900101-0017"
    else:
        assert response.status_code == 200
        assert "Ange ett giltigt personnummer" in response.content.decode()
        assert "personnummer" in response.context["resident_form"].errors
        _nothing_saved()


def test_overbooking_is_refused_next_to_the_room(staff_client):
    room = RoomFactory(beds=2)  # she and two children need three beds
    response = staff_client.post(URL, _post(room))
    assert response.status_code == 200
    assert response.context["stay_form"].errors["room"] == [
        "Rummet har inte tillräckligt många lediga sängplatser för alla under hela vistelsen."
    ]
    _nothing_saved()


def test_the_database_refusal_becomes_a_form_error_when_the_form_check_is_passed(staff_client, monkeypatch):
    # Another booking can land between the form's check and the insert: the trigger decides then.
    room = RoomFactory(beds=2)
    monkeypatch.setattr(Room, "free_beds_between", lambda self, *args, **kwargs: 99)
    response = staff_client.post(URL, _post(room))
    assert response.status_code == 200
    assert "Rummet har inte tillräckligt många lediga sängplatser" in response.content.decode()
    assert "room" in response.context["stay_form"].errors
    _nothing_saved()


def test_missing_fields_and_bad_child_birth_year(staff_client):
    room = RoomFactory(beds=3)
    data = _post(
        room,
        **{
            "resident-first_name": "",
            "resident-personnummer": "",
            "children-1-birth_year": "1950",
            "stay-placing_municipality": "",
        },
    )
    response = staff_client.post(URL, data)
    assert response.status_code == 200
    assert "first_name" in response.context["resident_form"].errors
    assert response.context["resident_form"].errors["birth_year"] == [
        "Ange hennes födelseår när hon saknar personnummer."
    ]
    assert response.context["stay_form"].errors["placing_municipality"] == ["Ange vilken kommun som placerat henne."]
    assert "birth_year" in response.context["children_formset"].forms[1].errors
    _nothing_saved()


def test_overlapping_stay_for_a_known_resident_is_refused(staff_client):
    stay = StayFactory(intake=date(2026, 2, 1))
    other_room = RoomFactory()
    url = reverse("residents:stay_create", args=[stay.resident_id])
    response = staff_client.post(
        url,
        {
            "room": other_room.pk,
            "intake": "2026-02-20",
            "placed_by_social_services": "no",
            "home_municipality": "unknown",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["intake"] == ["Hon har redan en vistelse under de här datumen."]
    assert Stay.objects.count() == 1


def test_overlapping_stay_refused_by_the_database_is_a_form_error(staff_client, monkeypatch):
    from residents import forms

    stay = StayFactory(intake=date(2026, 2, 1))
    other_room = RoomFactory()
    # Skip the form's own check to reach the exclusion constraint.
    monkeypatch.setattr(forms.StayForm, "clean", lambda self: self.cleaned_data)
    response = staff_client.post(
        reverse("residents:stay_create", args=[stay.resident_id]),
        {"room": other_room.pk, "intake": "2026-02-20", "placed_by_social_services": "no", "home_municipality": "0136"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["intake"] == ["Hon har redan en vistelse under de här datumen."]
    assert Stay.objects.count() == 1


def test_new_stay_with_children_for_a_known_resident(staff_client):
    resident = ResidentFactory()
    old = StayFactory(resident=resident, intake=date(2025, 5, 1), discharge=date(2025, 8, 1))
    child = Child.objects.create(mother=resident, first_name="Ali", birth_year=2019)
    ChildStay.objects.create(child=child, stay=old)
    room = RoomFactory(beds=2)
    response = staff_client.post(
        reverse("residents:stay_create", args=[resident.pk]),
        {
            "room": room.pk,
            "intake": "2026-03-01",
            "children": [child.pk],
            "placed_by_social_services": "unknown",
            "home_municipality": "unknown",
        },
    )
    assert response.status_code == 302
    new = Stay.objects.get(intake=date(2026, 3, 1))
    assert list(new.children.all()) == [child]


def test_discharge_before_intake_is_refused(staff_client):
    stay = StayFactory(intake=date(2026, 2, 1))
    url = reverse("residents:stay_discharge", args=[stay.pk])
    response = staff_client.post(url, {"discharge": "2026-01-15", "discharge_destination": "own_housing"})
    assert response.status_code == 200
    assert response.context["form"].errors["discharge"] == ["Utskrivningsdatumet måste vara efter inskrivningsdatumet."]
    stay.refresh_from_db()
    assert stay.discharge is None
    # Same rule when editing the stay.
    response = staff_client.post(
        reverse("residents:stay_edit", args=[stay.pk]),
        {"room": stay.room_id, "intake": "2026-02-01", "discharge": "2026-02-01"},
    )
    assert response.context["form"].errors["discharge"] == ["Utskrivningsdatumet måste vara efter inskrivningsdatumet."]


def test_discharge_frees_the_beds(staff_client):
    stay = StayFactory(intake=date(2026, 2, 1))
    response = staff_client.post(
        reverse("residents:stay_discharge", args=[stay.pk]),
        {"discharge": "2026-03-01", "discharge_destination": "own_housing"},
    )
    assert response.status_code == 302
    stay.refresh_from_db()
    assert (stay.discharge, stay.discharge_destination) == (date(2026, 3, 1), "own_housing")
    event = AuditEvent.objects.get(action=Action.CHANGE, object_type="residents.stay")
    assert event.fields == ["discharge", "discharge_destination"]
    # A discharged stay cannot be discharged again.
    assert staff_client.get(reverse("residents:stay_discharge", args=[stay.pk])).status_code == 404


def test_child_added_to_a_full_room_is_refused(staff_client):
    room = RoomFactory(beds=1)
    stay = StayFactory(room=room, intake=date(2026, 2, 1))
    response = staff_client.post(
        reverse("residents:child_create", args=[stay.resident_id]),
        {"first_name": "Lo", "birth_year": "2020", "protection_level": "none"},
    )
    assert response.status_code == 200
    assert "Rummet har inte tillräckligt många lediga sängplatser" in response.content.decode()
    assert Child.objects.count() == 0


def test_a_stay_cannot_be_admitted_without_placement_status_or_home_municipality(staff_client):
    room = RoomFactory()
    form = staff_client.get(URL).context["stay_form"]
    # Nothing ticked in advance: neither "placed" nor a municipality is a default.
    assert form["placed_by_social_services"].value() in (None, "")
    assert form["home_municipality"].value() in (None, "")
    unanswered = {"stay-placed_by_social_services": None, "stay-home_municipality": None}
    response = staff_client.post(URL, _post(room, **unanswered))
    assert response.status_code == 200
    errors = response.context["stay_form"].errors
    assert errors["placed_by_social_services"] == ["Svara ja, nej eller okänt."]
    assert errors["home_municipality"] == ["Välj hennes hemkommun, eller ”Okänd”."]
    _nothing_saved()


def test_unknown_is_an_explicit_answer_and_stays_unknown(staff_client):
    room = RoomFactory()
    data = _post(
        room,
        **{
            "stay-placed_by_social_services": "unknown",
            "stay-decision_date": None,
            "stay-placing_municipality": None,
            "stay-home_municipality": "unknown",
        },
    )
    response = staff_client.post(URL, data)
    assert response.status_code == 302, response.context["stay_form"].errors
    stay = Stay.objects.get()
    assert (stay.placed_by_social_services, stay.home_municipality) == (None, None)
    # Editing shows the answers given, not an empty field to fill in again.
    form = staff_client.get(reverse("residents:stay_edit", args=[stay.pk])).context["form"]
    assert form["placed_by_social_services"].value() == "unknown"
    assert form["home_municipality"].value() == "unknown"


def test_the_case_number_takes_the_year_of_the_intake_not_of_the_entry(staff_client):
    # Today is 1 March 2026 (the autouse fixture); the stay began on 28 December 2025.
    late_entry = {"stay-intake": "2025-12-28", "stay-decision_date": "2025-12-27"}
    response = staff_client.post(URL, _post(RoomFactory(), **late_entry))
    assert response.status_code == 302, response.context["stay_form"].errors
    assert Resident.objects.get().case_number == "B-2025-001"
