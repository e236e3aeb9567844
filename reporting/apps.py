from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Follow-up reports")

    def ready(self) -> None:
        from .figures import autodiscover

        autodiscover()  # the blocks other apps contribute (their followup.py)
