"""Profile one bench page in-process against the bench database: its slowest queries and a pyinstrument profile.

    python3 bin/devdb.py --dir var/bench-pg -- .venv/bin/python -m bench.profile /residents/board/ [--explain]
    ... -m bench.profile /residents/board/ --repeat 50   # only the steady cost per request: wall, CPU, queries

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


def _client(username: str):
    """A test client signed in as the user (two-factor verified when she has a device); anonymous for ""."""
    from django.test import Client

    from jour.accounts.devices import AuthenticatorAppDevice
    from jour.accounts.models import User

    client = Client(SERVER_NAME="127.0.0.1")
    if username:
        user = User.objects.get(username=username)
        client.force_login(user)
        device = AuthenticatorAppDevice.objects.filter(user=user).first()
        if device:
            session = client.session
            session["otp_device_id"] = device.persistent_id
            session.save()
    return client


def page_profile(url: str, username: str) -> PageProfile:
    """One warm request of the page as the user, every query timed, under pyinstrument."""
    from django.db import connection
    from pyinstrument import Profiler

    client = _client(username)
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


def steady_cost(url: str, username: str, repeat: int) -> tuple[float, float, float]:
    """(wall ms, CPU ms in this process, queries) per request: the best of 10 batches of repeat/10 requests.

    The best batch is what the page costs when the machine is not busy with something else; the CPU time is
    Django's own (the database's is the difference to the wall time, roughly).
    """
    from django.db import connection

    client = _client(username)
    for _ in range(5):
        client.get(url)
    queries = 0

    def counted(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    batch = max(1, repeat // 10)
    best_wall = best_cpu = float("inf")
    with connection.execute_wrapper(counted):
        for _ in range(10):
            wall, cpu = time.perf_counter(), time.process_time()
            for _ in range(batch):
                client.get(url)
            best_wall = min(best_wall, (time.perf_counter() - wall) * 1000 / batch)
            best_cpu = min(best_cpu, (time.process_time() - cpu) * 1000 / batch)
    return best_wall, best_cpu, queries / (10 * batch)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--user", default="bench-staff-01")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the three slowest queries")
    parser.add_argument("--html", help="write the pyinstrument HTML report here")
    parser.add_argument("--repeat", type=int, help="only time N requests (best of 10 batches): wall, CPU, queries")
    args = parser.parse_args()
    from bench.run import setup_django

    setup_django()
    if args.repeat:
        wall, cpu, queries = steady_cost(args.url, args.user, args.repeat)
        sys.stdout.write(
            f"{args.url}: {wall:.1f} ms per request, {cpu:.1f} ms of it CPU in Django, {queries:g} queries\n"
        )
        return 0
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
