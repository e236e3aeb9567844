"""{% load form_token %}{% form_token %}: the one-time token for a page whose form is no OnceForm (formtoken.py)."""

from django import template

from ..formtoken import hidden_input

register = template.Library()


@register.simple_tag
def form_token() -> str:
    return hidden_input()
