"""jour/lib/formpages.py: a create/edit page saves as its user, sets who did it, audits, says so and redirects."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory, override_settings
from django.utils import timezone

from jour.audit.models import Action, AuditEvent
from jour.lib.formpages import form_page, save_audited
from jour.privacy.forms import RetentionPolicyForm
from jour.privacy.models import RetentionPolicy
from residents.models import Resident
from residents.plans.forms import HouseMeetingForm
from residents.plans.models import HouseMeeting

from ..factories import UserFactory
from ..plans.factories import HouseMeetingFactory
from ..residents.factories import ResidentFactory

pytestmark = pytest.mark.django_db

# A page of its own, so these tests see exactly what form_page gives the template.
PAGE = {"page.html": "{{ title }}|{% for name, errors in form.errors.items %}{{ name }}:{{ errors.0 }};{% endfor %}"}
ONE_PAGE = override_settings(
    TEMPLATES=[
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", PAGE)]},
        }
    ]
)


def _request(user, data: dict | None = None):
    request = RequestFactory().post("/form/", data) if data is not None else RequestFactory().get("/form/")
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _meeting_data(**changes) -> dict:
    data = {"held_on": timezone.localdate().isoformat(), "topics": ["safety"], "other_topics": "", "minutes": ""}
    data.update(changes)
    return data


def _events(obj) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("id"))


@ONE_PAGE
def test_a_valid_post_creates_the_record_with_its_author_and_many_to_many_audits_it_and_redirects():
    staff = UserFactory()
    present, absent = ResidentFactory(), ResidentFactory()
    request = _request(staff, _meeting_data(attendees=[present.pk]))
    form = HouseMeetingForm(request.POST, residents=Resident.objects.all())
    response = form_page(
        request, form, message="Saved.", success_url=lambda meeting: f"/meetings/{meeting.pk}/", template="page.html"
    )
    meeting = HouseMeeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/meetings/{meeting.pk}/"
    assert meeting.created_by == staff
    assert list(meeting.attendees.all()) == [present] and absent not in meeting.attendees.all()
    [event] = _events(meeting)
    assert (event.action, event.actor) == (Action.CREATE, staff)
    assert [message.message for message in get_messages(request)] == ["Saved."]


@ONE_PAGE
def test_an_invalid_post_saves_nothing_audits_nothing_and_shows_the_error_next_to_the_field():
    request = _request(UserFactory(), _meeting_data(topics=[], other_topics=""))
    form = HouseMeetingForm(request.POST, residents=Resident.objects.all())
    response = form_page(
        request, form, message="Saved.", success_url="/done/", template="page.html", context={"title": "Husmöte"}
    )
    assert response.status_code == 200
    assert response.content.decode().startswith("Husmöte|topics:")
    assert not HouseMeeting.objects.exists() and not AuditEvent.objects.exists()
    assert not list(get_messages(request))


@ONE_PAGE
def test_a_get_renders_the_form_with_the_context_and_saves_nothing():
    meeting = HouseMeetingFactory()
    request = _request(UserFactory())
    form = HouseMeetingForm(None, instance=meeting, residents=Resident.objects.all())
    response = form_page(request, form, message="Saved.", success_url="/", template="page.html", context={"title": "T"})
    assert (response.status_code, response.content.decode()) == (200, "T|")
    assert not AuditEvent.objects.exists()


def test_an_edit_is_audited_naming_the_changed_fields_and_one_that_changed_nothing_is_not_audited():
    author, editor = UserFactory(), UserFactory()
    meeting = HouseMeetingFactory(created_by=author, topics=["safety"], minutes="")

    version = meeting.lock_version
    unchanged = _request(editor, _meeting_data(held_on=meeting.held_on.isoformat()))
    form = HouseMeetingForm(unchanged.POST, instance=meeting, residents=Resident.objects.all())
    assert form.is_valid(), form.errors
    save_audited(unchanged, form, message="Saved.")
    assert _events(meeting) == []
    meeting.refresh_from_db()
    assert meeting.lock_version == version  # nothing written: a tab opened before stays valid
    assert [message.message for message in get_messages(unchanged)] == ["Saved."]

    changed = _request(editor, _meeting_data(held_on=meeting.held_on.isoformat(), minutes="Kort."))
    form = HouseMeetingForm(changed.POST, instance=meeting, residents=Resident.objects.all())
    assert form.is_valid(), form.errors
    save_audited(changed, form, message="Saved.")
    [event] = _events(meeting)
    assert (event.action, event.actor, event.fields) == (Action.CHANGE, editor, ["minutes"])
    meeting.refresh_from_db()
    assert meeting.created_by == author  # who created it stays who created it


def test_who_changed_it_is_set_on_every_save_that_changes_something():
    coordinator, before = UserFactory(role="coordinator"), UserFactory(role="coordinator")
    policy = RetentionPolicy.load()
    policy.updated_by = before
    policy.save()
    data = {name: value for name, value in RetentionPolicyForm(instance=policy).initial.items() if value is not None}
    unchanged = _request(coordinator, data)
    form = RetentionPolicyForm(unchanged.POST, instance=policy)
    assert form.is_valid(), form.errors
    save_audited(unchanged, form, message="Saved.")
    policy.refresh_from_db()
    assert policy.updated_by == before  # she saved without changing anything
    data["resident_years"] = policy.resident_years + 1
    request = _request(coordinator, data)
    form = RetentionPolicyForm(request.POST, instance=policy)
    assert form.is_valid(), form.errors
    save_audited(request, form, message="Saved.")
    policy.refresh_from_db()
    assert policy.updated_by == coordinator
    assert [event.fields for event in _events(policy)] == [["resident_years"]]


def test_values_are_set_before_the_save_and_an_author_given_is_kept():
    staff, on_behalf_of = UserFactory(), UserFactory()
    request = _request(staff, _meeting_data(minutes="Kort."))
    form = HouseMeetingForm(request.POST, residents=Resident.objects.all())
    assert form.is_valid(), form.errors
    meeting = save_audited(
        request,
        form,
        message=lambda saved: f"Meeting {saved.pk} saved.",
        values={"created_by": on_behalf_of},
        detail={"source": "test"},
    )
    assert HouseMeeting.objects.get().created_by == on_behalf_of
    [event] = _events(meeting)
    assert event.detail == {"source": "test"}
    assert [message.message for message in get_messages(request)] == [f"Meeting {meeting.pk} saved."]
