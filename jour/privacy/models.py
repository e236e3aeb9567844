from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class RetentionPolicy(models.Model):
    """How long personal data is kept, set by the coordinator. One row; defaults in docs/data-protection.md."""

    SINGLETON_ID = 1

    resident_years = models.PositiveSmallIntegerField(
        _("resident record and journal (years after her last stay ended)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("For residents placed by social services, the agreement with the placing municipality governs."),
    )
    placed_resident_years = models.PositiveSmallIntegerField(
        _("resident placed by social services: record and journal (years after her last stay ended)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("The documentation of a placement in protected housing; see docs/regulation.md."),
    )
    child_years = models.PositiveSmallIntegerField(
        _("children's documentation: journal, own placement, plan and views (years after the child's last stay)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("A mother's record is kept at least as long as her children's documentation."),
    )
    handover_before_purge = models.BooleanField(
        _("hand a placement's documentation over to the placing municipality before it is purged"),
        default=False,
        help_text=_(
            "When the agreement with the placing municipality requires it: the purge waits until the stay is marked "
            "as handed over (Supervision → Hand-over)."
        ),
    )
    contact_note_months = models.PositiveSmallIntegerField(
        _("support-contact notes (months)"), default=12, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    recurring_contact_months = models.PositiveSmallIntegerField(
        _("recurring-contact pseudonyms (months after the last contact)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    volunteer_years = models.PositiveSmallIntegerField(
        _("volunteer personal data (years after she ended)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    login_record_days = models.PositiveSmallIntegerField(
        _("login records: attempts, addresses, browsers (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    audit_years = models.PositiveSmallIntegerField(
        _("audit log (years)"), default=5, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("retention policy")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="retention_policy_single_row"),
            # The database refuses to purge audit rows younger than a year, whatever the app asks.
            models.CheckConstraint(condition=models.Q(audit_years__gte=1), name="retention_audit_at_least_a_year"),
        ]

    def __str__(self) -> str:
        return str(_("retention policy"))

    @classmethod
    def load(cls) -> "RetentionPolicy":
        policy, _created = cls.objects.get_or_create(id=cls.SINGLETON_ID)
        return policy


class ErasureReason(models.TextChoices):
    RETENTION = "retention", _("Retention period ended")
    REQUEST = "request", _("Erased on her request")


class ErasedRecord(models.Model):
    """A person record reduced to a statistical shell: by the retention purge or on request."""

    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    reason = models.CharField(_("reason"), max_length=20, choices=ErasureReason.choices)
    erased_at = models.DateTimeField(_("erased at"), auto_now_add=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("erased record")
        verbose_name_plural = _("erased records")
        constraints = [models.UniqueConstraint(fields=["object_type", "object_id"], name="privacy_erased_once")]

    def __str__(self) -> str:
        return f"{self.object_type} #{self.object_id}"
