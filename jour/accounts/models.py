from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    STAFF = "staff", _("Staff")
    VOLUNTEER = "volunteer", _("Contact woman")


# "Staff" has three meanings in Jour; each has one name:
# - `User.works_here` / `WORKING_ROLES`: everyone employed by the shelter, staff and coordinator alike — what
#   most rules mean (the policy's STAFF rule, every `for_user` scope, who can be a contact person);
# - `User.has_staff_role`: the staff role exactly, not the coordinator (rarely needed);
# - Django's `is_staff`: may open the Django admin — only the technical superuser, who holds no role.
WORKING_ROLES = (Role.STAFF, Role.COORDINATOR)
# For limit_choices_to on foreign keys to the people who work here (plain strings: migrations compare them).
WORKS_HERE = {"role__in": [role.value for role in WORKING_ROLES], "is_active": True}

# Roles whose accounts must always use two-factor authentication; for contact women the coordinator decides
# (LoginPolicy, on by default).
ROLES_REQUIRING_2FA = frozenset(WORKING_ROLES)


class UserQuerySet(models.QuerySet):
    def working_here(self):
        """Active staff and coordinators: contact persons, designated staff, authors."""
        return self.filter(**WORKS_HERE)

    def for_user(self, user):
        """The coordinator manages every account that has a role; the technical superuser's is not hers."""
        if user.is_authenticated and user.is_coordinator:
            return self.exclude(role="")
        return self.none()


class JourUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class LoginPolicy(models.Model):
    """The coordinator's login settings (one row)."""

    SINGLETON_ID = 1

    volunteers_need_two_factor = models.BooleanField(
        _("contact women must use two-factor authentication"),
        default=True,
        help_text=_(
            "A contact woman sees only her own meetings, but those name the women she meets. With this on, she "
            "signs in with a passkey or an authenticator app too."
        ),
    )

    class Meta:
        verbose_name = _("login policy")

    @classmethod
    def load(cls) -> "LoginPolicy":
        policy, _created = cls.objects.get_or_create(id=cls.SINGLETON_ID)
        return policy


class User(AbstractUser):
    """An account. The role decides what she may do; the technical superuser has no role."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)

    objects = JourUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "username"]
        constraints = [
            # The technical superuser reaches only the admin; a role would open the app's records to him.
            models.CheckConstraint(
                condition=models.Q(is_superuser=False) | models.Q(role=""), name="superuser_holds_no_role"
            ),
        ]

    @property
    def requires_2fa(self) -> bool:
        if self.role in ROLES_REQUIRING_2FA or self.is_superuser:
            return True
        if self.role != Role.VOLUNTEER:
            return False
        # Asked only before the second factor is verified; once per request (the user object lives that long).
        if not hasattr(self, "_volunteers_need_two_factor"):
            self._volunteers_need_two_factor = LoginPolicy.load().volunteers_need_two_factor
        return self._volunteers_need_two_factor

    @property
    def works_here(self) -> bool:
        """An active staff member or coordinator: the people who may see the shelter's records."""
        return self.is_active and self.role in WORKING_ROLES

    @property
    def is_coordinator(self) -> bool:
        return self.is_active and self.role == Role.COORDINATOR

    @property
    def has_staff_role(self) -> bool:
        """The staff role exactly (not the coordinator); `is_staff` is Django's admin flag."""
        return self.is_active and self.role == Role.STAFF

    @property
    def is_volunteer(self) -> bool:
        return self.is_active and self.role == Role.VOLUNTEER

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


from .devices import AuthenticatorAppDevice, BackupCode, BackupCodeDevice  # noqa: E402,F401  (models of this app)
