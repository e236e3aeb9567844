from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running Jour in production: database roles, the first coordinator, the timers' last runs, status."""

    name = "jour.operations"
    label = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deploy checks)
