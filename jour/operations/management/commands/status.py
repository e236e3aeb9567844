"""The ages of the server's jobs, for a monitoring system (exit status 2 when one is overdue)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from jour.operations.status import status_report


class Command(BaseCommand):
    help = "Print when each scheduled job last succeeded; exit status 2 when a timer is older than two days."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", dest="as_json", help="machine-readable output")

    def handle(self, *args, as_json: bool = False, **options):
        report = status_report(timezone.now())
        if as_json:
            self.stdout.write(json.dumps(report, indent=2))
        else:
            for task, entry in report["tasks"].items():
                when = entry["last_success"] or "never"
                flag = "OVERDUE" if entry["stale"] else "ok"
                self.stdout.write(f"{task:<14} {flag:<8} {when}")
            self.stdout.write(f"status: {report['status']}")
        if report["status"] != "ok":
            raise SystemExit(2)
