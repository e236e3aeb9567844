"""The lean form rendering of jour/calls/widgets.py writes what Django's templates and crispy wrote."""

import re

import pytest
from django import forms

from jour.calls.forms import ReferralChoiceField, StaffChoiceField, staff_users
from jour.calls.widgets import BootstrapBoundField, FastSelect
from jour.directory.models import ShelterListing
from tests.factories import UserFactory


def _tags(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


CHOICES = [
    ("", "---------"),
    ("unknown", "Okänt"),
    ("a&b", 'Quote " and <tag>'),
    ("Kommuner", [("0136", "Haninge"), ("0180", "Stockholm"), ("0136", "Haninge again")]),
    (7, "A number"),
]


@pytest.mark.parametrize("value", [None, "", "unknown", "a&b", "0136", 7, "missing"])
def test_a_fast_select_writes_what_djangos_select_writes(value):
    attrs = {"class": "form-select is-invalid", "required": True, "autofocus": True, "disabled": False, "id": "id_x"}
    ours = FastSelect(choices=CHOICES).render("place", value, attrs)
    django = forms.Select(choices=CHOICES).render("place", value, attrs)
    assert _tags(ours) == _tags(django)
    assert ours.count(" selected") <= 1  # the first matching option only, as Django does


class _Form(forms.Form):
    bound_field_class = BootstrapBoundField
    name = forms.CharField(label="Namn", help_text="Hjälp <b>text</b>", max_length=5)
    kind = forms.ChoiceField(label="Typ", choices=[("", "---"), ("a", "A")])
    tags = forms.MultipleChoiceField(
        label="Taggar", choices=[("x", "X"), ("y", "Y")], required=False, widget=forms.CheckboxSelectMultiple
    )
    ok = forms.BooleanField(label="Klar", required=False)


def test_a_field_is_written_with_its_label_errors_and_help_next_to_it():
    form = _Form({"name": "too long", "kind": "", "tags": ["z"], "ok": "on"})
    assert not form.is_valid()
    name = _tags(form["name"].as_field_group())
    assert name.startswith('<div id="div_id_name" class="mb-3"><label for="id_name" class="form-label requiredField">')
    assert 'class="form-control is-invalid"' in name and 'aria-invalid="true"' in name
    assert 'aria-describedby="id_name_helptext id_name_error"' in name
    assert name.index('id="error_1_id_name"') < name.index('id="id_name_helptext"')
    assert "Hjälp <b>text</b>" in name  # help text is trusted markup, as in crispy
    kind = _tags(form["kind"].as_field_group())
    assert '<select name="kind" required aria-invalid="true"' in kind and "form-select is-invalid" in kind
    tags = _tags(form["tags"].as_field_group())
    assert '<fieldset aria-describedby="id_tags_error"><legend class="form-label fs-6">Taggar</legend>' in tags
    assert tags.count('class="form-check-input is-invalid"') == 2 and 'id="id_tags_1"' in tags
    assert tags.index('id="error_1_id_tags"') > tags.index('id="id_tags_1"')  # under the last box
    ok = _tags(form["ok"].as_field_group())
    assert ok.startswith('<div class="mb-3"><div id="div_id_ok" class="form-check"><input type="checkbox"')
    assert re.search(r'<input type="checkbox" name="ok" class="form-check-input" id="id_ok" checked>', ok)
    assert '<label for="id_ok" class="form-check-label">Klar</label>' in ok


def test_a_valid_field_has_no_error_markup():
    form = _Form({"name": "Ann", "kind": "a"})
    assert form.is_valid()
    html = form["name"].as_field_group()
    assert "is-invalid" not in html and "invalid-feedback" not in html and "aria-invalid" not in html


@pytest.mark.django_db
def test_the_staff_and_jour_options_are_labelled_as_their_instances_would_be(django_assert_num_queries):
    UserFactory(role="staff", first_name="Ann", last_name="Berg", username="ann")
    UserFactory(role="coordinator", first_name="", last_name="", username="cecilia")
    staff = StaffChoiceField(queryset=staff_users())
    with django_assert_num_queries(1):
        options = [option for option in staff.choices]  # list() would count them first
    assert options[0] == ("", "---------")
    assert options[1:] == [(u.pk, u.display_name) for u in staff_users()]
    assert {label for _pk, label in options[1:]} >= {"Ann Berg", "cecilia"}

    jours = ReferralChoiceField()
    with django_assert_num_queries(1):
        options = [option for option in jours.choices]
    expected = [(j.pk, jours.label_from_instance(j)) for j in ShelterListing.objects.order_by("name", "pk")]
    assert options[1:] == expected


def test_the_contact_labels_are_djangos():
    from django.db.models.base import Model

    from jour.calls.models import Caller, Channel, Kind, Residence, SupportContact

    for field, choices in (("channel", Channel), ("kind", Kind), ("caller", Caller), ("residence", Residence)):
        for value in [*choices.values, "unheard-of"]:
            contact = SupportContact(**{field: value})
            django = Model._get_FIELD_display(contact, SupportContact._meta.get_field(field))
            assert getattr(contact, f"get_{field}_display")() == django
