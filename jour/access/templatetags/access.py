from django import template

from jour.access.policy import rule_for

register = template.Library()


@register.simple_tag(takes_context=True)
def allowed(context, view_name: str) -> bool:
    """Whether the current user may open a view; navigation shows only what she can use."""
    user = context["request"].user
    rule = rule_for(view_name)
    if rule is None or not user.is_authenticated:
        return False
    return rule.public or rule.allows_role(user.role)
