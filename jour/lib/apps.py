from django.apps import AppConfig


class LibConfig(AppConfig):
    """Helpers shared by every app (no models of their own but what the helpers need)."""

    name = "jour.lib"
    label = "lib"

    def ready(self) -> None:
        from . import plausible

        plausible.install()
