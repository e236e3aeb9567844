"""Start-up checks of the keys the registry's encryption and blind index depend on."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def blind_index_key(app_configs, **kwargs):
    """Without BLIND_INDEX_KEY no resident can be saved or searched: refuse to start rather than fail later."""
    keys = list(getattr(settings, "BLIND_INDEX_KEYS", []))
    if not keys:
        return [
            Error(
                "BLIND_INDEX_KEY is not set.",
                hint='Set it to at least 32 random characters: python -c "import secrets; '
                'print(secrets.token_urlsafe(32))" (see docs/data-protection.md).',
                id="jour.privacy.E001",
            )
        ]
    if any(len(key) < 32 for key in keys):
        return [Error("BLIND_INDEX_KEY: every key needs at least 32 random characters.", id="jour.privacy.E002")]
    return []
