"""Panels other apps' pages show without importing this app: the permit's places on the occupancy board,
the child's own placement on the child's record."""

from __future__ import annotations

from django import template
from django.utils import timezone

from residents.models import ChildStay

from .. import children, places

register = template.Library()


@register.inclusion_tag("regulation/_places_panel.html")
def places_panel(on=None):
    """Permitted against used places per premises tonight (one query; none shown without premises)."""
    return {"usage": places.usage_on(on or timezone.localdate())}


@register.inclusion_tag("regulation/_child_panel.html")
def child_placements(child):
    """The child's stays with what is missing in each one's own placement (one query)."""
    rows = list(
        children.child_stays_with_placement(ChildStay.objects.filter(child=child)).order_by("-stay__intake", "-id")
    )
    for child_stay in rows:
        child_stay.flag_labels = children.flag_labels(children.flags(child_stay))
    return {"rows": rows}
