from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Data protection lifecycle: encryption keys, retention and purge, register extracts, erasure."""

    name = "jour.privacy"
    label = "privacy"
    verbose_name = _("Data protection")
