"""Run one of the server's scheduled jobs and record its success (what the systemd timers call)."""

from __future__ import annotations

import subprocess

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from jour.operations.models import Task
from jour.operations.runs import record_success

# Each timer's job. The backup is a script (pg_dump piped into age), the others are management commands.
COMMANDS: dict[str, tuple[str, ...]] = {
    Task.PURGE: ("purge_expired",),
    Task.AUDIT_ALERTS: ("send_audit_alerts",),
    Task.REMINDERS: ("send_meeting_reminders",),
    Task.CLEARSESSIONS: ("clearsessions",),
    # Named, not imported: the platform imports no feature app (regulation's and reporting's commands).
    Task.QUALITY_REMINDERS: ("send_quality_reminders",),
    Task.WARM_REPORTS: ("warm_reports",),
}


class Command(BaseCommand):
    help = (
        "Run a scheduled job (purge, audit_alerts, reminders, quality_reminders, warm_reports, clearsessions, "
        "backup) and record that it succeeded; "
        "--record-only records a success done elsewhere (the restore drill)."
    )

    def add_arguments(self, parser):
        parser.add_argument("task", choices=[task.value for task in Task])
        parser.add_argument("--record-only", action="store_true", help="only record a success (bin/restore --drill)")

    def handle(self, *args, task: str, record_only: bool, **options):
        if not record_only:
            if task == Task.BACKUP:
                result = subprocess.run([str(settings.BASE_DIR / "bin" / "backup")], check=False)
                if result.returncode != 0:
                    raise CommandError(f"bin/backup failed (exit status {result.returncode}); nothing recorded.")
            elif task in COMMANDS:
                call_command(*COMMANDS[task], stdout=self.stdout, stderr=self.stderr)
            else:
                raise CommandError(f"{task} is not run by this command; use --record-only after it succeeded.")
        record_success(task)
        self.stdout.write(f"{task}: success recorded.")
