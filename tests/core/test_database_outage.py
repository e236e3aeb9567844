"""A database outage: 503 with Retry-After (healthz too), one log line per failed request, recovery without a
restart, and no acknowledged contact lost nor any refused one stored (issue 16).

The outage test runs gunicorn (2 workers, production settings) against a cluster of its own, made by
bin/devdb.py's Cluster, and stops that cluster while staff keep logging contacts.
"""

from __future__ import annotations

import datetime as dt
import http.client
import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg2
import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import RequestFactory
from django.utils import translation

from jour import outage

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
STOCKHOLM = ZoneInfo("Europe/Stockholm")


# The error pages themselves -------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _swedish():
    """The pages render in the thread's active language (a request's, set by the locale middleware), which an
    earlier test in the same process may have left at English: these assert the Swedish texts, so say so."""
    with translation.override("sv"):
        yield


def _handled(method: str, error: Exception):
    request = getattr(RequestFactory(), method.lower())("/calls/new/")
    try:
        raise error
    except Exception:
        return request, outage.server_error(request)


def test_a_database_error_behind_a_failure_is_a_503_with_retry_after_in_swedish():
    request, response = _handled("GET", OperationalError("connection to server at 127.0.0.1 failed\nDETAIL: x"))
    assert response.status_code == 503
    assert response["Retry-After"] == str(outage.RETRY_AFTER_SECONDS)
    html = response.content.decode()
    assert "Jour är tillfälligt otillgänglig" in html
    assert "Inget sparades" not in html  # a GET was saving nothing
    assert 'href="/calls/new/"' in html  # the way back: try again
    assert getattr(request, outage.OUTAGE) == "OperationalError: connection to server at 127.0.0.1 failed"


def test_the_page_is_in_her_language_or_swedish_whatever_the_worker_served_last():
    """A request that fails before the locale middleware has no language of its own: Swedish, the default, not
    the language this worker's thread last served (a worker serves many users)."""
    with translation.override("en"):
        _request, before_locale = _handled("GET", OperationalError("connection refused"))
        english = RequestFactory().get("/calls/new/")
        english.LANGUAGE_CODE = "en"
        try:
            raise OperationalError("connection refused")
        except OperationalError:
            hers = outage.server_error(english)
    assert "Jour är tillfälligt otillgänglig" in before_locale.content.decode()
    assert "Jour är tillfälligt otillgänglig" not in hers.content.decode()


def test_a_saved_message_queued_before_the_failure_is_not_shown_on_the_next_page():
    request = RequestFactory().post("/calls/new/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    messages.success(request, "Kontakten är sparad.")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        outage.server_error(request)
    assert list(messages.get_messages(request)) == []


def test_a_post_that_failed_before_its_view_says_nothing_was_saved():
    _request, response = _handled("POST", OperationalError("server closed the connection unexpectedly"))
    html = response.content.decode()
    assert response.status_code == 503 and "Inget sparades." in html


def test_any_other_error_is_the_500_page_which_mentions_saving_only_for_a_post():
    _request, response = _handled("GET", ValueError("boom"))
    assert response.status_code == 500
    assert "Ett fel uppstod" in response.content.decode() and "sparades" not in response.content.decode()
    _request, response = _handled("POST", ValueError("boom"))
    assert "Inget sparades." in response.content.decode()


def test_a_failure_after_the_view_ran_says_it_may_have_been_saved():
    request = RequestFactory().post("/calls/new/")
    setattr(request, outage.VIEW_STARTED, True)
    try:
        raise OperationalError("terminating connection due to administrator command")
    except OperationalError:
        response = outage.server_error(request)
    assert "kan ha sparats" in response.content.decode()


# The outage, for real ---------------------------------------------------------------------------------------


def _devdb():
    spec = importlib.util.spec_from_file_location("devdb", ROOT / "bin" / "devdb.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


SESSION_SCRIPT = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from jour.accounts.devices import AuthenticatorAppDevice
from jour.accounts.models import Role, User
from jour.shelter.models import Municipality, ShelterProfile

profile = ShelterProfile.load()
profile.municipality = Municipality.objects.get(code="0136")
profile.save()
user = User.objects.create_user("outage-staff", password="not-used-here-0", role=Role.STAFF)
device = AuthenticatorAppDevice.objects.create(user=user, name="app", confirmed=True)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session["otp_device_id"] = device.persistent_id
session.create()
print(session.session_key, user.pk)
"""


@dataclass
class Server:
    cluster: object
    port: int
    db_port: int
    database_url: str
    session_key: str
    staff_id: str
    log: Path
    process: subprocess.Popen = field(repr=False)


def _interrupt(signum, frame):
    raise KeyboardInterrupt  # so the fixture's clean-up runs when the suite is stopped (bin/devdb.py sends TERM)


@pytest.fixture(scope="module")
def server():
    previous_handler = signal.signal(signal.SIGTERM, _interrupt)
    devdb = _devdb()
    parent = Path(tempfile.mkdtemp(prefix="jour-outage-", dir=ROOT / "var" if (ROOT / "var").is_dir() else None))
    if os.geteuid() == 0:
        os.chmod(parent, 0o755)
    cluster = devdb.Cluster(parent / "cluster")
    cluster.init()
    db_port = _free_port()
    cluster.start(db_port, fast=True)
    gunicorn = None
    try:
        if hasattr(cluster, "ensure_roles"):  # the owner/app role split
            urls = cluster.ensure_roles(db_port, throwaway=True)
        else:
            urls = {"DATABASE_URL": cluster.ensure_app_role(db_port)}
        env = {**os.environ, **urls, "CONN_MAX_AGE": "60", "LOG_LEVEL": "WARNING"}
        migrate_env = {**env, "DATABASE_URL": urls.get("DATABASE_OWNER_URL", urls["DATABASE_URL"])}
        manage = [PYTHON, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=migrate_env, check=True, cwd=ROOT)
        made = subprocess.run(
            [*manage, "shell", "-c", SESSION_SCRIPT], env=env, check=True, cwd=ROOT, capture_output=True, text=True
        )
        session_key, staff_id = made.stdout.strip().splitlines()[-1].split()
        port = _free_port()
        log = parent / "gunicorn.log"
        gunicorn = subprocess.Popen(
            [GUNICORN, "jour.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}", "--graceful-timeout", "3"]
            + ["--no-control-socket"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=log.open("w"),
        )
        for _ in range(100):
            try:
                if _request(port, "GET", "/healthz/").status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        yield Server(cluster, port, db_port, urls["DATABASE_URL"], session_key, staff_id, log, gunicorn)
    finally:
        if gunicorn is not None:
            gunicorn.send_signal(signal.SIGINT)  # quick shutdown
            gunicorn.wait(timeout=20)
        try:
            cluster.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(parent, ignore_errors=True)
        signal.signal(signal.SIGTERM, previous_handler)


@dataclass
class Answer:
    status: int
    headers: dict
    body: str


def _request(port: int, method: str, path: str, *, body: str = "", cookies: str = "") -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookies} if cookies else {}
    if method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body.encode(), headers=headers)
    response = connection.getresponse()
    answer = Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode())
    connection.close()
    return answer


@dataclass
class Attempt:
    started_at: str  # the contact's time, unique per attempt: how the database is asked whether it was stored
    at: float = field(default_factory=time.monotonic)
    form: Answer | None = None
    post: Answer | None = None


def _log_contacts(server: Server, stop: threading.Event, attempts: list[Attempt], number: int) -> None:
    """One member of staff logging contacts as fast as the server answers: the form, then the POST."""
    from urllib.parse import urlencode

    csrf = f"{number:02d}" + "x" * 30  # a 32-character CSRF secret of our own, sent as cookie and field
    cookies = f"sessionid={server.session_key}; csrftoken={csrf}"
    first = dt.datetime.now(STOCKHOLM).replace(tzinfo=None, microsecond=0) - dt.timedelta(days=1)
    count = 0
    while not stop.is_set():
        started_at = first + dt.timedelta(seconds=number * 10_000 + count)
        count += 1
        attempt = Attempt(started_at.isoformat())
        attempts.append(attempt)
        attempt.form = _request(server.port, "GET", "/calls/new/", cookies=cookies)
        if attempt.form.status != 200:
            continue
        fields = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', attempt.form.body))
        fields.update(
            csrfmiddlewaretoken=csrf,
            started_at=attempt.started_at,
            channel="phone",
            kind="support",
            place="0136",
            staff=server.staff_id,
        )
        attempt.post = _request(server.port, "POST", "/calls/new/", body=urlencode(fields), cookies=cookies)


def _health(server: Server, stop: threading.Event, answers: list[Answer]) -> None:
    while not stop.is_set():
        answers.append(_request(server.port, "GET", "/healthz/"))
        time.sleep(0.05)


def _stored_contacts(server: Server) -> set[str]:
    with psycopg2.connect(server.database_url.replace("postgres://", "postgresql://")) as connection:
        with connection.cursor() as cursor:
            cursor.execute("SELECT started_at FROM calls_supportcontact")
            return {row[0].astimezone(STOCKHOLM).replace(tzinfo=None).isoformat() for row in cursor.fetchall()}


def test_an_outage_is_a_503_logged_once_and_recovers_without_a_restart(server):
    attempts: list[Attempt] = []
    health: list[Answer] = []
    stop = threading.Event()
    threads = [threading.Thread(target=_log_contacts, args=(server, stop, attempts, n)) for n in range(4)]
    threads.append(threading.Thread(target=_health, args=(server, stop, health)))
    for thread in threads:
        thread.start()
    try:
        time.sleep(2)
        before = len(attempts)
        server.cluster.stop()  # fast shutdown: the requests in flight lose their connection mid-request
        time.sleep(2)
        server.cluster.start(server.db_port, fast=True)
        restarted = time.monotonic()
        time.sleep(3)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

    answers = [a for attempt in attempts for a in (attempt.form, attempt.post) if a is not None] + health
    refused = [a for a in answers if a.status == 503]
    assert refused, "the outage was not seen"
    assert {a.status for a in answers} <= {200, 302, 503}, "no 500 or anything else"

    # Each 503: Retry-After and the short Swedish page (healthz: JSON).
    for answer in refused:
        assert answer.headers["retry-after"] == str(outage.RETRY_AFTER_SECONDS)
    pages = [a for a in refused if a not in health]
    assert pages and all("Jour är tillfälligt otillgänglig" in a.body for a in pages)
    assert any(json.loads(a.body) == {"status": "database unavailable"} for a in health if a.status == 503)

    # Recovery without a restart: the last requests all succeed, by the same gunicorn.
    assert server.process.poll() is None
    recovered = [a for a in attempts if a.at > restarted + 0.5]
    assert recovered and [(a.form.status, a.post.status) for a in recovered] == [(200, 302)] * len(recovered)
    assert health[-1].status == 200
    assert any(a.post is not None and a.post.status == 302 for a in attempts[:before])

    # One log line per failed request, with its cause; no traceback.
    log = server.log.read_text()
    lines = [line for line in log.splitlines() if "Database unavailable" in line]
    assert len(lines) == len(refused), log[-3000:]
    one_line = re.compile(r"Database unavailable: (GET|POST) /\S* \((OperationalError|InterfaceError): ")
    assert all(one_line.search(line) for line in lines)
    assert "Traceback" not in log, log[-3000:]

    # Every contact acknowledged (302) is stored; none refused as "nothing was saved" is.
    stored = _stored_contacts(server)
    acknowledged = {a.started_at for a in attempts if a.post is not None and a.post.status == 302}
    refused_posts = [a for a in attempts if a.post is not None and a.post.status == 503]
    nothing_saved = {a.started_at for a in refused_posts if 'data-testid="nothing-saved"' in a.post.body}
    maybe_saved = {a.started_at for a in refused_posts if 'data-testid="maybe-saved"' in a.post.body}
    assert acknowledged and acknowledged <= stored
    assert not nothing_saved & stored
    assert nothing_saved | maybe_saved == {a.started_at for a in refused_posts}
    assert stored <= acknowledged | maybe_saved  # nothing stored that the user was not told of
