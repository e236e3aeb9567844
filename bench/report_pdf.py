"""Time the follow-up PDF for a year with 150 000 support contacts (a benchmark, not a test).

    python -m bench report_pdf [--year 2025] [--runs 3] [--generate]

It reuses contacts already in the database for that year, e.g. the calls benchmark's data
(`python -m bench contact_stats --yes`: 1.5 million contacts over ten years, about 150 000 a year). With
--generate (DEBUG only) and too few contacts, it creates 150 000 in a transaction that is rolled back
at the end, so the database is left as it was. Without either, it says so and stops.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction

from jour.accounts.models import Role, User
from jour.shelter.models import Municipality, ShelterProfile
from reporting.document import build_document
from reporting.models import FollowUpReport
from reporting.output import render_pdf
from reporting.services import report_create

CONTACTS = 150_000


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the follow-up report PDF for a year with 150 000 support contacts."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=dt.date.today().year - 1)
        parser.add_argument("--runs", type=int, default=3)
        parser.add_argument("--generate", action="store_true", help="create the contacts (DEBUG only, rolled back)")
        parser.add_argument("--contacts", type=int, default=CONTACTS, help="contacts in the year (default 150 000)")
        parser.add_argument("--profile", action="store_true", help="also time each question's numbers once")

    def handle(self, *args, year: int, runs: int, generate: bool, contacts: int, profile: bool = False, **options):
        from jour.calls.models import SupportContact

        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        existing = SupportContact.objects.filter(started_at__year=year).count()
        # The calls benchmark (bench/contact_stats.py) spreads its rows at random: about 150 000 a year is enough.
        enough = existing >= contacts * 0.95
        if enough:
            self.stdout.write(f"Reusing the {existing} contacts already in {year}.")
        elif not generate:
            self.stdout.write(
                f"Only {existing} contacts in {year}: no benchmark data (the calls benchmark's data was not found). "
                f"Skipped. Run with --generate on a development database to create {contacts} and roll them back."
            )
            return
        if not enough and not settings.DEBUG:
            raise CommandError("--generate creates data: only with DEBUG=1, on a development database.")
        try:
            with transaction.atomic():
                if not enough:
                    self._generate(year, contacts - existing)
                self._time(start, end, runs)
                if profile:
                    self._profile(start, end)
                raise Rollback
        except Rollback:
            pass

    def _generate(self, year: int, count: int) -> None:
        from jour.calls.models import Caller, Channel, Kind, Outcome, RecurringContact, Residence, SupportContact

        began = time.perf_counter()
        staff, _ = User.objects.get_or_create(username="bench-staff", defaults={"role": Role.STAFF})
        home = ShelterProfile.load().municipality_id or "0136"
        others = list(Municipality.objects.exclude(code=home).values_list("code", flat=True)[:20])
        recurring = RecurringContact.objects.bulk_create(
            RecurringContact(
                code=f"B-{year}-{n:05d}",
                year=year,
                number=90_000 + n,
                residence=Residence.MUNICIPALITY,
                municipality_id=home if n % 10 else others[n % len(others)],
                created_by=staff,
            )
            for n in range(4_000)
        )
        tz = ZoneInfo(settings.TIME_ZONE)
        channels = [Channel.PHONE] * 6 + [Channel.EMAIL, Channel.CHAT, Channel.SMS, Channel.MEETING]
        batch = []
        for i in range(count):
            person = recurring[i % len(recurring)] if i % 3 else None
            place = person.municipality_id if person else (home if i % 4 else others[i % len(others)])
            batch.append(
                SupportContact(
                    started_at=dt.datetime(year, 1 + i % 12, 1 + i % 28, 8 + i % 14, i % 60, tzinfo=tz),
                    channel=channels[i % len(channels)],
                    kind=Kind.SILENT if i % 40 == 0 else Kind.SUPPORT,
                    caller=Caller.WOMAN,
                    residence=Residence.MUNICIPALITY,
                    municipality_id=place,
                    recurring_contact=person,
                    outcomes=[Outcome.MEETING_OFFERED] if i % 17 == 0 else [],
                    staff=staff,
                    created_by=staff,
                )
            )
            if len(batch) == 10_000:
                SupportContact.objects.bulk_create(batch)
                batch = []
        SupportContact.objects.bulk_create(batch)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            f"Generated {count} contacts in {time.perf_counter() - began:.1f} s (rolled back at the end)."
        )

    def _time(self, start: dt.date, end: dt.date, runs: int) -> None:
        profile = ShelterProfile.load()
        code = profile.municipality_id or "0136"
        by = User.objects.filter(role=Role.COORDINATOR).first() or User.objects.first()
        report = report_create(report=FollowUpReport(municipality_id=code, period_start=start, period_end=end), by=by)
        render_pdf(build_document(report))  # warm-up: WeasyPrint's import and fonts
        documents, pdfs, totals, queries = [], [], [], 0
        for _ in range(runs):
            report = FollowUpReport.objects.get(pk=report.pk)  # no cached statistics between runs
            reset_queries()
            t0 = time.perf_counter()
            document = build_document(report)
            t1 = time.perf_counter()
            pdf = render_pdf(document)
            t2 = time.perf_counter()
            queries = len(connection.queries)
            documents.append(t1 - t0)
            pdfs.append(t2 - t1)
            totals.append(t2 - t0)
        self.stdout.write(
            f"Follow-up {start.year}, {code}: numbers {statistics.median(documents):.2f} s, "
            f"PDF {statistics.median(pdfs):.2f} s, total {statistics.median(totals):.2f} s "
            f"(median of {runs}; {len(pdf) // 1024} KiB; {queries or 'n/a'} queries)"
        )

    def _profile(self, start: dt.date, end: dt.date) -> None:
        from reporting import figures

        report = FollowUpReport.objects.filter(period_start=start, period_end=end).latest("pk")
        report = FollowUpReport.objects.get(pk=report.pk)
        for question in report.questions.order_by("position"):
            t0 = time.perf_counter()
            figures.block_for(report, question.data_block)
            self.stdout.write(f"  Q{question.position} {question.data_block or '-'}: {time.perf_counter() - t0:.3f} s")
        for name, function in (
            ("contacts chart", figures.contacts_per_month),
            ("nights chart", figures.nights_per_month),
        ):
            t0 = time.perf_counter()
            function(report)
            self.stdout.write(f"  {name}: {time.perf_counter() - t0:.3f} s")
