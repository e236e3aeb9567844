"""Each accompanying child's own placement: the decision, its legal basis, consent, schooling, health.

Since 1 April 2024 a child who comes along to protected housing is assessed and granted the intervention
individually: under the Social Services Act with both guardians' consent, or under Lag (2024:79) without
the consent of the guardian the child is not placed with (prop. 2023/24:31). Guardians are recorded by
their role, never by name: one of them may be the person the family fled.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jour.crypto import EncryptedCharField, EncryptedTextField
from jour.lib.versioning import Versioned

from .permit import StaffOnlyQuerySet


class LegalBasis(models.TextChoices):
    SOL_CONSENT = "sol_consent", _("Social Services Act, with both guardians' consent")
    LAW_2024_79 = "lag_2024_79", _("Lag (2024:79), without a guardian's consent")
    LAW_2024_79_IMMEDIATE = "lag_2024_79_immediate", _("Lag (2024:79), immediate decision")
    LVU = "lvu", _("LVU")
    NO_DECISION = "none", _("No social-services decision")


# The bases on which the social services decided the child's own placement.
DECIDED_BASES = (LegalBasis.SOL_CONSENT, LegalBasis.LAW_2024_79, LegalBasis.LAW_2024_79_IMMEDIATE, LegalBasis.LVU)


class Consent(models.TextChoices):
    GIVEN = "given", _("Consent given")
    REFUSED = "refused", _("Consent refused")
    NOT_ASKED = "not_asked", _("Not asked")
    UNKNOWN = "unknown", _("Unknown")


class OtherGuardian(models.TextChoices):
    OTHER_PARENT = "other_parent", _("The other parent")
    APPOINTED = "appointed", _("An appointed guardian")
    NONE = "none", _("No other guardian")


class Schooling(models.TextChoices):
    CONTINUED = "continued", _("Continued in the usual school or preschool")
    TEMPORARY = "temporary", _("A temporary school or preschool")
    NONE = "none", _("No schooling")
    NOT_OF_AGE = "not_of_age", _("Not of school or preschool age")


class ChildPlacement(Versioned):
    """The child's own placement decision and rights during one stay (one per child's stay)."""

    child_stay = models.OneToOneField(
        "residents.ChildStay", verbose_name=_("child's stay"), on_delete=models.CASCADE, related_name="placement"
    )
    legal_basis = models.CharField(_("legal basis"), max_length=30, choices=LegalBasis.choices, blank=True)
    deciding_municipality = models.ForeignKey(
        "shelter.Municipality",
        verbose_name=_("deciding municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Typed, so it may hold more than a committee's name (a district, a social worker): encrypted like every text.
    committee = EncryptedCharField(
        _("deciding committee"), max_length=150, blank=True, help_text=_("For example Socialnämnden.")
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    accompanying_guardian_consent = models.CharField(
        _("consent of the guardian the child lives with here"),
        max_length=20,
        choices=Consent.choices,
        default=Consent.UNKNOWN,
    )
    other_guardian = models.CharField(
        _("other guardian"), max_length=20, choices=OtherGuardian.choices, default=OtherGuardian.OTHER_PARENT
    )
    other_guardian_consent = models.CharField(
        _("consent of the other guardian"), max_length=20, choices=Consent.choices, default=Consent.UNKNOWN
    )
    other_guardian_is_fled = models.BooleanField(
        _("the other guardian is the one they fled"),
        default=False,
        help_text=_("Only the role is recorded, never a name."),
    )
    schooling = models.CharField(_("schooling during the stay"), max_length=20, choices=Schooling.choices, blank=True)
    schooling_note = EncryptedTextField(
        _("why no schooling"), blank=True, help_text=_("Only when the child has no schooling. No names of schools.")
    )
    health_exam_offered_on = models.DateField(_("health examination offered on"), null=True, blank=True)
    health_exam_done_on = models.DateField(_("health examination done on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("child's placement")
        verbose_name_plural = _("children's placements")
        constraints = [
            models.CheckConstraint(
                condition=Q(health_exam_done_on__isnull=True) | Q(health_exam_offered_on__isnull=False),
                name="regulation_health_exam_offered_before_done",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child_stay_id}"


class ChildPlan(Versioned):
    """The child's own implementation plan for one stay, written with the child as far as age allows."""

    child_stay = models.OneToOneField(
        "residents.ChildStay", verbose_name=_("child's stay"), on_delete=models.CASCADE, related_name="plan"
    )
    goals = EncryptedTextField(_("goals"), blank=True, help_text=_("What the stay should give the child."))
    activities = EncryptedTextField(
        _("activities"),
        blank=True,
        help_text=_("What is done, by whom, when and how; cooperation with school, health care and social services."),
    )
    next_follow_up_on = models.DateField(_("next follow-up"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("child's implementation plan")
        verbose_name_plural = _("children's implementation plans")

    def __str__(self) -> str:
        return f"{self.child_stay_id}"


class ViewsObtainedBy(models.TextChoices):
    CONVERSATION = "conversation", _("Conversation with the child")
    DRAWING_OR_PLAY = "drawing_or_play", _("Drawing or play")
    OBSERVATION = "observation", _("Observation (the child is too young to tell)")
    THROUGH_PARENT = "through_parent", _("Told through the parent")


class ChildView(models.Model):
    """The child's views on the stay and the plan, in her or his own words, dated."""

    child_stay = models.ForeignKey(
        "residents.ChildStay", verbose_name=_("child's stay"), on_delete=models.CASCADE, related_name="views"
    )
    recorded_on = models.DateField(_("date"))
    obtained_by = models.CharField(_("how"), max_length=20, choices=ViewsObtainedBy.choices)
    text = EncryptedTextField(_("the child's views, in her or his own words"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("child's views")
        verbose_name_plural = _("children's views")
        ordering = ["-recorded_on", "-id"]

    def __str__(self) -> str:
        return f"{self.recorded_on:%Y-%m-%d}"
