"""Build the documents of the reports being prepared into the shared cache (the warm_reports timer, after the purge).

    manage.py warm_reports

Every draft's document is keyed by the day and by the versions of what it reads (reporting/document.py), so
the first preview or PDF of the day of an unchanged period then does no statistics work. Prints counts only.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from reporting.document import cached_document
from reporting.models import FollowUpReport, ReportStatus


class Command(BaseCommand):
    help = "Build the documents of the draft reports into the shared cache (nightly)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        drafts = FollowUpReport.objects.filter(status=ReportStatus.DRAFT).select_related("municipality")
        count = 0
        for report in drafts:
            cached_document(report)
            count += 1
        self.stdout.write(f"{count} draft report(s) warmed in {time.perf_counter() - started:.1f} s.")
