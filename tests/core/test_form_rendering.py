"""The options of radio buttons and checkboxes are built in Python (jour/form_rendering.py): same markup as
crispy-bootstrap5's own template, which is rendered here from the installed package for the comparison."""

from pathlib import Path

import crispy_bootstrap5
import pytest
from django import forms
from django.template import engines
from django.test.html import parse_html

ORIGINAL = (
    Path(crispy_bootstrap5.__file__).parent / "templates" / "bootstrap5" / "layout" / "radio_checkbox_select.html"
)


class ChoicesForm(forms.Form):
    needs = forms.MultipleChoiceField(
        choices=[("housing", "Bostad"), ("lawyer", "Jurist & <advokat>"), ("bankid", "BankID")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Välj alla som gäller.",
    )
    channel = forms.ChoiceField(
        choices=[("Telefon", [("phone", "Telefon"), ("sms", "SMS")]), ("Digitalt", [("chat", "Chatt")])],
        widget=forms.RadioSelect,
    )
    count = forms.TypedChoiceField(choices=[(1000, "1 000"), (2000, "2 000")], coerce=int, widget=forms.RadioSelect)


def _both(form: ChoicesForm, name: str, inline_class: str = ""):
    field = form[name]
    context = {"field": field, "form_show_errors": True, "form_show_labels": True, "inline_class": inline_class}
    ours = engines["django"].get_template("bootstrap5/layout/radio_checkbox_select.html").render(context)
    original = engines["django"].from_string(ORIGINAL.read_text()).render(context)
    return parse_html(ours), parse_html(original)


@pytest.mark.parametrize("name", ["needs", "channel", "count"])
@pytest.mark.parametrize("inline_class", ["", "inline"])
@pytest.mark.parametrize("data", [None, {"needs": ["lawyer", "bankid"], "channel": "sms", "count": "2000"}, {}])
def test_same_markup_as_crispy_bootstrap5(name, inline_class, data):
    form = ChoicesForm(data=data) if data is not None else ChoicesForm(initial={"needs": ["housing"]})
    if data is not None:
        form.is_valid()  # {} gives every field its "required" error
    ours, original = _both(form, name, inline_class)
    assert ours == original


def test_errors_and_escaping_are_kept():
    form = ChoicesForm(data={})
    form.is_valid()
    html = (
        engines["django"]
        .from_string("{% load crispy_forms_tags %}{{ form.needs|as_crispy_field }}")
        .render({"form": form})
    )
    assert html.count("is-invalid") == 3
    assert "Jurist &amp; &lt;advokat&gt;" in html
    assert 'id="id_needs_1"' in html and 'for="id_needs_1"' in html
    assert "<strong>" in html  # the error message next to the field
