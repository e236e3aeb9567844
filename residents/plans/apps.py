from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """Implementation plans and the support around them (issue 5), a sub-app of residents."""

    name = "residents.plans"
    label = "plans"
    verbose_name = _("Implementation plans")
