"""Template tags for form rendering, loaded with {% load jour_forms %} (registered in settings.TEMPLATES)."""

from crispy_forms.templatetags.crispy_forms_filters import optgroups
from django import template
from django.forms import BoundField
from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

register = template.Library()


@register.simple_tag(takes_context=True)
def choice_inputs(context, field, inline_class: str = "") -> str:
    """crispy-bootstrap5's radio buttons and checkboxes, built in Python with the same markup.

    Its template renders each option through two nested includes, about 0.2 ms per option; the contact
    form and the matching screen have 60 to 100 options (templates/bootstrap5/layout/radio_checkbox_select.html).
    """
    groups = optgroups(field)
    wrapper = "form-check form-check-inline" if inline_class else "form-check"
    invalid = " is-invalid" if field.errors else ""
    parts = []
    for group_number, (group, options, _index) in enumerate(groups):
        if group:
            parts.append(format_html("<strong>{}</strong>", group))
        for number, option in enumerate(options):
            errors = ""
            last = group_number == len(groups) - 1 and number == len(options) - 1
            if field.errors and last and not inline_class:
                errors = render_to_string("bootstrap5/layout/field_errors_block.html", context.flatten())
            parts.append(
                format_html(
                    '<div class="{}"><input type="{}" class="form-check-input{}" name="{}" value="{}"{}>'
                    '<label for="{}" class="form-check-label">{}</label>{}</div>',
                    wrapper,
                    option["type"],
                    invalid,
                    field.html_name,
                    localize(option["value"], use_l10n=False),
                    flatatt(option["attrs"]),
                    option["attrs"].get("id", ""),
                    localize(option["label"], use_l10n=False),
                    errors,
                )
            )
    return mark_safe("\n".join(parts))


class CapitalisedBoundField(BoundField):
    """Every label starts with a capital letter, whatever case its model field or form wrote it in.

    Model fields name themselves in lower case ("date and time"), and forms that pass a model field's
    verbose_name or their own lower-case text as a label showed "datum och tid*" or "våldsformer".
    """

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        self.label = capfirst(self.label)


class Renderer(DjangoTemplates):
    """The project's form renderer (settings.FORM_RENDERER): Django's, with capitalised labels."""

    bound_field_class = CapitalisedBoundField
