"""{% first_run_checklist %} for the coordinator's start page; {% stale_timers_warning %} for data protection."""

from django import template

from ..checklist import pending_items
from ..runs import stale_timers

register = template.Library()


@register.inclusion_tag("operations/_checklist.html", takes_context=True)
def first_run_checklist(context) -> dict:
    """The "Kom igång" card, shown to a coordinator until every item is done (one query once it is)."""
    user = context["request"].user
    if not getattr(user, "is_coordinator", False):
        return {"items": None}
    return {"items": pending_items()}


@register.inclusion_tag("operations/_stale_timers.html")
def stale_timers_warning() -> dict:
    return {"stale": stale_timers()}
