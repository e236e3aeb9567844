from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegulationConfig(AppConfig):
    """Protected housing as a regulated service: permit and places, children's placements, placement
    requests, systematic quality work, the umbrella statistics and the inspection binder (issue 20)."""

    name = "regulation"
    verbose_name = _("Regulated protected housing")
