from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    VIEW = "view", _("Viewed")
    CREATE = "create", _("Created")
    CHANGE = "change", _("Changed")
    DELETE = "delete", _("Deleted")
    EXPORT = "export", _("Exported")
    REVEAL = "reveal", _("Revealed protected data")
    LOGIN = "login", _("Logged in")
    LOGOUT = "logout", _("Logged out")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOCKOUT = "lockout", _("Locked out")
    OTP_ENROL = "otp_enrol", _("Two-factor enrolled")
    OTP_RESET = "otp_reset", _("Two-factor reset")
    OTP_FAILED = "otp_failed", _("Wrong two-factor code")
    PURGE = "purge", _("Retention purge")


class AuditEvent(models.Model):
    """One line of the append-only access log.

    It names the object by type and id and the changed fields by name, never their values.
    A PostgreSQL trigger (migration 0002) rejects UPDATE, DELETE and TRUNCATE.
    """

    at = models.DateTimeField(_("time"), auto_now_add=True)
    # No foreign-key constraint: the log must outlive the accounts it names.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    fields = models.JSONField(_("changed fields"), default=list, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    view_name = models.CharField(_("page"), max_length=100, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        # Every way the log is read walks one of these from its newest end (keyset pagination by (at, id), date
        # filters as a range on at): the first page costs the same at 20 million events as at 20.
        indexes = [
            models.Index(fields=["at", "id"], name="audit_at_idx"),
            models.Index(fields=["actor", "at", "id"], name="audit_actor_idx"),
            models.Index(fields=["actor", "action", "at", "id"], name="audit_actor_action_idx"),
            models.Index(fields=["action", "at", "id"], name="audit_action_idx"),
            models.Index(fields=["object_type", "object_id", "at", "id"], name="audit_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_type}#{self.object_id}"


class AuditAlert(models.Model):
    """An alert found in the log (jour/audit/alerts.py), kept so that showing alerts never scans the log."""

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=40)
    at = models.DateTimeField()  # the first event behind it
    actor_username = models.CharField(max_length=150, blank=True)
    count = models.PositiveIntegerField(default=1)
    # Of an outside-hours alert's count, the events before AlertScan.counted_until: added once, never recounted.
    settled_count = models.PositiveIntegerField(default=0)
    event_id = models.BigIntegerField()
    notified_at = models.DateTimeField(null=True, blank=True)  # e-mailed to the coordinators (once)

    class Meta:
        indexes = [models.Index(fields=["at"], name="audit_alert_at_idx")]

    @property
    def label(self) -> str:
        from .alerts import AlertKind

        return str(AlertKind.LABELS.get(self.kind, self.kind))


class AlertScan(models.Model):
    """One row: up to when the log has been searched for alerts."""

    until = models.DateTimeField(null=True)
    # Every view outside office hours before this is in the alerts' settled_count (jour/audit/alerts.py).
    counted_until = models.DateTimeField(null=True)
