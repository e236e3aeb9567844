from django.db import models
from django.utils.translation import gettext_lazy as _


class Task(models.TextChoices):
    """The server's scheduled jobs (systemd timers, deploy/), and the restore drill."""

    PURGE = "purge", _("Retention purge")
    AUDIT_ALERTS = "audit_alerts", _("Audit alerts")
    REMINDERS = "reminders", _("Meeting reminders")
    CLEARSESSIONS = "clearsessions", _("Removal of expired sessions")
    QUALITY_REMINDERS = "quality_reminders", _("Routine and lex Sarah reminders")
    WARM_REPORTS = "warm_reports", _("Follow-up reports prepared for the day")
    BACKUP = "backup", _("Encrypted backup")
    RESTORE_DRILL = "restore_drill", _("Restore drill")


class TaskRun(models.Model):
    """When each job last succeeded: a name and a time, no personal data. Written by `manage.py run_task`."""

    task = models.CharField(_("task"), max_length=30, choices=Task.choices, primary_key=True)
    last_success_at = models.DateTimeField(_("last success"))

    class Meta:
        verbose_name = _("last run")
        verbose_name_plural = _("last runs")

    def __str__(self) -> str:
        return f"{self.task} {self.last_success_at:%Y-%m-%d %H:%M}"


class FirstRun(models.Model):
    """One row: when the coordinator's first-run checklist ("Kom igång") was complete; then it is no longer shown."""

    SINGLETON_ID = 1
    completed_at = models.DateTimeField(_("checklist completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("first run")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="operations_first_run_single_row")]

    def __str__(self) -> str:
        return str(_("first run"))
