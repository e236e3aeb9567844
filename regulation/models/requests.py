"""Requests for a place in the protected housing, whatever their outcome. Anonymous: no names, no free text.

A request becomes a person's record only when she is admitted; then it points at her stay. Turned-away
requests are what the umbrella organisations' statistics and the follow-up need and Jour had no record of.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jour.lib.versioning import Versioned
from jour.shelter.vocabulary import Competence

from .permit import StaffOnlyQuerySet


class RequestSource(models.TextChoices):
    SOCIAL_SERVICES = "social_services", _("Social services")
    HERSELF = "herself", _("The woman herself")
    OTHER_JOUR = "other_jour", _("Another jour")
    OTHER = "other", _("Other (police, health care, …)")


class RequestOutcome(models.TextChoices):
    PENDING = "pending", _("Not answered yet")
    ADMITTED = "admitted", _("Admitted")
    DECLINED = "declined", _("Offered a place, not taken")
    TURNED_AWAY = "turned_away", _("Turned away")
    REFERRED = "referred", _("Referred to another jour")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Requests that were offered a place: admitted, or offered and not taken.
OFFERED_OUTCOMES = (RequestOutcome.ADMITTED, RequestOutcome.DECLINED)


class TurnedAwayReason(models.TextChoices):
    FULL = "full", _("No free place")
    COMPETENCE = "competence", _("Lacks the competence needed")
    SECURITY = "security", _("Security")
    OTHER = "other", _("Other reason")


class PlacementRequest(Versioned):
    """One request for a place, from social services or from the woman herself."""

    received_at = models.DateTimeField(_("received at"))
    source = models.CharField(_("request from"), max_length=20, choices=RequestSource.choices)
    municipality = models.ForeignKey(
        "shelter.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The municipality whose social services asked, or where she lives when she asks herself."),
    )
    adults = models.PositiveSmallIntegerField(_("adults"), default=1)
    children = models.PositiveSmallIntegerField(_("children"), default=0)
    needs = ArrayField(
        models.CharField(max_length=40, choices=Competence.choices), verbose_name=_("needs"), default=list, blank=True
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=RequestOutcome.choices, default=RequestOutcome.PENDING
    )
    turned_away_reason = models.CharField(
        _("reason for turning away"), max_length=20, choices=TurnedAwayReason.choices, blank=True
    )
    referred_to = models.ForeignKey(
        "directory.ShelterListing",
        verbose_name=_("referred to"),
        # A jour removed from the directory leaves the request, and the statistics, as they were.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    stay = models.OneToOneField(
        "residents.Stay",
        verbose_name=_("stay"),
        # Her stay outlives nothing here: a purged stay keeps its dates, so the link may stay.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placement_request",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("logged by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement request")
        verbose_name_plural = _("placement requests")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["-received_at", "-id"], name="regulation_request_received")]
        constraints = [
            models.CheckConstraint(condition=Q(adults__gte=1) | Q(children__gte=1), name="regulation_request_someone"),
            models.CheckConstraint(
                condition=Q(outcome="turned_away", turned_away_reason__gt="")
                | (~Q(outcome="turned_away") & Q(turned_away_reason="")),
                name="regulation_request_reason_when_turned_away",
            ),
            models.CheckConstraint(
                condition=Q(outcome="pending", answered_at__isnull=True)
                | (~Q(outcome="pending") & Q(answered_at__isnull=False)),
                name="regulation_request_answered_when_not_pending",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(answered_at__gte=F("received_at")),
                name="regulation_request_answer_after_request",
            ),
            models.CheckConstraint(
                condition=Q(stay__isnull=True) | Q(outcome="admitted"), name="regulation_request_stay_when_admitted"
            ),
            models.CheckConstraint(
                condition=Q(referred_to__isnull=True) | Q(outcome="referred"),
                name="regulation_request_referral_when_referred",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d %H:%M} {self.get_outcome_display()}"

    @property
    def time_to_answer(self):
        return self.answered_at - self.received_at if self.answered_at else None
