"""How django-axes counts failed logins in Jour (settings: AXES_*).

- Failures are counted per username and per client address, independently: five against one account lock
  that account, five from one address (any usernames) lock that address — for AXES_COOLOFF_TIME.
- A successful login clears only the failures against *her own* username. axes' AXES_RESET_ON_SUCCESS
  would clear every failure matching her username *or her address*: one good login with any account (every
  contact woman has one) wiped an attacker's guesses against other accounts from that address.
- A username that names no account (a typo, or a password typed into the username field) is stored only
  as a keyed hash: the same text still counts towards its lockout, but a dump of the table reads nothing.
"""

from __future__ import annotations

from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from jour.crypto import keyed_hash

UNKNOWN_PREFIX = "hmac:"
_CACHE_ATTRIBUTE = "_jour_axes_usernames"


def axes_username(request, credentials: dict | None) -> str | None:
    """AXES_USERNAME_CALLABLE: her username if the account exists, else a keyed hash of what was typed."""
    typed = (credentials or {}).get("username")
    if typed is None and request is not None:
        typed = request.POST.get("username")
    if typed is None:
        return None
    # axes asks several times per attempt: one query per request and typed name.
    cache = getattr(request, _CACHE_ATTRIBUTE, None) if request is not None else None
    if cache is not None and typed in cache:
        return cache[typed]
    exists = get_user_model().objects.filter(username=typed).exists()
    # Keyed (BLIND_INDEX_KEY): an unkeyed hash of a short text is reversed by trying every candidate.
    stored = typed if exists else UNKNOWN_PREFIX + keyed_hash(typed, purpose="accounts.unknown_username")
    if request is not None:
        if cache is None:
            cache = {}
            setattr(request, _CACHE_ATTRIBUTE, cache)
        cache[typed] = stored
    return stored


@receiver(user_logged_in)
def clear_her_own_failures(sender, request, user, **kwargs):
    AccessAttempt.objects.filter(username=user.get_username()).delete()
