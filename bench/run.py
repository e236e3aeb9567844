"""`make bench`: the national dataset, gunicorn under production settings, locust, docs/benchmarks.md.

    make bench                    # = python3 bin/devdb.py --dir var/bench-pg -- .venv/bin/python -m bench.run
    .venv/bin/python -m bench.run --seconds 60 --users 20 [--pages contact_list,board]

Runs inside bin/devdb.py, which provides DATABASE_URL for a persistent cluster in var/bench-pg: the
national dataset is loaded once (`seed_demo --scale national`, timed) and reused afterwards. Then: migrate,
bench accounts per role (known password, own TOTP device each), collectstatic into var/, gunicorn with 2
workers on 127.0.0.1 (DEBUG=0, production's database cache shared by the workers, no control socket), every
account signs in through the real login and two-factor pages; then, per page, one user at a time (p50/p95 over
real HTTP) and locust with 20 users for --seconds (throughput, ratio to the trivial view of the same run); the
report PDF warm, from a fresh worker, and from a fresh worker with an empty cache. Only loopback traffic; every
step has a timeout.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import time
from binascii import unhexlify
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
PY = sys.executable
KEY = "zR9BLa1Bx-QXyGyVVY-4gfA2CqX3J5o1QqiDnq0pG9k="  # the data's encryption key: benchmark data only
HASH_KEY = "bench-only-blind-index-key-not-a-secret"  # the first names' blind index: benchmark data only
PASSWORD = "bench-jour-not-a-secret"
PROD = {
    "DEBUG": "0",
    "JOUR_DEMO": "0",
    "SECRET_KEY": "bench-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "SECURE_HSTS_SECONDS": "0",
    "FIELD_ENCRYPTION_KEYS": KEY,
    "BLIND_INDEX_KEY": HASH_KEY,
    "CONN_MAX_AGE": "60",
    "LOG_LEVEL": "WARNING",
    # As production runs (docs/deployment.md, bin/install-server): one cache shared by the workers, in the
    # instance's own database (made by `createcachetable` as the owner, read and written by the app role).
    "CACHE_URL": "dbcache://jour_cache",
}
LOAD = {"DEBUG": "1", "JOUR_DEMO": "1", "FIELD_ENCRYPTION_KEYS": KEY, "BLIND_INDEX_KEY": HASH_KEY}
ACCOUNTS_PER_ROLE = 20
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
# (page, what it is, role) in the order of the issue; the baseline last.
PAGES = [
    ("contact_create", "Log a contact (POST)", "staff"),
    ("contact_list", "Contact list", "staff"),
    ("statistics", "Contact statistics, last full year", "staff"),
    ("resident_list", "Resident list", "staff"),
    ("resident_detail", "Resident record", "staff"),
    ("board", "Occupancy board", "staff"),
    ("stay_plan", "Implementation plan page", "staff"),
    ("my_meetings", "Mina träffar (contact woman)", "volunteer"),
    ("matching", "Matching screen", "staff"),
    ("report_preview", "Follow-up report preview", "coordinator"),
    ("audit_log", "Audit log (first page, any filter)", "coordinator"),
    ("object_log", "Who has accessed this record", "coordinator"),
    ("baseline", "Trivial view `/healthz/` (baseline, one query)", "anonymous"),
]
MIN_AUDIT_EVENTS = 10_000_000  # the national dataset's ten years of audit events (about 20 million)


def say(message: str) -> None:
    sys.stdout.write(f"{message}\n")
    sys.stdout.flush()


def env_with(extra: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **extra}


def manage(*args: str, env: dict[str, str], timeout: int = 1800, capture: bool = False) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env_with(env),
        timeout=timeout,
        check=True,
        text=True,
        capture_output=capture,
    )
    return result.stdout if capture else ""


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def setup_django() -> None:
    os.environ.update(PROD)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jour.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def ensure_dataset() -> str:
    """Load the national dataset unless it is there; returns the recorded load timing."""
    from jour.calls.models import SupportContact

    timing_file = OUT / "seed-national.txt"
    if SupportContact.objects.count() >= 1_000_000:
        if audit_event_estimate() < MIN_AUDIT_EVENTS:
            sys.exit("The bench dataset predates the audit events: remove var/bench-pg and rerun to load it anew.")
        say("National dataset already loaded: reusing it.")
        return timing_file.read_text() if timing_file.exists() else "(timing of the original load not recorded)"
    if SupportContact.objects.exists():
        sys.exit("The bench database holds other data: remove var/bench-pg (make clean-bench) and rerun.")
    say("Loading the national dataset (seed_demo --scale national) ...")
    before = load_average()
    started = time.perf_counter()
    output = manage(
        "seed_demo", "--scale", "national", env={**LOAD, "DATABASE_URL": os.environ["DATABASE_OWNER_URL"]}, capture=True
    )
    elapsed = time.perf_counter() - started
    say(output)
    text = (
        f"`seed_demo --scale national` loaded in **{elapsed:.0f} s** ({elapsed / 60:.1f} min) on {date.today()}, "
        f"load average before {before}, after {load_average()}.\n\n```\n{output.strip()}\n```\n"
    )
    timing_file.write_text(text)
    return text


def audit_event_estimate() -> int:
    """The audit table's row count from the planner's statistics (a COUNT(*) of 20 million rows takes seconds)."""
    from django.db import connection

    from jour.audit.models import AuditEvent

    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [AuditEvent._meta.db_table])
        return max(cursor.fetchone()[0], 0)


def ensure_accounts() -> dict[str, list[dict]]:
    """20 accounts per role with a known password, each with her own TOTP device."""
    from django.contrib.auth.hashers import make_password

    from jour.accounts.devices import AuthenticatorAppDevice
    from jour.accounts.models import Role, User
    from volunteers.models import MatchStatus, VolunteerProfile

    hashed = make_password(PASSWORD)
    accounts: dict[str, list[dict]] = {"staff": [], "coordinator": [], "volunteer": [], "anonymous": []}
    for role, code in (("staff", Role.STAFF), ("coordinator", Role.COORDINATOR)):
        for n in range(1, ACCOUNTS_PER_ROLE + 1):
            username = f"bench-{role}-{n:02d}"
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={"role": code, "first_name": "Bench", "last_name": f"{role} {n}", "password": hashed},
            )
            key = f"{n:02d}{'a1' if role == 'staff' else 'c1'}".encode().hex().ljust(40, "0")
            AuthenticatorAppDevice.objects.filter(user=user).delete()
            AuthenticatorAppDevice.objects.create(user=user, name="bench", key=key, confirmed=True)
            accounts[role].append({"username": username, "password": PASSWORD, "key": key})
    # Contact women who have open matches with meetings: their "Mina träffar" has content.
    profiles = (
        VolunteerProfile.objects.filter(matches__status=MatchStatus.ACTIVE, user__is_active=True)
        .distinct()
        .order_by("pk")
        .values_list("user_id", "user__username")[:ACCOUNTS_PER_ROLE]
    )
    for n, (user_id, username) in enumerate(profiles, start=1):
        User.objects.filter(pk=user_id).update(password=hashed)
        # Contact women sign in with a second factor too (the login policy's default).
        key = f"{n:02d}v1".encode().hex().ljust(40, "0")
        AuthenticatorAppDevice.objects.filter(user_id=user_id).delete()
        AuthenticatorAppDevice.objects.create(user_id=user_id, name="bench", key=key, confirmed=True)
        accounts["volunteer"].append({"username": username, "password": PASSWORD, "key": key})
    return accounts


def targets() -> dict[str, dict]:
    """The URLs per page: ids of current residents, their plans, the latest report, the audit log's filters."""
    from django.utils import timezone

    from jour.audit.models import Action, AuditEvent
    from jour.audit.paging import cursor_of
    from jour.calls.models import SupportContact
    from reporting.models import FollowUpReport
    from residents.models import Resident
    from residents.plans.models import ImplementationPlan

    current = list(Resident.objects.current().order_by("pk").values_list("pk", flat=True)[:50])
    plans = list(
        ImplementationPlan.objects.filter(stay__discharge__isnull=True)
        .order_by("pk")
        .values_list("stay_id", flat=True)[:50]
    )
    report = FollowUpReport.objects.order_by("-period_end", "-pk").first()
    year = date.today().year - 1
    # The audit log's first page under each filter: an account's events (one with years of them), a kind of
    # event, a day three years ago, an account and a rare kind together, and a page deep in the past.
    actor = AuditEvent.objects.exclude(actor=None).order_by("-at", "-id").values_list("actor_id", flat=True).first()
    old_day = timezone.localdate() - timedelta(days=3 * 365)
    deep = AuditEvent.objects.filter(at__lt=timezone.now() - timedelta(days=5 * 365)).order_by("-at", "-id").first()
    audit_urls = [
        "/audit/",
        f"/audit/?actor={actor}",
        f"/audit/?action={Action.EXPORT}",
        f"/audit/?date_from={old_day}&date_to={old_day}",
        f"/audit/?actor={actor}&action={Action.CHANGE}",
        f"/audit/?action={Action.VIEW}&date_from={old_day}",
    ]
    if deep:
        audit_urls.append(f"/audit/?before={cursor_of(deep.at, deep.pk)}")
    assert SupportContact.objects.exists() and current and plans and report, "the dataset lacks what the bench needs"
    return {
        "contact_create": {
            "urls": ["/calls/new/"],
            "role": "staff",
            "post": {"kind": "support", "channel": "phone", "duration_minutes": "12"},
        },
        "contact_list": {"urls": ["/calls/contacts/"], "role": "staff"},
        "statistics": {"urls": [f"/calls/statistics/?start={year}-01-01&end={year}-12-31"], "role": "staff"},
        "resident_list": {"urls": ["/residents/"], "role": "staff"},
        "resident_detail": {"urls": [f"/residents/{pk}/" for pk in current], "role": "staff"},
        "board": {"urls": ["/residents/board/"], "role": "staff"},
        "stay_plan": {"urls": [f"/plans/stays/{pk}/" for pk in plans], "role": "staff"},
        "my_meetings": {"urls": ["/volunteers/"], "role": "volunteer"},
        "matching": {"urls": [f"/volunteers/matching/{pk}/" for pk in current], "role": "staff"},
        "report_preview": {"urls": [f"/reports/{report.pk}/"], "role": "coordinator"},
        "report_pdf": {"urls": [f"/reports/{report.pk}/pdf/"], "role": "coordinator"},
        "audit_log": {"urls": audit_urls, "role": "coordinator"},
        "object_log": {"urls": [f"/audit/residents.resident/{pk}/" for pk in current], "role": "coordinator"},
        "baseline": {"urls": ["/healthz/"], "role": "anonymous"},
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    log = open(OUT / "gunicorn.log", "w")  # noqa: SIM115 - closed with the process
    server = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "jour.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            "--error-logfile",
            "-",
            "--no-control-socket",  # two benches (or a bench and another server) must not share one
        ],
        cwd=ROOT,
        env=env_with(PROD),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    import requests

    for _ in range(200):
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz/", timeout=10).status_code == 200:
                return server
        except requests.RequestException:
            pass
        time.sleep(0.3)
    server.terminate()
    sys.exit("gunicorn did not start: see var/bench/gunicorn.log")


def sign_in(base: str, account: dict):
    """Through the real pages: the login form, then the two-factor form with a code from her device's key."""
    import requests
    from django_otp.oath import totp

    from bench.htmlforms import form_values

    session = requests.Session()
    page = session.get(f"{base}/account/login/", timeout=10)
    values = form_values(page.text)
    values.update(username=account["username"], password=account["password"])
    response = session.post(f"{base}/account/login/", data=values, timeout=30)
    if "/account/2fa/" in response.url:
        values = form_values(response.text)
        values["token"] = f"{totp(unhexlify(account['key'])):06d}"
        response = session.post(response.url, data=values, timeout=30)
    if "/account/" in response.url:
        raise RuntimeError(f"sign-in failed for {account['username']} at {response.url}")
    return session


def run_locust(page: str, base: str, env: dict[str, str], seconds: int, users: int) -> dict:
    prefix = OUT / page
    before = load_average()
    subprocess.run(
        [
            str(Path(PY).parent / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--host",
            base,
            "--csv",
            str(prefix),
            "--only-summary",
            "--stop-timeout",
            "10",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env_with({**env, "BENCH_PAGE": page}),
        timeout=seconds + 120,
        check=False,
    )
    with open(f"{prefix}_stats.csv") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    row = rows[page]
    result = {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "p50": float(row["50%"]),
        "p95": float(row["95%"]),
        "rps": float(row["Requests/s"]),
        "load": f"{before} → {load_average()}",
    }
    form = rows.get(f"{page} (form)")
    if form:
        # Each posted contact is preceded by loading the form, as a user does: the server answers both.
        result["rps"] = float(rows["Aggregated"]["Requests/s"])
        result["failures"] += int(form["Failure Count"])
        result["note"] = f"the form (GET): p50 {float(form['50%']):.0f} ms, p95 {float(form['95%']):.0f} ms"
    return result


def wait_idle(base: str, limit: float = 120) -> None:
    """Let the server finish what the last run queued (slow pages go on after locust stops)."""
    import requests

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.perf_counter()
        requests.get(f"{base}/healthz/", timeout=limit)
        if time.perf_counter() - started < 0.05:
            return
        time.sleep(1)


def time_sequential(session, url: str, runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = session.get(url, timeout=120)
        timings.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    return timings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def one_user(session, base: str, target: dict, seconds: float, most: int = 400) -> dict:
    """One user at a time: request the page (a random one of its URLs) back to back for `seconds`.

    A POST page is timed on its POST only (the form is loaded first, untimed). Returns p50/p95 in ms.
    """
    import random

    from bench.htmlforms import form_values

    timings: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and len(timings) < most:
        url = base + random.choice(target["urls"])
        if target.get("post"):
            values = form_values(session.get(url, timeout=60).text)
            values.update(target["post"])
            started = time.perf_counter()
            response = session.post(url, data=values, allow_redirects=False, timeout=60)
            ok = response.status_code == 302
        else:
            started = time.perf_counter()
            response = session.get(url, timeout=60)
            ok = response.status_code == 200
        timings.append((time.perf_counter() - started) * 1000)
        errors += not ok
    return {
        "requests": len(timings),
        "errors": errors,
        "p50": percentile(timings, 0.5),
        "p95": percentile(timings, 0.95),
    }


def pdf_runs(base: str, account: dict, url: str, restart) -> dict[str, list[float]]:
    """The report PDF: warm (a worker that rendered it before), from a fresh worker (the shared cache as the
    nightly timer leaves it), and from a fresh worker with an empty cache (everything computed)."""
    runs: dict[str, list[float]] = {"warm": [], "cold_worker": [], "cold_cache": []}
    session = sign_in(base, account)
    session.get(base + url, timeout=120)
    runs["warm"] = [t * 1000 for t in time_sequential(session, base + url, 3)]
    for kind in ("cold_worker", "cold_worker", "cold_cache"):
        if kind == "cold_cache":
            from django.core.cache import cache

            cache.clear()  # the database cache's table emptied: the document and the PDF are computed anew
        restart()  # both workers new: the first PDF is the first of the worker that takes it
        runs[kind].append(time_sequential(session, base + url, 1)[0] * 1000)
    return runs


def machine() -> str:
    from django.db import connection

    mem = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    ram = int(re.findall(r"\d+", mem)[0]) / 1024 / 1024
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        buffers = cursor.fetchone()[0]
    return (
        f"{os.cpu_count()} cores (`nproc` {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()}), "
        f"{ram:.0f} GiB RAM, {platform.platform()}, PostgreSQL {pg} (shared_buffers {buffers}, stock settings), "
        f"Python {platform.python_version()}, gunicorn 2 sync workers, locust on the same machine"
    )


def counts() -> str:
    from jour.calls.models import RecurringContact, SupportContact
    from residents.models import Child, Resident, Stay
    from volunteers.models import Match, Meeting, VolunteerProfile

    parts = [
        (SupportContact, "contacts"),
        (RecurringContact, "recurring contacts"),
        (Resident, "residents"),
        (Child, "children"),
        (Stay, "stays"),
        (VolunteerProfile, "contact women"),
        (Match, "matches"),
        (Meeting, "meetings"),
    ]
    events = f"{audit_event_estimate():,} audit events (the planner's estimate)"
    return ", ".join([*(f"{model.objects.count():,} {label}" for model, label in parts), events])


def verdict(ok: bool) -> str:
    return "yes" if ok else "**no**"


def write_doc(section: str) -> None:
    doc = ROOT / "docs" / "benchmarks.md"
    text = doc.read_text() if doc.exists() else "# Benchmarks\n\n"
    block = f"{BEGIN}\n{section.strip()}\n{END}\n"
    if BEGIN in text:
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END) + "\n?", lambda _m: block, text, flags=re.S)
    else:
        first = text.find("\n## ")
        text = text + "\n" + block if first < 0 else text[: first + 1] + block + "\n" + text[first + 1 :]
    doc.write_text(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="length of each page's locust run")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--one-user-seconds", type=int, default=20, help="length of each page's one-user run")
    parser.add_argument("--pages", help="comma-separated subset (default: all)")
    parser.add_argument("--no-doc", action="store_true", help="do not write docs/benchmarks.md")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Run through `make bench` (bin/devdb.py --dir var/bench-pg provides the database).")
    OUT.mkdir(parents=True, exist_ok=True)
    load_before = load_average()
    # The owner role migrates, makes the cache's table and loads (ANALYZE needs the owner); gunicorn serves as
    # the app role (the owner's default privileges give it the cache's table).
    owner = {**PROD, "DATABASE_URL": os.environ["DATABASE_OWNER_URL"]}
    manage("migrate", "--noinput", "-v", "0", env=owner)
    manage("createcachetable", env=owner)
    setup_django()
    seed_text = ensure_dataset()
    accounts = ensure_accounts()
    pages = targets()
    manifest = ROOT / "var" / "staticfiles" / "staticfiles.json"
    sources = [p.stat().st_mtime for p in (ROOT / "static").rglob("*") if p.is_file()]
    if not manifest.exists() or max(sources, default=0) > manifest.stat().st_mtime:
        # Only when needed: other test runs may be reading var/staticfiles at the same moment.
        manage("collectstatic", "--noinput", "-v", "0", env=PROD)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(port)
    selected = args.pages.split(",") if args.pages else [p for p, _label, _role in PAGES]
    results: dict[str, dict] = {}
    latency: dict[str, dict] = {}
    pdf: dict[str, list[float]] = {}

    def restart() -> None:
        nonlocal server
        server.terminate()
        server.wait(timeout=30)
        server = start_gunicorn(port)

    try:
        sessions = {role: [sign_in(base, a) for a in accounts[role]] for role in ("staff", "coordinator", "volunteer")}
        sessions["anonymous"] = [__import__("requests").Session()]
        cookies = {role: [dict(s.cookies) for s in list_] for role, list_ in sessions.items()}
        # Warm up: every page once per worker, and the statistics of the year a few times.
        for page, target in pages.items():
            if page == "report_pdf":
                continue
            for url in target["urls"][:4]:
                sessions[target["role"]][0].get(base + url, timeout=120)
        stats_url = base + pages["statistics"]["urls"][0]
        stats_times = time_sequential(sessions["staff"][0], stats_url, 7)
        # One user at a time, every page, before the load tests (which add rows: contacts, audit events).
        for page, label, role in PAGES:
            if page in selected:
                wait_idle(base)
                latency[page] = one_user(
                    sessions[role][1 % len(sessions[role])], base, pages[page], args.one_user_seconds
                )
                say(f"one user: {label}: {latency[page]}")
        env = {"BENCH_TARGETS": json.dumps(pages), "BENCH_ACCOUNTS": json.dumps(cookies)}
        for page, label, _role in PAGES:
            if page not in selected:
                continue
            wait_idle(base)
            say(f"locust: {label} ({args.users} users, {args.seconds} s) ...")
            results[page] = run_locust(page, base, env, args.seconds, args.users)
            say(f"  {results[page]}")
        wait_idle(base)
        pdf = pdf_runs(base, accounts["coordinator"][2], pages["report_pdf"]["urls"][0], restart)
        say(f"report PDF: {pdf}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    load_after = load_average()

    from bench.profile import page_profile

    usernames = {role: (accounts[role][0]["username"] if accounts[role] else "") for role in accounts}
    profiles = {}
    for page, _label, role in PAGES:
        if page in results and page != "baseline":
            profiles[page] = page_profile(pages[page]["urls"][0], usernames[role])
            say(profiles[page].summary())
    profiles["report_pdf"] = page_profile(pages["report_pdf"]["urls"][0], usernames["coordinator"])
    if args.no_doc:
        return 0
    write_doc(report(args, pages, results, latency, pdf, stats_times, profiles, seed_text, load_before, load_after))
    say("docs/benchmarks.md updated.")
    return 0


def report(args, pages, results, latency, pdf, stats_times, profiles, seed_text, load_before, load_after) -> str:
    """The generated section of docs/benchmarks.md."""
    base_rps = results.get("baseline", {}).get("rps") or 0
    base_p50 = latency.get("baseline", {}).get("p50") or 0
    lines = [
        "## Every page at national scale (`make bench`)",
        "",
        f"Run on {date.today()}: `make bench` (= `python3 bin/devdb.py --dir var/bench-pg -- "
        f".venv/bin/python -m bench.run --seconds {args.seconds} --users {args.users} "
        f"--one-user-seconds {args.one_user_seconds}`). Production settings (DEBUG=0, CONN_MAX_AGE=60, the "
        "database cache `dbcache://jour_cache` shared by the workers, as production runs), gunicorn with 2 "
        "workers on 127.0.0.1 (`--no-control-socket`), every user "
        "signed in through the login and two-factor pages with her own account. Times in ms over real HTTP.",
        "",
        f"- Machine: {machine()}.",
        f"- Data: {counts()} (`seed_demo --scale national`).",
        f"- Load average (1, 5, 15 min) before the run: {load_before}; after: {load_after} (the machine is shared "
        "with other engineers' test suites; see each page's column).",
        "",
        "### One user at a time",
        "",
        f"Each page requested back to back by one signed-in user for {args.one_user_seconds} s (a random one of "
        "its URLs each time; the POST timed on its POST only), before the load tests. Target: p95 ≤ 50 ms on "
        "every page but the PDF.",
        "",
        "| page | requests | errors | p50 | p95 | p50 ÷ trivial view's | p95 ≤ 50 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for page, label, _role in PAGES:
        r = latency.get(page)
        if r:
            ratio = "—" if page == "baseline" or not base_p50 else f"{r['p50'] / base_p50:.1f}×"
            lines.append(
                f"| {label} | {r['requests']:,} | {r['errors']} | {r['p50']:.1f} | {r['p95']:.1f} | {ratio} | "
                f"{'—' if page == 'baseline' else verdict(r['p95'] <= 50)} |"
            )
    lines += [
        "",
        f"### {args.users} users at once",
        "",
        f"locust headless, {args.users} users with no wait time, one page at a time for {args.seconds} s; "
        "throughput in requests/s; ratio = the page's throughput ÷ the trivial view's in the same run. "
        "Target: ≥ 25 %, zero errors.",
        "",
        "| page | requests | errors | p50 | p95 | req/s | ratio to trivial view | ≥ 25 % | load avg |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for page, label, _role in PAGES:
        r = results.get(page)
        if not r:
            continue
        ratio = r["rps"] / base_rps if base_rps else 0
        is_base = page == "baseline"
        lines.append(
            f"| {label} | {r['requests']:,} | {r['failures']} | {r['p50']:.0f} | {r['p95']:.0f} | {r['rps']:.1f} | "
            f"{'—' if is_base else f'{ratio:.0%}'} | {'—' if is_base else verdict(ratio >= 0.25)} | {r['load']} |"
        )
    notes = [
        f"- {label}: {results[page]['note']}." for page, label, _role in PAGES if results.get(page, {}).get("note")
    ]
    if notes:
        notes.insert(
            0, "- The POST page's throughput counts its form's GET too (each contact is logged from a loaded form)."
        )
    lines += ["", *notes]
    audit_urls = ", ".join(f"`{url}`" for url in pages["audit_log"]["urls"])
    lines.append(f"- The audit log's URLs (one at random per request): {audit_urls}.")
    if stats_times:
        lines.append(
            f"- A year's contact statistics ({pages['statistics']['urls'][0]}), one request at a time after the "
            f"warm-up: median {statistics.median(stats_times) * 1000:.0f} ms, max {max(stats_times) * 1000:.0f} ms."
        )
    if pdf:
        fmt = lambda values: ", ".join(f"{v / 1000:.2f} s" for v in values)  # noqa: E731
        lines += [
            "",
            "### The follow-up report PDF",
            "",
            f"`{pages['report_pdf']['urls'][0]}`, one request at a time after the load tests. Targets: ≤ 1 s warm, "
            "≤ 1.5 s from a cold worker.",
            "",
            "| how | times | target met |",
            "|---|---|---|",
            f"| warm (a worker that rendered it before) | {fmt(pdf['warm'])} | {verdict(max(pdf['warm']) <= 1000)} |",
            f"| cold worker (gunicorn restarted; the shared cache as the nightly timer leaves it) | "
            f"{fmt(pdf['cold_worker'])} | {verdict(max(pdf['cold_worker']) <= 1500)} |",
            f"| cold worker and empty cache (everything computed) | {fmt(pdf['cold_cache'])} | — |",
        ]
    lines += [
        "",
        "### Where the time goes (one request per page, in-process, after the load tests)",
        "",
        "`python -m bench.profile URL` (pyinstrument and every query timed; `--explain` adds EXPLAIN ANALYZE) "
        "on the same data, the server stopped:",
        "",
        *[f"- {profile.summary()}" for profile in profiles.values()],
        "",
        "### Loading the national dataset",
        "",
        seed_text.strip(),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
