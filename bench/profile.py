"""Profile one bench page in-process against the bench database: its slowest queries and a pyinstrument profile.

    python3 bin/devdb.py --dir var/bench-pg -- .venv/bin/python -m bench.profile /residents/board/ [--explain]

Signs in as bench-staff-01 (or --user) with the test client's force_login (no HTTP), runs the page once to
warm up, then once under pyinstrument with every query timed; prints the ten slowest queries.
bench.run uses page_profile() for the profile section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field


@dataclass
class PageProfile:
    url: str
    status: int
    total_ms: float
    sql_ms: float
    queries: list[tuple[float, str, object]] = field(default_factory=list)
    profiler: object = None

    @property
    def slowest(self) -> list[tuple[float, str, object]]:
        return sorted(self.queries, key=lambda t: -t[0])

    def summary(self, top: int = 3) -> str:
        lines = [
            f"`{self.url}`: {self.total_ms:.0f} ms for one request ({len(self.queries)} queries, "
            f"{self.sql_ms:.0f} ms in SQL, {self.total_ms - self.sql_ms:.0f} ms in Python: views, templates, "
            "decryption)"
        ]
        for ms, sql, _params in self.slowest[:top]:
            if ms >= 5:
                lines.append(f"  - {ms:.0f} ms: `{' '.join(sql.split())[:160]}…`")
        return "\n".join(lines)


def page_profile(url: str, username: str) -> PageProfile:
    """One warm request of the page as the user, every query timed, under pyinstrument."""
    from django.db import connection
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from pyinstrument import Profiler

    from jour.accounts.models import User

    client = Client(SERVER_NAME="127.0.0.1")
    if username:
        user = User.objects.get(username=username)
        client.force_login(user)
        device = TOTPDevice.objects.filter(user=user).first()
        if device:
            session = client.session
            session["otp_device_id"] = device.persistent_id
            session.save()
    client.get(url)
    timings: list[tuple[float, str, object]] = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append(((time.perf_counter() - started) * 1000, sql, params))

    profiler = Profiler()
    started = time.perf_counter()
    with connection.execute_wrapper(timed), profiler:
        response = client.get(url)
    total = (time.perf_counter() - started) * 1000
    return PageProfile(url, response.status_code, total, sum(t for t, _s, _p in timings), timings, profiler)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--user", default="bench-staff-01")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the three slowest queries")
    parser.add_argument("--html", help="write the pyinstrument HTML report here")
    args = parser.parse_args()
    from bench.run import setup_django

    setup_django()
    from django.db import connection

    result = page_profile(args.url, args.user)
    sys.stdout.write(result.summary(top=10) + "\n")
    if args.explain:
        with connection.cursor() as cursor:
            for _ms, sql, params in result.slowest[:3]:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                sys.stdout.write("\n" + sql[:500] + "\n" + "\n".join(r[0] for r in cursor.fetchall()) + "\n")
    if args.html:
        with open(args.html, "w") as handle:
            handle.write(result.profiler.output_html())
    else:
        sys.stdout.write(result.profiler.output_text(unicode=True, color=False, show_all=False)[:8000])
    return 0


if __name__ == "__main__":
    sys.exit(main())
