"""The directory's section of the shelter profile page: what it publishes of this shelter, and the download.

The shelter profile is platform (jour/shelter imports no feature app); the page includes this section with
`{% load directory %}{% own_public_profile profile %}`, so the directory keeps its own format and count.
"""

from django import template
from django.utils import timezone

from ..public_profile import own_free_places

register = template.Library()


@register.inclusion_tag("directory/own_public_profile.html", takes_context=True)
def own_public_profile(context, profile) -> dict:
    return {
        "request": context["request"],
        "profile": profile,
        "free_places": own_free_places(on=timezone.localdate()),
    }
