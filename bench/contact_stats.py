"""Benchmark contact_statistics() on a large table: 1.5 million contacts over 10 years by default.

    DEBUG=1 python3 bin/devdb.py --throwaway -- bash -c \
        '.venv/bin/python manage.py migrate && .venv/bin/python -m bench contact_stats --yes'

It WRITES into whatever database DATABASE_URL points at (with COPY), so it refuses without --yes.
The rows belong to a user named "bench-calls"; --cleanup deletes them afterwards.
"""

from __future__ import annotations

import io
import os
import random
import statistics as pystats
import time
from datetime import UTC, date, datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from jour.accounts.models import Role, User
from jour.calls.demo import CHANNELS, KINDS
from jour.calls.models import (
    AgeBand,
    Caller,
    Kind,
    Outcome,
    RecurringContact,
    Residence,
    SupportContact,
    Topic,
    ViolenceType,
    YesNoUnknown,
)
from jour.calls.stats import _contact_statistics, contact_statistics
from jour.lib.months import local_bounds
from jour.shelter.models import Municipality

BENCH_USER = "bench-calls"
HOME = "0136"
COLUMNS = [
    "started_at",
    "channel",
    "direction",
    "duration_minutes",
    "staff_id",
    "kind",
    "caller",
    "age_band",
    "residence",
    "municipality_id",
    "social_services_contact",
    "violence_types",
    "perpetrator_relation",
    "children_affected",
    "topics",
    "outcomes",
    "housing_requested",
    "housing_outcome",
    "interpreter_used",
    "interpreter_language",
    "recurring_contact_id",
    "note",
    "created_by_id",
    "created_at",
    "updated_at",
]


def _cpu_ms(pid: int) -> float:
    """CPU time (user + system) of a local process, from /proc; -inf when not readable (remote DB)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return float("-inf")
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


class Command(BaseCommand):
    help = "Fill the support-contact table with many rows (COPY) and time contact_statistics() for one year."

    def add_arguments(self, parser):
        parser.add_argument("--yes", action="store_true", help="really write into the database DATABASE_URL names")
        parser.add_argument("--contacts", type=int, default=1_500_000)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--recurring", type=int, default=20_000, help="recurring contacts to attach to")
        parser.add_argument("--repeat", type=int, default=7)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--skip-fill", action="store_true", help="measure only (the rows are already there)")
        parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of every query")
        parser.add_argument("--cleanup", action="store_true", help="delete the benchmark rows at the end")

    def handle(self, *args, **o):
        if not o["yes"]:
            raise CommandError(
                f"This writes {o['contacts']:,} rows into the database DATABASE_URL points at. Add --yes to proceed."
            )
        rng = random.Random(o["seed"])
        last_year = date.today().year - 1
        first_year = last_year - o["years"] + 1
        user, _ = User.objects.get_or_create(username=BENCH_USER, defaults={"role": Role.STAFF, "is_active": False})
        if not o["skip_fill"]:
            self._fill(
                rng=rng, user=user, first_year=first_year, years=o["years"], n=o["contacts"], n_rec=o["recurring"]
            )
        year_start, year_end = date(last_year, 1, 1), date(last_year, 12, 31)
        since, until = local_bounds(year_start, year_end)
        in_year = SupportContact.objects.filter(started_at__gte=since, started_at__lt=until).count()
        total = SupportContact.objects.count()
        self.stdout.write(f"Table: {total:,} contacts; measured year {last_year}: {in_year:,} contacts.")

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        timings, cpu = [], []
        for i in range(o["repeat"] + 1):
            started, server_cpu, client_cpu = time.perf_counter(), _cpu_ms(backend), time.process_time()
            with CaptureQueriesContext(connection) as ctx:
                # The computation itself, not the statistics cache in front of it.
                result = _contact_statistics(start=year_start, end=year_end, home_municipality_code=HOME)
            elapsed = (time.perf_counter() - started) * 1000
            used = _cpu_ms(backend) - server_cpu + (time.process_time() - client_cpu) * 1000
            if i:  # the first run warms the cache
                timings.append(elapsed)
                cpu.append(used)
        self.stdout.write(
            f"contact_statistics() for {last_year}: {len(ctx.captured_queries)} queries; "
            f"wall clock median {pystats.median(timings):.0f} ms (min {min(timings):.0f}, max {max(timings):.0f}) "
            f"over {len(timings)} runs after one warm-up; load average {os.getloadavg()[0]:.1f}."
        )
        if all(value >= 0 for value in cpu):
            self.stdout.write(
                f"  CPU time of the PostgreSQL backend and this process (parallel workers not counted): "
                f"median {pystats.median(cpu):.0f} ms, min {min(cpu):.0f} ms."
            )
        self.stdout.write(
            f"  support contacts {result.support_contacts:,}, non-data {result.non_data_contacts:,}, "
            f"unique persons {result.persons.total:,} (inside {result.persons.inside:,}, "
            f"outside {result.persons.outside:,}, unknown {result.persons.unknown:,})"
        )
        contact_statistics(start=year_start, end=year_end, home_municipality_code=HOME)  # fills the cache
        started = time.perf_counter()
        contact_statistics(start=year_start, end=year_end, home_municipality_code=HOME)
        self.stdout.write(
            f"  through the statistics cache (version query + cache hit): "
            f"{(time.perf_counter() - started) * 1000:.0f} ms"
        )
        if o["explain"]:
            self._explain(ctx.captured_queries)
        if o["cleanup"]:
            SupportContact.objects.filter(created_by=user).delete()
            RecurringContact.objects.filter(created_by=user).delete()
            self.stdout.write("Benchmark rows deleted.")

    def _fill(self, *, rng, user, first_year, years, n, n_rec) -> None:
        started = time.perf_counter()
        codes = list(Municipality.objects.exclude(code=HOME).values_list("code", flat=True)[:40])
        recurring = []
        for i in range(n_rec):
            year = first_year + i % years
            number = 90_000 + i  # far above what a shelter hands out, so real codes never collide
            place = rng.random()
            recurring.append(
                RecurringContact(
                    code=RecurringContact.format_code(year, number),
                    year=year,
                    number=number,
                    age_band=rng.choice(AgeBand.values),
                    residence=Residence.MUNICIPALITY if place < 0.9 else Residence.UNKNOWN,
                    municipality_id=(HOME if place < 0.7 else rng.choice(codes)) if place < 0.9 else None,
                    created_by=user,
                )
            )
        created = RecurringContact.objects.bulk_create(recurring, batch_size=5000)
        recurring_ids = [r.pk for r in created]
        self.stdout.write(f"{len(recurring_ids):,} recurring contacts created.")

        origin = datetime(first_year, 1, 1, tzinfo=UTC)
        span = (datetime(first_year + years, 1, 1, tzinfo=UTC) - origin).total_seconds()
        table = connection.ops.quote_name(SupportContact._meta.db_table)
        batch = 100_000
        # In time order, as contacts are logged in real life: a year's rows sit together on disk.
        moments = sorted(rng.random() * span for _ in range(n))
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg2's own cursor, for COPY
            for offset in range(0, n, batch):
                buffer = io.StringIO()
                for seconds in moments[offset : offset + batch]:
                    buffer.write(self._row(rng, origin + timedelta(seconds=seconds), user.pk, codes, recurring_ids))
                buffer.seek(0)
                raw.copy_expert(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN", buffer)
                self.stdout.write(f"  {offset + min(batch, n - offset):,} contacts copied")
            cursor.execute(f"ANALYZE {table}")
        self.stdout.write(f"Filled in {time.perf_counter() - started:.0f} s.")

    @staticmethod
    def _row(rng, moment, user_id, codes, recurring_ids) -> str:
        at = moment.isoformat()
        kind = rng.choice(KINDS)
        channel = rng.choice(CHANNELS)
        data = kind in (Kind.SUPPORT, Kind.INFORMATION)
        recurring = rng.choice(recurring_ids) if data and rng.random() < 0.3 else None
        place = rng.random()
        if place < 0.7:
            residence, municipality = Residence.MUNICIPALITY, HOME
        elif place < 0.85:
            residence, municipality = Residence.MUNICIPALITY, rng.choice(codes)
        else:
            residence, municipality = (Residence.ABROAD if place < 0.9 else Residence.UNKNOWN), None
        # Sorted, as the form stores them (in the order of the choices).
        violence = sorted(rng.sample(range(len(ViolenceType.values)), k=rng.choice((0, 1, 2)))) if data else []
        violence = [ViolenceType.values[i] for i in violence]
        topics = sorted(rng.sample(range(len(Topic.values)), k=rng.choice((0, 1, 2)))) if data else []
        topics = [Topic.values[i] for i in topics]
        outcomes = []
        if data and rng.random() < 0.3:
            outcomes.append(rng.choice((Outcome.MEETING_OFFERED, Outcome.MEETING_BOOKED, Outcome.POLICE)))
        housing = data and rng.random() < 0.05
        values = [
            at,
            channel,
            "in",
            str(rng.randint(1, 60)) if data else r"\N",
            str(user_id),
            kind,
            rng.choice(Caller.values) if data else Caller.UNKNOWN,
            AgeBand.UNKNOWN,
            residence,
            municipality or r"\N",
            YesNoUnknown.UNKNOWN,
            "{" + ",".join(violence) + "}",
            "",
            YesNoUnknown.UNKNOWN,
            "{" + ",".join(topics) + "}",
            "{" + ",".join(outcomes) + "}",
            "t" if housing else "f",
            rng.choice(("offered", "no_place", "")) if housing else "",
            "f",
            "",
            str(recurring) if recurring else r"\N",
            "",
            str(user_id),
            at,
            at,
        ]
        return "\t".join(values) + "\n"

    def _explain(self, queries) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            for query in queries:
                if query["sql"].lstrip().upper().startswith("SET"):
                    cursor.execute(query["sql"])  # the same settings as the measured run
                    continue
                sql = query["sql"]
                if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                    continue
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                self.stdout.write("\n" + sql[:300] + "\n" + "\n".join(row[0] for row in cursor.fetchall()))
