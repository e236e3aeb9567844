"""Practical support log, society orientation and house meetings."""

from datetime import date, timedelta

import pytest
import time_machine

from jour.audit.models import Action, AuditEvent
from residents.plans.models import (
    HouseMeeting,
    OrientationProgress,
    OrientationStatus,
    OrientationTopic,
    SupportEntry,
)
from tests.markup import compact

from ..residents.factories import ResidentFactory, RoomFactory, StayFactory
from .factories import HouseMeetingFactory, OrientationProgressFactory, SupportEntryFactory

NEXT_MONTH = (date.today() + timedelta(days=30)).isoformat()

pytestmark = pytest.mark.django_db


# Practical support ------------------------------------------------------------------------------


def test_support_entry_is_recorded_and_audited(staff_client, staff):
    resident = ResidentFactory()
    response = staff_client.post(
        f"/plans/residents/{resident.pk}/support/new/",
        {
            "kind": "accompaniment",
            "authority": "tax_agency",
            "purpose": "Ansöka om id-kort",
            "on": "2026-02-03",
            "staff_member": staff.pk,
            "duration_minutes": "90",
            "outcome": "Ansökan inlämnad",
        },
    )
    assert response.status_code == 302
    entry = SupportEntry.objects.get()
    assert entry.resident == resident and entry.authority == "tax_agency" and entry.duration_minutes == 90
    event = AuditEvent.objects.get(action=Action.CREATE, object_type="plans.supportentry")
    assert "Ansökan" not in str(event.detail) + str(event.fields)
    page = staff_client.get(f"/plans/residents/{resident.pk}/").content.decode()
    assert "Skatteverket" in page and "Medföljning" in page and "Ansökan inlämnad" in page
    assert AuditEvent.objects.filter(action=Action.VIEW, object_type="residents.resident").exists()


def test_bad_support_entry_is_refused(staff_client, volunteer_user):
    resident = ResidentFactory()
    response = staff_client.post(
        f"/plans/residents/{resident.pk}/support/new/",
        {
            "kind": "accompaniment",
            "authority": "embassy",
            "purpose": "",
            "on": NEXT_MONTH,  # in the future, yet plausible (2999 is refused as implausible)
            "staff_member": volunteer_user.pk,  # a contact woman is not staff
            "duration_minutes": "0",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Välj ett giltigt alternativ" in html
    assert "Datumet kan inte ligga i framtiden." in html
    assert "Detta fält måste fyllas i." in html
    assert "1" in html and "Kontrollera att detta värde är större än eller lika med 1." in html
    assert not SupportEntry.objects.exists()


def test_support_edit_names_changed_fields(staff_client):
    entry = SupportEntryFactory()
    data = {
        "kind": entry.kind,
        "authority": "police",
        "purpose": entry.purpose,
        "on": entry.on.isoformat(),
        "staff_member": entry.staff_member.pk,
        "duration_minutes": "120",
        "outcome": "",
    }
    assert staff_client.post(f"/plans/support/{entry.pk}/edit/", data).status_code == 302
    event = AuditEvent.objects.get(action=Action.CHANGE, object_type="plans.supportentry")
    assert event.fields == ["authority", "duration_minutes"]


def test_resident_support_page_runs_a_constant_number_of_queries(staff_client, django_assert_max_num_queries):
    for rows in (2, 40):
        resident = ResidentFactory()
        StayFactory(resident=resident)
        for _ in range(rows):
            SupportEntryFactory(resident=resident)
        with django_assert_max_num_queries(20):
            assert staff_client.get(f"/plans/residents/{resident.pk}/").status_code == 200


# Society orientation ----------------------------------------------------------------------------


def test_default_topics_come_from_the_data_migration():
    names = set(OrientationTopic.objects.values_list("name", flat=True))
    for expected in ["Svenska språket", "Mobilt BankID", "Cykla", "Skriva CV", "Skriva in sig på Arbetsförmedlingen"]:
        assert expected in names


@time_machine.travel("2026-03-04 10:00 +0100", tick=False)
def test_orientation_progress_is_saved_with_todays_date(staff_client):
    resident = ResidentFactory()
    bankid = OrientationTopic.objects.get(name="Mobilt BankID")
    cycling = OrientationTopic.objects.get(name="Cykla")
    data = {f"status_{t.pk}": "not_started" for t in OrientationTopic.objects.active()}
    data[f"status_{bankid.pk}"] = "done"
    data[f"status_{cycling.pk}"] = "in_progress"
    data[f"on_{cycling.pk}"] = "2026-02-20"
    assert staff_client.post(f"/plans/residents/{resident.pk}/orientation/", data).status_code == 302
    rows = {p.topic.name: p for p in OrientationProgress.objects.select_related("topic")}
    assert set(rows) == {"Mobilt BankID", "Cykla"}
    assert rows["Mobilt BankID"].status == OrientationStatus.DONE and rows["Mobilt BankID"].on == date(2026, 3, 4)
    assert rows["Cykla"].on == date(2026, 2, 20)
    # Cycling done now: the status changes and the date follows.
    data[f"status_{cycling.pk}"] = "done"
    staff_client.post(f"/plans/residents/{resident.pk}/orientation/", data)
    cycling_row = OrientationProgress.objects.get(topic=cycling)
    assert cycling_row.status == OrientationStatus.DONE and cycling_row.on == date(2026, 3, 4)
    assert AuditEvent.objects.get(action=Action.CHANGE, object_type="plans.orientationprogress").fields == [
        "on",
        "status",
    ]


def test_orientation_bad_input(staff_client):
    resident = ResidentFactory()
    topic = OrientationTopic.objects.get(name="Cykla")
    response = staff_client.post(
        f"/plans/residents/{resident.pk}/orientation/",
        {f"status_{topic.pk}": "flying", f"on_{topic.pk}": NEXT_MONTH},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Välj ett giltigt alternativ" in html and "Datumet kan inte ligga i framtiden." in html
    assert not OrientationProgress.objects.exists()


@time_machine.travel("2026-03-04 10:00 +0100", tick=False)
@pytest.mark.parametrize("residents", [2, 25])
def test_orientation_overview_constant_queries(staff_client, django_assert_max_num_queries, residents):
    room = RoomFactory(beds=30)
    topics = list(OrientationTopic.objects.active()[:3])
    for i in range(residents):
        stay = StayFactory(room=room, intake=date(2026, 2, 1))
        OrientationProgressFactory(resident=stay.resident, topic=topics[i % 3])
    gone = StayFactory(room=room, intake=date(2026, 1, 1), discharge=date(2026, 2, 1), resident__first_name="Utflyttad")
    OrientationProgressFactory(resident=gone.resident, topic=topics[0])
    with django_assert_max_num_queries(16):
        response = staff_client.get("/plans/orientation/")
    html = response.content.decode()
    assert html.count("badge text-bg-success") == residents
    assert "Utflyttad" not in html


# The overview's rows as its template rendered them before residents/plans/views.py built them in Python.
ORIENTATION_ROWS_AS_A_TEMPLATE = """{% load i18n disclosure %}{% for resident, cells in rows %}
  <tr>
    <td><a href="{% url 'plans:orientation' resident.pk %}">{{ resident|woman_shown:"staff_list" }}</a></td>
    {% for progress in cells %}
    <td class="text-center small">{% if progress.status == "done" %}<span class="badge text-bg-success" title="{{ progress.on|date:'SHORT_DATE_FORMAT' }}">{% translate "Done" %}</span>{% elif progress.status == "in_progress" %}<span class="badge text-bg-warning">{% translate "In progress" %}</span>{% else %}<span class="text-muted">–</span>{% endif %}</td>
    {% endfor %}
  </tr>{% endfor %}"""  # noqa: E501


def test_the_overview_rows_are_the_markup_the_template_made_in_swedish_and_english():
    from django.template import Context, Template
    from django.utils import translation

    from residents.plans.views import _orientation_rows

    topics = list(OrientationTopic.objects.active()[:4])
    protected = ResidentFactory(first_name="<b>Amina</b>", last_name="Nord", protection_level="protected_registration")
    plain = ResidentFactory(first_name="Eva & Li", last_name="Söder")
    progress = {
        (protected.pk, topics[0].pk): OrientationProgressFactory(
            resident=protected, topic=topics[0], status=OrientationStatus.DONE, on=date(2026, 2, 3)
        ),
        (protected.pk, topics[1].pk): OrientationProgressFactory(
            resident=protected, topic=topics[1], status=OrientationStatus.IN_PROGRESS
        ),
        (plain.pk, topics[1].pk): OrientationProgressFactory(
            resident=plain, topic=topics[1], status=OrientationStatus.NOT_STARTED
        ),
        (plain.pk, topics[2].pk): OrientationProgressFactory(
            resident=plain, topic=topics[2], status=OrientationStatus.DONE, on=date(2025, 12, 24)
        ),
    }
    residents = [protected, plain]
    rows = [(resident, [progress.get((resident.pk, topic.pk)) for topic in topics]) for resident in residents]
    status = {key: (row.status, row.on) for key, row in progress.items()}

    for language in ("sv", "en"):
        with translation.override(language):
            expected = compact(Template(ORIENTATION_ROWS_AS_A_TEMPLATE).render(Context({"rows": rows})))
            assert compact(_orientation_rows(residents, topics, status)) == expected
    with translation.override("sv"):
        html = str(_orientation_rows(residents, topics, status))
    assert "&lt;b&gt;Amina&lt;/b&gt; ***" in html and "Nord" not in html and "Eva &amp; Li Söder" in html
    assert html.count("Klar") == 2 and 'title="2026-02-03"' in html


def test_the_overview_says_when_no_one_lives_here(staff_client):
    html = staff_client.get("/plans/orientation/").content.decode()
    assert "Ingen bor här just nu." in html


def test_topics_are_configured_by_the_coordinator(coordinator_client, staff_client):
    assert staff_client.get("/plans/orientation/topics/").status_code == 404
    response = coordinator_client.post(
        "/plans/orientation/topics/new/", {"name": "Simma", "position": "200", "is_active": "on"}
    )
    assert response.status_code == 302
    topic = OrientationTopic.objects.get(name="Simma")
    assert topic.is_active
    response = coordinator_client.post("/plans/orientation/topics/new/", {"name": "Simma", "position": "1"})
    assert response.status_code == 200 and "finns redan" in response.content.decode()


# House meetings ---------------------------------------------------------------------------------


@time_machine.travel("2026-03-04 10:00 +0100", tick=False)
def test_house_meeting_with_attendance_of_current_residents(staff_client):
    room = RoomFactory(beds=10)
    here = StayFactory(room=room, intake=date(2026, 2, 1), resident__first_name="Hannelorexa").resident
    gone = StayFactory(
        room=room, intake=date(2026, 1, 1), discharge=date(2026, 2, 1), resident__first_name="Gunillaquinta"
    ).resident
    form = staff_client.get("/plans/meetings/new/").content.decode()
    assert "Hannelorexa" in form and "Gunillaquinta" not in form
    response = staff_client.post(
        "/plans/meetings/new/",
        {
            "held_on": "2026-03-03",
            "topics": ["divorce", "holidays"],
            "other_topics": "Valborg",
            "attendees": [here.pk],
            "minutes": "Vi pratade om rättigheter vid skilsmässa och om valborg.",
        },
    )
    assert response.status_code == 302
    meeting = HouseMeeting.objects.get()
    assert list(meeting.attendees.all()) == [here] and meeting.topics == ["divorce", "holidays"]
    # Someone who has moved out cannot be marked present.
    response = staff_client.post(
        f"/plans/meetings/{meeting.pk}/edit/",
        {"held_on": "2026-03-03", "topics": ["divorce"], "attendees": [here.pk, gone.pk], "minutes": ""},
    )
    assert response.status_code == 200 and "Välj ett giltigt alternativ" in response.content.decode()
    listing = staff_client.get("/plans/meetings/").content.decode()
    assert "Kvinnors rättigheter vid skilsmässa" in listing and "Valborg" in listing


def test_house_meeting_needs_a_topic(staff_client):
    response = staff_client.post("/plans/meetings/new/", {"held_on": "2026-03-03", "minutes": "x"})
    assert response.status_code == 200
    assert "Välj ett ämne eller skriv ett under andra ämnen." in response.content.decode()
    assert not HouseMeeting.objects.exists()


@pytest.mark.parametrize("meetings", [3, 60])
def test_meeting_list_constant_queries(staff_client, django_assert_max_num_queries, meetings):
    resident = ResidentFactory()
    for _ in range(meetings):
        HouseMeetingFactory().attendees.add(resident)
    with django_assert_max_num_queries(15):
        assert staff_client.get("/plans/meetings/").status_code == 200
