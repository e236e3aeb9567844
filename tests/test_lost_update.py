"""No lost update on any edit form of person data (jour/lib/versioning.py), with two real sessions.

Both open the form; the first saves; the second's save is refused with the message above the form, her
typed value stays in the form, the first one's value stays stored. Saving the refused form again (she
has seen what changed) then stores hers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from jour.accounts.models import Role
from jour.lib.versioning import STALE_MESSAGE, STALE_NO_FIELDS, VERSION_FIELD
from regulation.models import ChildPlacement, ChildPlan
from volunteers.views import STALE_TRANSITION

from . import test_access_matrix
from .conftest import signed_in_client
from .factories import UserFactory
from .html_forms import form_fields
from .test_access_matrix import _plans, _regulation

pytestmark = pytest.mark.django_db

world = test_access_matrix.world  # its fixture: one object of each kind, people in it carry marker names


@dataclass(frozen=True)
class Edit:
    url: str
    kwargs: Callable[[dict], dict]
    obj: Callable[[dict], object]
    field: str  # the form field both change
    first: str | list[str]
    second: str | list[str]
    attribute: str = ""  # the model attribute it saves to, when not the field's name
    who: str = "coordinator"  # "coordinator": two coordinators; "author"/"volunteer": two tabs of that one user
    extra: dict | None = None  # other fields the test sets, so that the form is valid
    new: bool = False  # nobody has written the record yet: both open an empty form, the first save creates it

    def __str__(self) -> str:
        return self.url


def _plan(w):
    return _plans(w)["plan"]


EDITS = [
    Edit(
        "calls:contact_edit",
        lambda w: {"pk": w["support_contact"].pk},
        lambda w: w["support_contact"],
        "note",
        "Först sparad",
        "Sedan sparad",
    ),
    Edit(
        "residents:resident_edit",
        lambda w: {"pk": w["resident"].pk},
        lambda w: w["resident"],
        "wishes",
        "Hennes önskan A",
        "Hennes önskan B",
    ),
    Edit(
        "residents:stay_edit",
        lambda w: {"pk": w["stay"].pk},
        lambda w: w["stay"],
        "case_worker_contact",
        "Handläggare A",
        "Handläggare B",
        extra={"placed_by_social_services": "no"},
    ),
    Edit("residents:child_edit", lambda w: {"pk": w["child"].pk}, lambda w: w["child"], "first_name", "Alva", "Bodil"),
    Edit(
        "residents:journal_entry_edit",
        lambda w: {"pk": w["journal_entry"].pk},
        lambda w: w["journal_entry"],
        "text",
        "Anteckning A",
        "Anteckning B",
        who="author",
    ),
    Edit(
        "plans:plan_edit",
        lambda w: {"stay_pk": _plan(w).stay_id},
        _plan,
        "next_follow_up_on",
        "2027-01-11",
        "2027-02-12",
    ),
    Edit(
        "plans:goal_edit", lambda w: {"pk": _plans(w)["goal"].pk}, lambda w: _plans(w)["goal"], "text", "Mål A", "Mål B"
    ),
    Edit(
        "plans:activity_edit",
        lambda w: {"pk": _plans(w)["activity"].pk},
        lambda w: _plans(w)["activity"],
        "what",
        "Aktivitet A",
        "Aktivitet B",
    ),
    Edit(
        "plans:support_edit",
        lambda w: {"pk": _plans(w)["support_entry"].pk},
        lambda w: _plans(w)["support_entry"],
        "purpose",
        "Syfte A",
        "Syfte B",
    ),
    Edit(
        "plans:safety_plan_edit",
        lambda w: {"resident_pk": w["resident"].pk},
        lambda w: _plans(w)["safety_plan"],
        "measures",
        "Åtgärd A",
        "Åtgärd B",
    ),
    Edit(
        "plans:meeting_edit",
        lambda w: {"pk": _plans(w)["house_meeting"].pk},
        lambda w: _plans(w)["house_meeting"],
        "minutes",
        "Protokoll A",
        "Protokoll B",
    ),
    Edit(
        "volunteers:volunteer_edit",
        lambda w: {"pk": w["volunteer_profile"].pk},
        lambda w: w["volunteer_profile"],
        "profession",
        "Yrke A",
        "Yrke B",
    ),
    Edit(
        "volunteers:my_availability",
        lambda w: {},
        lambda w: w["volunteer_profile"],
        "availability",
        ["mon_morning"],
        ["tue_evening"],
        who="volunteer",
    ),
    Edit(
        "volunteers:session_edit",
        lambda w: {"pk": w["study_session"].pk},
        lambda w: w["study_session"],
        "topic",
        "Ämne A",
        "Ämne B",
    ),
    Edit(
        "reporting:report_edit",
        lambda w: {"pk": w["report"].pk},
        lambda w: w["report"],
        "due_date",
        "2026-03-02",
        "2026-03-09",
    ),
    Edit(
        "reporting:report_answers",
        lambda w: {"pk": w["report"].pk},
        lambda w: w["report"].questions.order_by("position", "id").first(),
        "form-0-answer",
        "Svar A",
        "Svar B",
        attribute="answer",
    ),
    Edit(
        "reporting:report_questions",
        lambda w: {"pk": w["report"].pk},
        lambda w: w["report"].questions.order_by("position", "id").first(),
        "questions-0-text",
        "Fråga A",
        "Fråga B",
        attribute="text",
    ),
    Edit(
        "reporting:register_edit",
        lambda w: {"register": "deviations", "pk": w["deviation"].pk},
        lambda w: w["deviation"],
        "what_happened",
        "Det hände A",
        "Det hände B",
    ),
    Edit(
        "regulation:placement_edit",
        lambda w: {"pk": _regulation(w)["child_stay"].pk},
        lambda w: ChildPlacement.objects.get(child_stay=_regulation(w)["child_stay"]),
        "committee",
        "Nämnd A",
        "Nämnd B",
        new=True,
    ),
    Edit(
        "regulation:plan_edit",
        lambda w: {"pk": _regulation(w)["child_stay"].pk},
        lambda w: ChildPlan.objects.get(child_stay=_regulation(w)["child_stay"]),
        "goals",
        "Barnets mål A",
        "Barnets mål B",
        new=True,
    ),
    Edit(
        "regulation:request_edit",
        lambda w: {"pk": _regulation(w)["placement_request"].pk},
        lambda w: _regulation(w)["placement_request"],
        "adults",
        "2",
        "3",
    ),
]


def _clients(edit: Edit, world) -> tuple[Client, Client]:
    if edit.who == "author":
        user = world["journal_entry"].author
        return signed_in_client(user), signed_in_client(user)
    if edit.who == "volunteer":
        user = world["volunteer_profile"].user
        return signed_in_client(user), signed_in_client(user)
    return (
        signed_in_client(UserFactory(role=Role.COORDINATOR, username="first_coordinator")),
        signed_in_client(UserFactory(role=Role.COORDINATOR, username="second_coordinator")),
    )


def _stored(edit: Edit, world):
    obj = edit.obj(world)
    obj.refresh_from_db()
    value = getattr(obj, edit.attribute or edit.field)
    return sorted(value) if isinstance(value, list) else str(value)


def _expected(value):
    return sorted(value) if isinstance(value, list) else value


def _stale_text() -> tuple[str, str]:
    with translation.override("sv"):
        return str(STALE_MESSAGE).split("%")[0], str(STALE_NO_FIELDS)


@pytest.mark.parametrize("edit", EDITS, ids=str)
def test_the_second_save_is_refused_and_keeps_her_input(edit: Edit, world):
    if not edit.new:
        edit.obj(world)  # the record exists before either opens the form
    else:
        edit.kwargs(world)
    url = reverse(edit.url, kwargs=edit.kwargs(world))
    first, second = _clients(edit, world)
    first_page, second_page = first.get(url), second.get(url)
    assert first_page.status_code == second_page.status_code == 200
    first_data = form_fields(first_page.content.decode(), containing=edit.field)
    second_data = form_fields(second_page.content.decode(), containing=edit.field)
    assert VERSION_FIELD in first_data or any(key.endswith(f"-{VERSION_FIELD}") for key in first_data)

    response = first.post(url, {**first_data, **(edit.extra or {}), edit.field: edit.first})
    assert response.status_code == 302, _errors(response)
    assert _stored(edit, world) == _expected(edit.first)

    response = second.post(url, {**second_data, **(edit.extra or {}), edit.field: edit.second})
    page = response.content.decode()
    assert response.status_code == 200
    assert any(text in page for text in _stale_text()), _errors(response)
    assert _stored(edit, world) == _expected(edit.first)  # the first one's value is kept
    for value in edit.second if isinstance(edit.second, list) else [edit.second]:
        assert escape(value) in page  # her typed input is still in the form

    # She has seen what changed: saving the form as it now stands stores hers.
    again = form_fields(page, containing=edit.field)
    response = second.post(url, again)
    assert response.status_code == 302, _errors(response)
    assert _stored(edit, world) == _expected(edit.second)


def _errors(response) -> str:
    """The form's errors, for a failure message (the page itself is long)."""
    context = response.context or {}
    found = []
    for key in ("form", "formset"):
        form = context.get(key)
        if form is not None:
            found.append(f"{key}: {getattr(form, 'errors', '')} {getattr(form, 'non_form_errors', lambda: '')()}")
    return f"{response.status_code} {' '.join(found)}"


def test_a_match_changed_meanwhile_is_not_changed_again_from_an_old_page(world):
    """The match's buttons carry its version: ending it from a page opened before someone paused it is refused."""
    match = world["volunteer_match"]
    url = reverse("volunteers:match_detail", kwargs={"pk": match.pk})
    first, second = _clients(Edit("", dict, dict, "", "", ""), world)
    first_page, second_page = first.get(url).content.decode(), second.get(url).content.decode()
    pause = form_fields(first_page, containing=VERSION_FIELD)  # the first form on the page: pause (it is active)
    end = form_fields(second_page, containing="end_reason")
    transition = reverse("volunteers:match_transition", kwargs={"pk": match.pk})

    assert first.post(transition, {**pause, "action": "pause"}).status_code == 302
    response = second.post(transition, {**end, "action": "end", "end_reason": "completed"}, follow=True)
    match.refresh_from_db()
    assert match.status == "paused"  # not ended behind the first one's back
    with translation.override("sv"):
        assert escape(str(STALE_TRANSITION)) in response.content.decode()


def test_a_meeting_marked_held_in_one_tab_is_not_marked_again_from_another(world):
    """Held is a one-way step: the second tab's "held" (another length, another note) changes nothing."""
    meeting = world["volunteer_meeting"]
    url = reverse("volunteers:my_meeting", kwargs={"pk": meeting.pk})
    first, second = _clients(Edit("", dict, dict, "", "", "", who="volunteer"), world)
    first_page, second_page = first.get(url).content.decode(), second.get(url).content.decode()
    first_data = form_fields(first_page, containing="duration_hours")
    second_data = form_fields(second_page, containing="duration_hours")

    held = {"action": "held", "duration_hours": "1.5", "note": "Promenad A"}
    assert first.post(url, {**first_data, **held}).status_code == 302
    response = second.post(url, {**second_data, **held, "duration_hours": "3", "note": "Promenad B"})
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert (meeting.status, str(meeting.duration_hours), meeting.note) == ("held", "1.50", "Promenad A")
    assert "Promenad B" not in response.content.decode()  # the page shows the meeting as it was held
