"""{% load form_token %}{% form_token %}: a create form's one-time token (jour/lib/formtoken.py)."""

from django import template

from ..formtoken import hidden_input

register = template.Library()


@register.simple_tag
def form_token() -> str:
    return hidden_input()
