"""residents.disclosure in templates: `{{ resident|woman_shown:"staff_list" }}`, `{{ child|child_shown:"record" }}`."""

from django import template

from residents import disclosure

register = template.Library()


@register.filter
def woman_shown(resident, audience: str) -> str:
    return disclosure.woman_shown(resident, audience)


@register.filter
def child_shown(child, audience: str) -> str:
    return disclosure.child_shown(child, audience)
