"""The fast entry page: defaults, saving, "save and log another", and bad input."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from jour.audit.models import Action, AuditEvent
from jour.calls.models import Residence, SupportContact
from jour.calls.stats import contact_statistics
from jour.shelter.models import Municipality, ShelterProfile
from residents.models import Resident

from .factories import RecurringContactFactory, SupportContactFactory

URL = reverse("calls:contact_create")
NOW = "2026-03-01 10:00 +0100"


@pytest.fixture
def home(db):
    profile = ShelterProfile.load()
    profile.municipality = Municipality.objects.get(code="0136")
    profile.save()
    return profile.municipality


def minimal(**overrides):
    data = {"started_at": "2026-03-01T09:50", "channel": "phone", "kind": "support", "place": "0136"}
    data.update(overrides)
    return data


def post(client, data):
    data.setdefault("staff", client.session.get("_auth_user_id"))
    return client.post(URL, data)


@time_machine.travel(NOW, tick=False)
def test_the_form_is_prefilled_with_now_not_asked_and_the_last_channel(staff_client, staff, home):
    response = staff_client.get(URL)
    form = response.context["form"]
    assert 'value="2026-03-01T10:00"' in str(form["started_at"])
    # Never the shelter's own municipality: a default nobody changed would count her as living inside it.
    assert form["place"].value() == "unknown"
    assert "Ej frågat eller okänt" in response.content.decode()
    assert form["channel"].value() == "phone"  # nothing logged yet
    assert form["staff"].value() == staff.pk
    SupportContactFactory(staff=staff, channel="chat")
    assert staff_client.get(URL).context["form"]["channel"].value() == "chat"
    html = response.content.decode()
    assert "autofocus" in html and 'name="another"' in html
    assert "Skriv inte namn" in html  # the reminder next to the note


@time_machine.travel(NOW, tick=False)
def test_an_anonymous_call_is_saved_with_three_fields_and_audited(staff_client, staff, home):
    response = post(staff_client, minimal())
    assert response.status_code == 302 and response["Location"] == reverse("calls:contact_list")
    contact = SupportContact.objects.get()
    assert (contact.channel, contact.kind, contact.staff, contact.created_by) == ("phone", "support", staff, staff)
    assert (contact.residence, contact.municipality_id, contact.recurring_contact) == ("municipality", "0136", None)
    assert contact.started_at == dt.datetime(2026, 3, 1, 9, 50, tzinfo=timezone.get_current_timezone())
    event = AuditEvent.objects.get(action=Action.CREATE)
    assert (event.object_type, event.object_id, event.actor) == ("calls.supportcontact", str(contact.pk), staff)


@time_machine.travel(NOW, tick=False)
def test_save_and_log_another_returns_to_an_empty_form(staff_client, home):
    response = post(staff_client, minimal(another="1", channel="sms"))
    assert response["Location"] == URL
    assert staff_client.get(URL).context["form"]["channel"].value() == "sms"


@time_machine.travel(NOW, tick=False)
def test_all_answers_are_saved(staff_client, staff, home):
    recurring = RecurringContactFactory(created_by=staff)
    data = minimal(
        place="abroad",
        duration_minutes="25",
        direction="out",
        caller="woman",
        age_band="26-35",
        social_services_contact="yes",
        violence_types=["physical", "digital"],
        perpetrator_relation="former_partner",
        children_affected="yes",
        topics=["safety", "housing"],
        meeting_offered="on",
        outcomes=["police"],
        housing_requested="on",
        housing_outcome="no_place",
        interpreter_used="on",
        interpreter_language="arabiska",
        note="Ringer igen i morgon.",
        recurring_code=recurring.code.lower().removeprefix("k-"),  # forgiving about case and prefix
    )
    assert post(staff_client, data).status_code == 302
    c = SupportContact.objects.get()
    assert (c.residence, c.municipality_id) == (Residence.ABROAD, None)
    assert c.violence_types == ["physical", "digital"] and c.topics == ["safety", "housing"]
    assert c.outcomes == ["meeting_offered", "police"]
    assert (c.housing_requested, c.housing_outcome, c.interpreter_language) == (True, "no_place", "arabiska")
    assert (c.duration_minutes, c.direction, c.recurring_contact) == (25, "out", recurring)
    assert c.note == "Ringer igen i morgon."
    # Encrypted at rest.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM calls_supportcontact WHERE id = %s", [c.pk])
        assert cursor.fetchone()[0].startswith("fernet:")


@time_machine.travel(NOW, tick=False)
def test_a_contact_can_be_attached_to_a_known_resident_by_case_number(staff_client, home):
    resident = Resident.objects.create(first_name="Test", last_name="Boende")
    assert post(staff_client, minimal(resident_case=resident.case_number.lower())).status_code == 302
    assert SupportContact.objects.get().resident == resident


BAD_INPUT = [
    ({"started_at": "2026-03-01T10:06"}, "started_at", "mer än 5 minuter"),
    ({"duration_minutes": "-1"}, "duration_minutes", "negativ"),
    ({"duration_minutes": "481"}, "duration_minutes", "8 timmar"),
    ({"place": "9999"}, "place", "Okänd kommun"),
    ({"recurring_code": "K-2026-9999"}, "recurring_code", "Det finns ingen återkommande kontakt"),
    ({"resident_case": "B-2026-999"}, "resident_case", "Det finns ingen boende"),
    ({"kind": ""}, "kind", "måste fyllas i"),
    ({"channel": "pigeon"}, "channel", "giltigt"),
    ({"housing_outcome": "offered"}, "housing_outcome", "skyddat boende"),
]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("change", "field", "message"), BAD_INPUT, ids=[b[1] + str(i) for i, b in enumerate(BAD_INPUT)]
)
def test_bad_input_is_shown_next_to_the_field_in_swedish_and_nothing_is_saved(
    staff_client, home, change, field, message
):
    response = post(staff_client, minimal(**change))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field], errors
    assert message in " ".join(errors[field])
    html = response.content.decode()
    # The error is under the field, in the field's own box, and the widget points to it.
    box = html[html.index(f'<div id="div_id_{field}"') :]
    box = box[: box.find('<div id="div_id_', 1)]
    assert f'id="error_1_id_{field}"' in box and message in box
    widget = re.search(r"<(input|select|textarea) [^>]*is-invalid[^>]*>", box).group(0)
    assert f"id_{field}_error" in widget and 'aria-invalid="true"' in widget
    assert not SupportContact.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.CREATE).exists()


@time_machine.travel(NOW, tick=False)
def test_four_minutes_ahead_is_accepted(staff_client, home):
    assert post(staff_client, minimal(started_at="2026-03-01T10:04")).status_code == 302


@time_machine.travel(NOW, tick=False)
def test_recurring_and_resident_together_are_refused(staff_client, staff, home):
    recurring = RecurringContactFactory(created_by=staff)
    resident = Resident.objects.create(first_name="Test", last_name="Boende")
    response = post(staff_client, minimal(recurring_code=recurring.code, resident_case=resident.case_number))
    assert "resident_case" in response.context["form"].errors
    assert not SupportContact.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_contact_saved_with_the_defaults_counts_as_unknown_municipality(staff_client, staff, home):
    form = staff_client.get(URL).context["form"]
    data = {name: form[name].value() for name in ("started_at", "channel", "place", "staff")}
    data["started_at"] = "2026-03-01T09:50"
    data["kind"] = "support"
    assert staff_client.post(URL, data).status_code == 302
    contact = SupportContact.objects.get()
    assert (contact.residence, contact.municipality_id) == ("unknown", None)
    stats = contact_statistics(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), home_municipality_code="0136")
    assert (stats.persons.inside, stats.persons.outside, stats.persons.unknown) == (0, 0, 1)


@time_machine.travel(NOW, tick=False)
def test_offered_a_personal_meeting_is_in_the_fast_part_and_counted(staff_client, home):
    html = staff_client.get(URL).content.decode()
    fast_part = html.split("<details")[0]
    assert 'name="meeting_offered"' in fast_part and 'data-shortcut="KeyM"' in fast_part
    assert 'value="meeting_offered"' not in html  # not twice: the outcome boxes keep the rest
    assert post(staff_client, minimal(meeting_offered="on", outcomes=["police"])).status_code == 302
    assert SupportContact.objects.get().outcomes == ["meeting_offered", "police"]
    stats = contact_statistics(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), home_municipality_code="0136")
    assert stats.meeting_offered.total == 1


@time_machine.travel(NOW, tick=False)
def test_editing_keeps_or_removes_the_offered_meeting(staff_client, staff, home):
    contact = SupportContactFactory(staff=staff, created_by=staff, outcomes=["meeting_offered"])
    edit = reverse("calls:contact_edit", args=[contact.pk])
    assert staff_client.get(edit).context["form"]["meeting_offered"].value() is True
    data = minimal(staff=staff.pk)
    assert staff_client.post(edit, data).status_code == 302
    contact.refresh_from_db()
    assert contact.outcomes == []
