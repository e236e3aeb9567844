from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .log import record
from .models import Action


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    # A superuser's login is an alert (jour/audit/alerts.py): the admin is for rare technical work.
    record(request, Action.LOGIN, user, user=user, detail={"superuser": True} if user.is_superuser else None)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(request, Action.LOGOUT, user, user=user)


def _account_named(credentials: dict):
    username = (credentials or {}).get("username") or ""
    return get_user_model().objects.filter(username=username).first()


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    account = _account_named(credentials)
    # The typed username is not stored: a mistyped password in the username field must not be logged.
    record(
        request,
        Action.LOGIN_FAILED,
        account,
        user=None,
        object_type="" if account else "accounts.user",
        object_id="" if account else "unknown",
    )


@receiver(user_locked_out)
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    account = _account_named({"username": username})
    record(
        request,
        Action.LOCKOUT,
        account,
        user=None,
        object_type="" if account else "accounts.user",
        object_id="" if account else "unknown",
    )
