"""What the technical superuser sees in the admin: accounts without their roles' power, and no secrets.

- No two-factor secret: the TOTP and backup-code models are not registered (and their secrets are encrypted
  or hashed anyway, devices.py) (a superuser who could read a
  TOTP key could sign in as her); the coordinator resets a lost device in the app.
- No role: a role is given only in the app, by the coordinator, and a superuser can hold none (also a
  database check constraint, accounts migration 0003).
- The lockout records are read-only; deleting one (an early unlock) is audited like every admin change
  (admin_site.py).
"""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.utils.translation import gettext_lazy as _

from .models import User


class AdminUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        # Not last_login or date_joined: the admin shows them read-only (UserAdmin.readonly_fields).
        fields = ["username", "password", "first_name", "last_name", "email", "is_active", "is_staff"]
        fields += ["is_superuser", "groups", "user_permissions"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_superuser") and self.instance.role:
            self.add_error("is_superuser", _("An account with a role in the app cannot be a superuser."))
        return cleaned


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = AdminUserChangeForm
    list_display = ["username", "first_name", "last_name", "role", "is_active", "is_superuser"]
    list_filter = ["role", "is_active", "is_superuser"]
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Jour", {"fields": ["role"]}))
    readonly_fields = ["role", "last_login", "date_joined"]


class _ReadOnly:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AccessAttempt)
class ReadOnlyAccessAttemptAdmin(_ReadOnly, AccessAttemptAdmin):
    pass


@admin.register(AccessLog)
class ReadOnlyAccessLogAdmin(_ReadOnly, AccessLogAdmin):
    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AccessFailureLog)
class ReadOnlyAccessFailureLogAdmin(_ReadOnly, AccessFailureLogAdmin):
    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def _unregister_two_factor_admins() -> None:
    from django_otp_webauthn.models import WebAuthnAttestation, WebAuthnCredential, WebAuthnUserHandle

    # Passkeys hold no secret, but a superuser must not add one to her account either.
    # Jour's own TOTP and backup-code devices (devices.py) are never registered.
    for model in (WebAuthnCredential, WebAuthnAttestation, WebAuthnUserHandle):
        if admin.site.is_registered(model):
            admin.site.unregister(model)


_unregister_two_factor_admins()
