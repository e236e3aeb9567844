from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Data protection lifecycle: the registry of personal data, retention and purge, extracts, erasure."""

    name = "jour.privacy"
    label = "privacy"
    verbose_name = _("Data protection")

    def ready(self):
        from . import checks  # noqa: F401 - registers the key checks
        from .registry import autodiscover

        autodiscover()
