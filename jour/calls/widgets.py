"""Form rendering for the support line's busiest pages, without the per-option and per-field template cost.

The fast entry form and the contact list's filters hold selects of the 290 municipalities, every staff
member and every jour of the directory: Django renders each option through a template include of its
own, and crispy each field through a dozen nested templates. Together that was ~110 ms of the 130 ms the
form page took at national scale. Here an option is one escaped f-string, and a field one small template
(calls/_field.html) that writes the markup crispy's bootstrap5 pack wrote: label, widget, errors next to
the field, help text, with the same ids, classes and aria attributes (tests/calls/test_widgets.py).
"""

from __future__ import annotations

import html

from django import forms
from django.utils.safestring import SafeData, mark_safe

from jour.form_rendering import CapitalisedBoundField


def _escape(value) -> str:
    """conditional_escape() without its per-call overhead: ~800 options per page."""
    return value if isinstance(value, SafeData) else html.escape(str(value))


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: True is a bare attribute, False is left out."""
    return "".join(
        f" {_escape(name)}" if value is True else f' {_escape(name)}="{_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class FastSelect(forms.Select):
    """Django's Select with the options written in Python; the HTML is what its templates write.

    Single choice only (a SelectMultiple keeps Django's rendering): the first option whose value matches
    is selected, as in ChoiceWidget.optgroups().
    """

    def render(self, name, value, attrs=None, renderer=None):
        if self.allow_multiple_selected:
            return super().render(name, value, attrs, renderer)
        # Widget.get_context: name, value and attributes, without building a dict per option.
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        values, selected = widget["value"], False
        parts = [f'<select name="{_escape(name)}"{_attrs(widget["attrs"])}>']
        for group_value, group_label in self.choices:
            grouped = isinstance(group_label, list | tuple)
            if grouped:
                parts.append(f'\n  <optgroup label="{_escape(group_value)}">')
            for option_value, option_label in group_label if grouped else [(group_value, group_label)]:
                option_value = "" if option_value is None else str(option_value)
                here = not selected and option_value in values
                selected |= here
                parts.append(
                    f'\n  <option value="{_escape(option_value)}"{" selected" if here else ""}>'
                    f"{_escape(option_label)}</option>"
                )
            if grouped:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value is escaped


class BootstrapBoundField(CapitalisedBoundField):
    """A field rendered by calls/_field.html, its widget with Bootstrap's classes (as crispy added them).

    A form opts in with `bound_field_class = BootstrapBoundField`; its templates write
    `{{ form.kind.as_field_group }}`. Fields a form adds or replaces in its __init__ are included.
    """

    @property
    def template_name(self) -> str:
        return "calls/_field.html"

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        if widget is None and type(self.field.widget) is forms.Select:
            widget = _fast_select(self.field.widget)
        return super().as_widget(widget, attrs, only_initial)

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if widget.is_hidden or isinstance(widget, forms.CheckboxSelectMultiple):
            return attrs  # no class on hidden inputs; the template writes each box
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        classes = [widget.attrs.get("class", ""), attrs.get("class", ""), css, "is-invalid" if self.errors else ""]
        attrs["class"] = " ".join(c for c in classes if c)
        return attrs

    @property
    def kind(self) -> str:
        """Which markup calls/_field.html writes: a list of boxes, one box, or a label over a widget."""
        widget = self.field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            return "boxes"
        if isinstance(widget, forms.CheckboxInput):
            return "box"
        return "widget"

    @property
    def boxes(self) -> list[dict]:
        """The options of a list of boxes, as crispy's optgroups filter gave them: value, label, attrs."""
        widget = self.field.widget
        attrs = self.build_widget_attrs({"id": self.auto_id} if self.auto_id else {})
        groups = widget.optgroups(self.html_name, widget.format_value(self.value()), attrs)
        return [option for _group, options, _index in groups for option in options]


def _fast_select(widget: forms.Select) -> FastSelect:
    # The same widget, state and all (its choices are normalised already: the choices setter would
    # normalise the 290 municipalities again on every render).
    fast = FastSelect.__new__(FastSelect)
    fast.__dict__.update(widget.__dict__)
    return fast
