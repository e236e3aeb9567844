"""A double-clicked "Spara" stores one record, not two (jour/lib/formtoken.py), on every create form of person data.

The page is fetched as a browser would and its form submitted twice, unchanged: the first POST saves and
redirects; the second saves nothing, writes no audit event and goes where the first one led.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
import time_machine
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from jour.audit.models import AuditEvent
from jour.calls.models import RecurringContact, SupportContact
from jour.lib.formtoken import ALREADY_SAVED, TOKEN_FIELD
from regulation.models import ChildView, PlacementRequest
from reporting.models import Deviation, FollowUpReport
from residents.models import Child, JournalEntry, Resident, Stay
from residents.plans.models import Activity, Goal, HouseMeeting, PlanFollowUp, SupportEntry
from volunteers.models import Meeting, VolunteerProfile

from . import test_access_matrix
from .conftest import signed_in_client
from .factories import UserFactory
from .html_forms import form_fields
from .test_access_matrix import _plans, _regulation

pytestmark = pytest.mark.django_db

world = test_access_matrix.world  # its fixture: one object of each kind, people in it carry marker names


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        yield


@dataclass(frozen=True)
class Create:
    url: str
    kwargs: Callable[[dict], dict]
    model: type[models.Model]
    field: str  # a field of the form, to find it on the page
    data: Callable[[dict], dict]  # what she fills in
    who: str = "coordinator"

    def __str__(self) -> str:
        return self.url


def _new_resident(w):
    from tests.residents.factories import ResidentFactory

    return ResidentFactory()


CREATES = [
    Create(
        "calls:contact_create",
        lambda w: {},
        SupportContact,
        "note",
        lambda w: {
            "started_at": "2026-03-01T09:50",
            "channel": "phone",
            "kind": "support",
            "place": "0136",
            "note": "Ringde om boende",
        },
        who="staff",
    ),
    Create(
        "calls:recurring_create",
        lambda w: {},
        RecurringContact,
        "pseudonym",
        lambda w: {"pseudonym": "Återkommande A"},
        who="staff",
    ),
    Create(
        "residents:admit",
        lambda w: {},
        Resident,
        "resident-first_name",
        lambda w: {
            "stay-room": w["room"].pk,
            "stay-intake": "2026-02-28",
            "stay-placed_by_social_services": "no",
            "stay-home_municipality": "0136",
            "resident-first_name": "Amina",
            "resident-last_name": "Hassan",
            "resident-birth_year": "1990",
            "resident-protection_level": "none",
            "resident-country_of_birth": "SY",
            "resident-education_level": "upper_secondary",
        },
    ),
    Create(
        "residents:stay_create",
        lambda w: {"pk": w.setdefault("new_resident", _new_resident(w)).pk},
        Stay,
        "intake",
        lambda w: {
            "room": w["room"].pk,
            "intake": "2025-01-10",
            "discharge": "",
            "placed_by_social_services": "no",
            "home_municipality": "0136",
        },
    ),
    Create(
        "residents:child_create",
        lambda w: {"pk": w["resident"].pk},
        Child,
        "first_name",
        lambda w: {"first_name": "Omar", "birth_year": "2018", "protection_level": "none"},
    ),
    Create(
        "residents:resident_journal",
        lambda w: {"pk": w["resident"].pk},
        JournalEntry,
        "text",
        lambda w: {"entry_type": "event", "text": "Samtal om skolan"},
    ),
    Create(
        "residents:child_journal",
        lambda w: {"pk": w["child"].pk},
        JournalEntry,
        "text",
        lambda w: {"entry_type": "event", "text": "Barnsamtal"},
    ),
    Create(
        "residents:journal_entry_correct",
        lambda w: {"pk": w["journal_entry"].pk},
        JournalEntry,
        "text",
        lambda w: {"text": "Rättelse"},
    ),
    Create(
        "plans:goal_create",
        lambda w: {"stay_pk": w["stay"].pk},
        Goal,
        "text",
        lambda w: {"area": "housing", "text": "Eget boende"},
    ),
    Create(
        "plans:activity_create",
        lambda w: {"goal_pk": _plans(w)["goal"].pk},
        Activity,
        "what",
        lambda w: {"what": "Söka lägenhet", "who": "herself"},
    ),
    Create(
        "plans:follow_up_create",
        lambda w: {"stay_pk": _plans(w)["plan"].stay_id},
        PlanFollowUp,
        "note",
        lambda w: {"held_on": "2026-02-27", "note": "Uppföljning"},
    ),
    Create(
        "plans:support_create",
        lambda w: {"resident_pk": w["resident"].pk},
        SupportEntry,
        "purpose",
        lambda w: {
            "purpose": "Följa med",
            "on": "2026-02-27",
            "kind": "accompaniment",
            "authority": "police",
            "duration_minutes": "60",
        },
    ),
    Create(
        "plans:meeting_create",
        lambda w: {},
        HouseMeeting,
        "minutes",
        lambda w: {
            "held_on": "2026-02-27",
            "minutes": "Husmöte",
            "topics": ["swedish"],
            "attendees": [str(w["resident"].pk)],
        },
    ),
    Create(
        "volunteers:volunteer_new",
        lambda w: {},
        VolunteerProfile,
        "profession",
        lambda w: {
            "user": str(w.setdefault("new_volunteer", UserFactory(role="volunteer")).pk),
            "profession": "Lärare",
            "capacity": "1",
        },
    ),
    Create(
        "volunteers:my_meeting_new",
        lambda w: {},
        Meeting,
        "starts_at",
        lambda w: {"match": str(w["volunteer_match"].pk), "starts_at": "2026-03-04T15:00", "meeting_type": "fika"},
        who="volunteer",
    ),
    Create(
        "reporting:report_create",
        lambda w: {},
        FollowUpReport,
        "period_start",
        lambda w: {
            "municipality": "0136",
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
            "due_date": "2026-03-31",
        },
    ),
    Create(
        "reporting:register_create",
        lambda w: {"register": "deviations"},
        Deviation,
        "what_happened",
        lambda w: {"date": "2026-02-27", "kind": "deviation", "reporter": "Personal", "what_happened": "En avvikelse"},
    ),
    Create(
        "regulation:request_create",
        lambda w: {},
        PlacementRequest,
        "adults",
        lambda w: {
            "received_at": "2026-02-20T09:30",
            "source": "social_services",
            "municipality": "0136",
            "adults": "1",
            "children": "0",
            "outcome": "turned_away",
            "turned_away_reason": "full",
            "answered_at": "2026-02-20T10:15",
        },
    ),
    Create(
        "regulation:view_create",
        lambda w: {"pk": _regulation(w)["child_stay"].pk},
        ChildView,
        "text",
        lambda w: {"recorded_on": "2026-02-27", "obtained_by": "conversation", "text": "Barnets egna ord"},
    ),
]


def _client(create: Create, world):
    if create.who == "staff":
        return signed_in_client(world["staff"])
    if create.who == "volunteer":
        match = world["volunteer_match"]
        match.status = "active"
        match.save()
        return signed_in_client(match.volunteer.user)
    return signed_in_client(UserFactory(role="coordinator", username="double_clicker"))


def _errors(response) -> str:
    context = response.context or {}
    return " ".join(
        str(getattr(context.get(key), "errors", "")) for key in ("form", "resident_form", "stay_form") if key in context
    )


@pytest.mark.parametrize("create", CREATES, ids=str)
def test_a_double_click_stores_one_record(create: Create, world):
    url = reverse(create.url, kwargs=create.kwargs(world))
    client = _client(create, world)
    page = client.get(url)
    assert page.status_code == 200
    data = {**form_fields(page.content.decode(), containing=create.field), **create.data(world)}
    assert any(key == TOKEN_FIELD or key.endswith(f"-{TOKEN_FIELD}") for key in data), "the form has no token"
    before, events = create.model.objects.count(), AuditEvent.objects.count()

    first = client.post(url, data)
    assert first.status_code == 302, _errors(first)
    assert create.model.objects.count() == before + 1
    events_of_the_first = AuditEvent.objects.count() - events

    second = client.post(url, data)
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert create.model.objects.count() == before + 1
    assert AuditEvent.objects.count() - events == events_of_the_first  # the second wrote nothing either
    with translation.override("sv"):
        said = escape(str(ALREADY_SAVED))
    assert said in client.get(second["Location"]).content.decode()  # and says so


def test_two_forms_opened_separately_store_two_records(world):
    """The token is per rendered form: a second contact logged from a fresh page is a second contact."""
    client = signed_in_client(world["staff"])
    url = reverse("calls:contact_create")
    before = SupportContact.objects.count()
    for note in ("Första samtalet", "Andra samtalet"):
        data = form_fields(client.get(url).content.decode(), containing="note")
        data.update(
            {"started_at": "2026-03-01T09:50", "channel": "phone", "kind": "support", "place": "0136", "note": note}
        )
        assert client.post(url, data).status_code == 302
    assert SupportContact.objects.count() == before + 2
