"""jour/lib/versioning.py: a save based on an older version is refused, never written over the newer one."""

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory

from jour.lib.versioning import (
    FINGERPRINT_FIELD,
    VERSION_FIELD,
    StaleVersion,
    StaleVersionMiddleware,
    Versioned,
    versioned_models,
)
from residents.forms import ChildForm
from residents.models import Child

from ..residents.factories import ChildFactory

pytestmark = pytest.mark.django_db


def _loaded_form_data(child: Child, **changes) -> dict:
    """What the child's edit page submits: the values and hidden fields as they were when it was opened."""
    form = ChildForm(instance=child)
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data.update(changes)
    return data


def test_a_save_raises_the_version_and_a_save_from_an_older_copy_is_refused():
    child = ChildFactory(first_name="Alva")
    first, second = Child.objects.get(pk=child.pk), Child.objects.get(pk=child.pk)
    first.first_name = "Bodil"
    first.save()
    assert first.lock_version == 2
    second.first_name = "Cilla"
    with pytest.raises(StaleVersion):
        second.save()
    assert second.lock_version == 1  # unchanged: it may be reloaded and tried again
    child.refresh_from_db()
    assert (child.first_name, child.lock_version) == ("Bodil", 2)


def test_a_save_of_some_fields_raises_the_version_too():
    child = ChildFactory()
    child.birth_year = 2019
    child.save(update_fields=["birth_year"])
    child.refresh_from_db()
    assert (child.birth_year, child.lock_version) == (2019, 2)


def test_the_form_refuses_a_stale_save_lists_the_change_and_merges_what_she_did_not_touch():
    child = ChildFactory(first_name="Alva", birth_year=2018)
    hers = _loaded_form_data(child, birth_year="2019")  # she opens the form and changes the birth year
    other = ChildForm(_loaded_form_data(child, first_name="Bodil"), instance=Child.objects.get(pk=child.pk))
    assert other.is_valid()
    other.save()  # meanwhile someone else renames the child

    form = ChildForm(hers, instance=Child.objects.get(pk=child.pk))
    assert not form.is_valid()
    assert form.is_stale
    message = " ".join(form.non_field_errors())
    assert "«Alva» → «Bodil»" in message  # the other person's change, old and new
    assert "2019" not in message  # her own change is not "someone else's"
    assert form["first_name"].value() == "Bodil"  # she had not touched it: the form now shows theirs
    assert str(form["birth_year"].value()) == "2019"  # hers is kept
    assert form[VERSION_FIELD].value() == "2"
    child.refresh_from_db()
    assert (child.first_name, child.birth_year) == ("Bodil", 2018)

    again = ChildForm({name: form[name].value() or "" for name in form.fields}, instance=Child.objects.get(pk=child.pk))
    assert again.is_valid(), again.errors
    again.save()
    child.refresh_from_db()
    assert (child.first_name, child.birth_year, child.lock_version) == ("Bodil", 2019, 3)  # both changes kept


def test_when_both_changed_a_field_hers_stays_and_the_field_says_what_was_saved():
    child = ChildFactory(first_name="Alva")
    hers = _loaded_form_data(child, first_name="Cilla")
    other = ChildForm(_loaded_form_data(child, first_name="Bodil"), instance=Child.objects.get(pk=child.pk))
    assert other.is_valid()
    other.save()
    form = ChildForm(hers, instance=Child.objects.get(pk=child.pk))
    assert not form.is_valid()
    assert form["first_name"].value() == "Cilla"
    assert "«Bodil»" in " ".join(form.errors["first_name"])
    assert Child.objects.get(pk=child.pk).first_name == "Bodil"


def test_a_tampered_fingerprint_still_refuses_and_keeps_her_values():
    child = ChildFactory(first_name="Alva")
    hers = _loaded_form_data(child, first_name="Cilla", **{FINGERPRINT_FIELD: "garbage"})
    ChildForm(_loaded_form_data(child, first_name="Bodil"), instance=Child.objects.get(pk=child.pk)).save()
    form = ChildForm(hers, instance=Child.objects.get(pk=child.pk))
    assert not form.is_valid() and form.is_stale
    assert form["first_name"].value() == "Cilla"


def test_a_post_without_the_version_saves_as_before():
    child = ChildFactory(first_name="Alva")
    data = _loaded_form_data(child, first_name="Bodil")
    del data[VERSION_FIELD], data[FINGERPRINT_FIELD]
    form = ChildForm(data, instance=child)
    assert form.is_valid()
    form.save()
    assert Child.objects.get(pk=child.pk).first_name == "Bodil"


def test_hidden_fields_are_no_change_for_the_audit():
    child = ChildFactory()
    form = ChildForm(_loaded_form_data(child), instance=child)
    assert form.is_valid()
    assert form.changed_data == []


def test_a_save_that_loses_the_race_is_a_409_page_saying_nothing_was_saved():
    request = RequestFactory().post("/residents/children/1/edit/")
    response = StaleVersionMiddleware(lambda r: HttpResponse())(request)
    assert response.status_code == 200
    response = StaleVersionMiddleware(lambda r: HttpResponse()).process_exception(request, StaleVersion(Child(pk=1)))
    assert response.status_code == 409
    assert 'data-testid="nothing-saved"' in response.content.decode()


def test_a_409_drops_the_saved_message_the_rolled_back_request_had_queued():
    request = RequestFactory().post("/residents/children/1/edit/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    messages.success(request, "Sparat.")
    StaleVersionMiddleware(lambda r: HttpResponse()).process_exception(request, StaleVersion(Child(pk=1)))
    assert list(messages.get_messages(request)) == []


def test_every_edited_model_of_person_data_is_versioned():
    names = {model._meta.label_lower for model in versioned_models()}
    assert {
        "calls.supportcontact",
        "residents.resident",
        "residents.child",
        "residents.stay",
        "residents.journalentry",
        "plans.implementationplan",
        "plans.safetyplan",
        "volunteers.match",
        "reporting.reportquestion",
        "regulation.childplacement",
    } <= names
    assert all(issubclass(model, Versioned) for model in versioned_models())
