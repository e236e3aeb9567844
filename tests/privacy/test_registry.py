"""The registry of personal data classifies every field of every model, consistently (issue 15 item 2)."""

import pytest
from django.db import models
from django.test.utils import isolate_apps

from jour.crypto import EncryptedTextField
from jour.privacy.registry import (
    RESIDENT,
    ROW_ID,
    Registry,
    blank,
    delete,
    keep,
    not_personal,
    problems,
    registry,
)
from residents.models import Resident


def test_every_field_of_every_installed_model_is_classified():
    assert problems() == []


def test_the_subjects_are_declared_by_their_apps():
    assert {"resident", "volunteer"} <= set(registry.subjects)
    assert registry.subjects["resident"].model is Resident


@pytest.fixture
def scratch_registry(monkeypatch):
    """An empty registry in place of the real one, for test-only models."""
    from jour.privacy import registry as module

    scratch = Registry(subjects=dict(registry.subjects))
    monkeypatch.setattr(module, "registry", scratch)
    return scratch


@isolate_apps("jour.privacy")
def test_an_unregistered_model_is_reported(scratch_registry):
    class Diary(models.Model):
        text = models.TextField()

        class Meta:
            app_label = "privacy"

    assert problems([Diary]) == ["privacy.diary: the model is not in the registry of personal data"]


@isolate_apps("jour.privacy")
def test_a_deliberately_unclassified_field_is_reported(scratch_registry):
    class Diary(models.Model):
        resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
        mood = models.CharField(max_length=20)
        secret = models.TextField()  # added later, forgotten in the declaration

        class Meta:
            app_label = "privacy"

    scratch_registry.register(
        Diary,
        about=RESIDENT,
        subjects={RESIDENT: "resident"},
        fields={"id": ROW_ID, "resident": keep("the link"), "mood": blank("a choice")},
    )
    assert problems([Diary]) == ["privacy.diary.secret: unclassified"]


@isolate_apps("jour.privacy")
def test_encryption_must_agree_with_the_field_class(scratch_registry):
    class Diary(models.Model):
        resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
        said = models.TextField()
        sealed = EncryptedTextField()

        class Meta:
            app_label = "privacy"

    scratch_registry.register(
        Diary,
        about=RESIDENT,
        subjects={RESIDENT: "resident"},
        fields={"id": ROW_ID, "resident": keep("the link"), "said": blank(encrypted=True), "sealed": blank()},
    )
    assert problems([Diary]) == [
        "privacy.diary.said: declared encrypted but the field class is TextField",
        "privacy.diary.sealed: declared clear but the field class is EncryptedTextField",
    ]


@isolate_apps("jour.privacy")
def test_declarations_that_cannot_be_run_are_reported(scratch_registry):
    class Diary(models.Model):
        resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
        written_on = models.DateField()
        text = models.TextField()

        class Meta:
            app_label = "privacy"

    class Page(models.Model):
        diary = models.ForeignKey(Diary, on_delete=models.CASCADE, related_name="+")
        text = models.TextField()

        class Meta:
            app_label = "privacy"

    scratch_registry.register(
        Diary,
        about=RESIDENT,
        subjects={RESIDENT: "resident__nowhere", "nobody": "resident"},
        fields={"id": ROW_ID, "resident": keep("the link"), "written_on": blank(), "text": delete(), "typo": ROW_ID},
    )
    scratch_registry.register(Page, about=RESIDENT, fields={"id": ROW_ID, "diary": keep("x"), "text": blank("y")})
    assert sorted(problems([Diary, Page])) == [
        "privacy.diary.typo: declared, but the model has no such field",
        "privacy.diary.written_on: cannot be blanked (no default, not null, not text)",
        "privacy.diary.written_on: the rows are deleted, nothing is blanked or replaced",
        "privacy.diary: no subject 'nobody' is declared",
        "privacy.diary: the path 'resident__nowhere' to resident does not resolve",
        "privacy.page: fields are blanked, replaced or deleted, but no subject and no purger reaches them",
    ]


def test_a_kept_or_non_personal_field_needs_a_reason():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        keep("")
    with pytest.raises(ImproperlyConfigured):
        not_personal(" ")
