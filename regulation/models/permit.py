"""The shelter's permit from IVO and the premises it covers, each with its permitted number of places.

The permit is tied to the premises, the number of places and the manager (föreståndare): changing any of
them needs an application to IVO, so Jour records every such change with a reminder (PermitChange).
PostgreSQL refuses a stay that would put more persons in a premises' rooms than its permitted places on
any night (migration 0002, in the style of the room rule of residents' migration 0002).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The name PostgreSQL gives a refusal, turned into a form error by residents.services.
PLACES_CONSTRAINT = "regulation_permitted_places"


class StaffOnlyQuerySet(models.QuerySet):
    """The association's own records: staff and the coordinator see them all, nobody else any."""

    def for_user(self, user):
        if user is not None and user.is_authenticated and user.works_here:
            return self
        return self.none()


class Permit(models.Model):
    """The permit for protected housing (one row). It names no address, ever."""

    SINGLETON_ID = 1

    ivo_reference = models.CharField(
        _("IVO reference number"), max_length=40, blank=True, help_text=_("The diarienummer of IVO's decision.")
    )
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    decided_on = models.DateField(_("date of IVO's decision"), null=True, blank=True)
    manager_name = models.CharField(
        _("manager (föreståndare)"), max_length=150, blank=True, help_text=_("The manager named in the permit.")
    )
    manager_since = models.DateField(_("manager since"), null=True, blank=True)
    children_take_places = models.BooleanField(
        _("children take places"),
        default=True,
        help_text=_("Whether each accompanying child counts as a place, as the permit's decision states."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("permit")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="regulation_permit_single_row")]

    def __str__(self) -> str:
        return self.ivo_reference or str(_("permit"))

    @classmethod
    def load(cls) -> Permit:
        permit, _created = cls.objects.get_or_create(id=cls.SINGLETON_ID)
        return permit

    @property
    def status(self) -> str:
        if self.decided_on:
            return str(_("Granted"))
        if self.applied_on:
            return str(_("Applied for, awaiting IVO's decision"))
        return str(_("Not recorded"))


class Premises(models.Model):
    """A premises covered by the permit, by a name (never its address), with its permitted places."""

    name = models.CharField(_("name"), max_length=60, unique=True, help_text=_("A name, never the address."))
    places = models.PositiveSmallIntegerField(_("permitted places"))
    rooms = models.ManyToManyField(
        "residents.Room", through="PremisesRoom", verbose_name=_("rooms"), related_name="premises", blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("premises")
        verbose_name_plural = _("premises")
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(places__gte=1), name="regulation_premises_places_positive")]

    def __str__(self) -> str:
        return self.name


class PremisesRoom(models.Model):
    """A room of a premises: every room belongs to at most one premises."""

    premises = models.ForeignKey(Premises, on_delete=models.CASCADE, related_name="room_links")
    room = models.OneToOneField("residents.Room", on_delete=models.CASCADE, related_name="premises_link")

    class Meta:
        verbose_name = _("room of a premises")
        verbose_name_plural = _("rooms of premises")


class PermitChangeKind(models.TextChoices):
    MANAGER = "manager", _("Manager")
    PREMISES = "premises", _("Premises")
    PLACES = "places", _("Number of places")
    OTHER = "other", pgettext_lazy("permit change", "Other")


# Changes that IVO must examine: an application for a change of the permit.
CHANGES_NEEDING_APPLICATION = (PermitChangeKind.MANAGER, PermitChangeKind.PREMISES, PermitChangeKind.PLACES)


class PermitChange(models.Model):
    """A change of manager, premises or places, recorded when it is saved in Jour, with its IVO application."""

    kind = models.CharField(_("what changed"), max_length=20, choices=PermitChangeKind.choices)
    description = models.CharField(_("change"), max_length=300)
    changed_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    application_sent_on = models.DateField(_("application to IVO sent on"), null=True, blank=True)
    ivo_decided_on = models.DateField(_("IVO decided on"), null=True, blank=True)
    temporary = models.BooleanField(
        _("temporary, less than six months"),
        default=False,
        help_text=_("A temporary manager or premises for less than six months is notified to IVO, not applied for."),
    )

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("change of the permit")
        verbose_name_plural = _("changes of the permit")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.changed_at:%Y-%m-%d}"

    @property
    def needs_application(self) -> bool:
        """A change IVO must examine whose application is not yet recorded as sent."""
        return self.kind in CHANGES_NEEDING_APPLICATION and not self.temporary and self.application_sent_on is None
