from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    STAFF = "staff", _("Staff")
    VOLUNTEER = "volunteer", _("Contact woman")


# Roles whose accounts must use two-factor authentication.
ROLES_REQUIRING_2FA = frozenset({Role.COORDINATOR, Role.STAFF})


class User(AbstractUser):
    """An account. The role decides what she may do; the technical superuser has no role."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "username"]

    @property
    def requires_2fa(self) -> bool:
        return self.role in ROLES_REQUIRING_2FA or self.is_superuser

    @property
    def is_coordinator(self) -> bool:
        return self.is_active and self.role == Role.COORDINATOR

    @property
    def is_staff_member(self) -> bool:
        """Staff in the shelter sense (personal); `is_staff` is Django's admin flag."""
        return self.is_active and self.role == Role.STAFF

    @property
    def is_volunteer(self) -> bool:
        return self.is_active and self.role == Role.VOLUNTEER

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
