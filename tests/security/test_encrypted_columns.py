"""Issue 14: every text, char, array, JSON (and IP address) column of every installed model is either
encrypted or stands in clear for a reviewed reason written in the registry of personal data.
A new free-text field fails here until it is encrypted or its reason is written down."""

from django.db import models
from django.test.utils import isolate_apps

from jour.crypto import EncryptedCharField, EncryptedTextField
from jour.privacy import registry as registry_module
from jour.privacy.registry import NOBODY, ROW_ID, Registry, blank, clear_text_columns_without_reason, keep, registry


def test_every_clear_text_column_has_a_reviewed_reason():
    assert clear_text_columns_without_reason() == []


def test_the_identities_and_free_texts_of_issue_14_are_encrypted():
    from django.apps import apps

    expected = {
        "residents.resident": ["first_name", "last_name", "alias", "personnummer", "wishes", "dreams"],
        "residents.child": ["first_name"],
        "residents.stay": ["case_worker_contact"],
        "residents.journalentry": ["text"],
        "plans.activity": ["what", "who_detail", "how"],
        "plans.supportentry": ["purpose", "outcome"],
        "plans.housemeeting": ["minutes", "other_topics"],
        "plans.safetyplan": ["measures", "code_words", "emergency_contacts", "risk_assessed_by"],
        "volunteers.match": ["not_wanted"],
        "volunteers.meeting": ["place", "note"],
        "volunteers.volunteerprofile": ["profession", "interests", "status_reason"],
        "calls.recurringcontact": ["pseudonym"],
        "calls.supportcontact": ["note", "interpreter_language"],
        "reporting.deviation": ["reporter", "what_happened", "causes", "measures", "decision"],
        "reporting.feedback": ["summary", "action"],
    }
    for label, names in expected.items():
        model = apps.get_model(label)
        for name in names:
            assert isinstance(model._meta.get_field(name), EncryptedTextField), f"{label}.{name}"
            assert registry.entry(model).fields[name].encrypted, f"{label}.{name}"


@isolate_apps("jour.privacy")
def test_a_new_clear_text_field_without_a_reason_fails(monkeypatch):
    monkeypatch.setattr(registry_module, "registry", Registry())

    class Note(models.Model):
        said = models.TextField()  # what she said, in clear: the mistake this test exists for
        code = models.CharField(max_length=10)
        sealed = EncryptedCharField(max_length=100)

        class Meta:
            app_label = "privacy"

    registry_module.registry.register(
        Note,
        about=NOBODY,
        fields={"id": ROW_ID, "said": blank(), "code": keep("a code"), "sealed": blank(encrypted=True)},
    )
    assert clear_text_columns_without_reason([Note]) == ["privacy.note.said (TextField)"]
