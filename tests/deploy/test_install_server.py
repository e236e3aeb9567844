"""Issue 17's acceptance, for real: bin/install-server into a temporary prefix against the throwaway cluster
(nothing in the machine's /etc, no system user), gunicorn started from what it installed through its socket
unit, the first coordinator made by the command and logged in through the login and two-factor pages, the app
role's refusals, the units and the Caddyfile checked by systemd and Caddy, an encrypted backup by the timer's
command restored and served by the drill, and bin/upgrade from an older schema. One install shared by all.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import pytest
from cryptography.fernet import Fernet
from django.conf import settings

from .http import Browser

ROOT = Path(settings.BASE_DIR)
TOOLS = ROOT / "var" / "tools" / "root" / "usr" / "bin"
HOST = "jour.test"
INSTANCE = "t1"
PASSWORD = "a-long-and-unusual-passphrase-7"
APP_ROLE_REFUSED = {
    "truncate": "TRUNCATE audit_auditevent",
    "disable trigger": "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_update_delete",
    "drop trigger": "DROP TRIGGER audit_event_no_truncate ON audit_auditevent",
}

# Run by make test in a process of their own after the rest (the install of instance t1 exists once per cluster).
pytestmark = pytest.mark.deploy


@dataclass
class Installation:
    prefix: Path
    identity: Path
    output: str
    env: dict[str, str]
    owner_url: str
    admin_url: str
    path_variable: str
    state: dict

    @property
    def home(self) -> Path:
        return self.prefix / "opt" / "jour" / INSTANCE

    @property
    def units(self) -> Path:
        return self.prefix / "etc" / "systemd" / "system"

    def unit_command(self, unit: str) -> tuple[list[str], Path]:
        """A unit's ExecStart and WorkingDirectory, with the system's paths moved under the prefix."""
        text = (self.units / unit).read_text().replace("/opt/jour/", f"{self.prefix}/opt/jour/")
        start = re.search(r"^ExecStart=(.+)$", text, re.M).group(1).replace("%%", "%")
        workdir = re.search(r"^WorkingDirectory=(.+)$", text, re.M).group(1)
        return shlex.split(start), Path(workdir)

    def process_env(self, **extra: str) -> dict[str, str]:
        return {"PATH": self.path_variable, "LANG": "C.UTF-8", **self.env, **extra}

    def app_connection(self):
        return psycopg2.connect(self.env["DATABASE_URL"])

    def owner_query(self, sql: str):
        with psycopg2.connect(self.owner_url) as conn, conn.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()


def read_env(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if line and not line.startswith("#"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def installation(tmp_path_factory):
    if os.geteuid() != 0:
        pytest.skip("bin/install-server runs as root (as CI runs the suite)")
    path_variable = f"{TOOLS}:{os.environ['PATH']}"
    if not shutil.which("age", path=path_variable):
        pytest.skip("age is missing: `make deploy-tools` unpacks Debian's age (and caddy) into var/tools")
    base = tmp_path_factory.mktemp("server")
    identity = base / "backup-key.txt"
    subprocess.run([shutil.which("age-keygen", path=path_variable), "-o", identity], check=True, capture_output=True)
    recipient = re.search(r"public key: (age1\w+)", identity.read_text()).group(1)
    admin_url = os.environ["DATABASE_ADMIN_URL"]
    prefix = base / "root"
    command = [ROOT / "bin" / "install-server", "--prefix", prefix, "--instance", INSTANCE, "--host", HOST]
    command += ["--backup-recipient", recipient, "--skip-apt", "--pg-admin-url", admin_url]
    command += ["--db-port", str(urlsplit(admin_url).port), "--coordinator", "anna"]
    env = {**os.environ, "PATH": path_variable, "JOUR_COORDINATOR_PASSWORD": PASSWORD}
    env.pop("DATABASE_URL")  # the installer makes its own
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    installed = Installation(
        prefix=prefix,
        identity=identity,
        output=result.stdout,
        env=read_env(prefix / "etc" / "jour" / f"{INSTANCE}.env"),
        owner_url=read_env(prefix / "etc" / "jour" / f"{INSTANCE}.owner.env")["DATABASE_URL"],
        admin_url=admin_url,
        path_variable=path_variable,
        state={"command": command, "command_env": env},
    )
    yield installed
    conn = psycopg2.connect(urlsplit(admin_url)._replace(path="/postgres").geturl())
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS jour_{INSTANCE} WITH (FORCE)")
    conn.close()


@pytest.fixture(scope="module")
def served(installation):
    """gunicorn as its systemd units start it: the socket made first, handed over (LISTEN_FDS)."""
    command, workdir = installation.unit_command(f"jour-{INSTANCE}.service")
    socket_path = installation.prefix / "run" / f"jour-{INSTANCE}.sock"
    socket_path.parent.mkdir(parents=True, exist_ok=True)
    env = installation.process_env()
    activate = shutil.which("systemd-socket-activate")
    if activate:
        command = [activate, "--listen", str(socket_path), *(f"--setenv={k}" for k in env), *command]
    else:
        command = [*command, "--bind", f"unix:{socket_path}"]
    server = subprocess.Popen(command, cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while not socket_path.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    yield Browser(host=HOST, unix_socket=socket_path, https=True)
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)


def test_the_install_writes_its_secrets_once_and_says_where_she_logs_in(installation):
    env_file = installation.prefix / "etc" / "jour" / f"{INSTANCE}.env"
    assert oct(env_file.stat().st_mode & 0o777) == "0o600"
    assert oct((env_file.parent / f"{INSTANCE}.owner.env").stat().st_mode & 0o777) == "0o600"
    env = installation.env
    Fernet(env["FIELD_ENCRYPTION_KEYS"].encode())  # a valid key
    assert len(env["SECRET_KEY"]) >= 50 and env["BLIND_INDEX_KEY"] and env["STATUS_TOKEN"]
    assert env["BLIND_INDEX_KEY"] != env["FIELD_ENCRYPTION_KEYS"]
    app, owner = urlsplit(env["DATABASE_URL"]).username, urlsplit(installation.owner_url).username
    assert (app, owner) == (f"jour_{INSTANCE}_app", f"jour_{INSTANCE}_owner")
    assert "OWNER" not in env_file.read_text() and owner not in env_file.read_text()  # never given to the app
    assert f"https://{HOST}/account/login/" in installation.output
    assert not (installation.prefix / "etc" / "passwd").exists()  # no system user made under a prefix


def test_gunicorn_from_the_install_serves_and_the_first_coordinator_logs_in(installation, served):
    status, _, body = served.get("/healthz/")
    assert (status, body) == (200, '{"status": "ok"}')
    secret = served.log_in_with_two_factor("anna", PASSWORD)
    installation.state["secret"] = secret
    status, _, page = served.get("/")
    assert status == 200
    assert 'data-testid="first-run-checklist"' in page and "Kom igång" in page
    # Monitoring: the token from the env file opens the status; no timer has run yet.
    status, _, _ = served.get("/operations/status/")
    assert status == 404
    events = installation.owner_query("SELECT action, detail->>'role' FROM audit_auditevent ORDER BY id")
    assert ("create", "coordinator") in events and ("login", None) in events and ("otp_enrol", None) in events


def test_the_app_role_of_the_install_cannot_touch_the_audit_log(installation):
    for name, sql in APP_ROLE_REFUSED.items():
        with installation.app_connection() as conn, conn.cursor() as cursor:
            with pytest.raises(psycopg2.Error, match="must be owner|permission denied") as refusal:
                cursor.execute(sql)
            assert refusal.value is not None, name
    rows = installation.owner_query(
        "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass AND tgenabled = 'O'"
    )
    assert rows == [(2,)]
    command, workdir = installation.unit_command(f"jour-{INSTANCE}-purge.service")
    check = subprocess.run(
        [command[0], "manage.py", "check", "--deploy", "--fail-level", "ERROR"],
        cwd=workdir,
        env=installation.process_env(),
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0 and "jour.E100" not in check.stderr, check.stderr


def test_the_units_and_the_caddyfile_pass_systemd_and_caddy(installation, tmp_path):
    names = sorted(path.name for path in installation.units.iterdir())
    timers = [name for name in names if name.endswith(".timer")]
    assert [t.removeprefix(f"jour-{INSTANCE}-") for t in timers] == [
        "audit-alerts.timer",
        "backup.timer",
        "clearsessions.timer",
        "purge.timer",
        "quality-reminders.timer",
        "reminders.timer",
        "warm-reports.timer",
    ]
    service = (installation.units / f"jour-{INSTANCE}.service").read_text()
    for hardening in ["NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes", "ProtectHome=yes"]:
        assert hardening in service
    assert f"ReadOnlyPaths=/opt/jour/{INSTANCE}" in service
    assert "Requires=jour-t1.socket" in service
    if shutil.which("systemd-analyze"):
        for name in names:  # the system's paths moved under the prefix, so the commands exist
            text = (installation.units / name).read_text().replace("/opt/jour/", f"{installation.prefix}/opt/jour/")
            (tmp_path / name).write_text(text)
        verify = subprocess.run(
            ["systemd-analyze", "verify", *(str(tmp_path / name) for name in names)], capture_output=True, text=True
        )
        assert verify.returncode == 0 and verify.stderr.strip() == "", verify.stderr
    caddy = shutil.which("caddy", path=installation.path_variable)
    if not caddy:
        pytest.skip("caddy is missing (make deploy-tools)")
    site = installation.prefix / "etc" / "caddy" / "Caddyfile.d" / f"jour-{INSTANCE}.caddy"
    validated = subprocess.run(
        [caddy, "validate", "--config", site, "--adapter", "caddyfile"],
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)},
    )
    assert validated.returncode == 0 and "Valid configuration" in validated.stdout + validated.stderr
    assert f"reverse_proxy unix//run/jour-{INSTANCE}.sock" in site.read_text()


def test_a_backup_by_the_timer_is_unreadable_without_the_key_and_the_drill_restores_serves_and_logs_in(
    installation, served, tmp_path
):
    assert "secret" in installation.state, "runs after the coordinator enrolled"
    command, workdir = installation.unit_command(f"jour-{INSTANCE}-backup.service")
    run = subprocess.run(command, cwd=workdir, env=installation.process_env(), capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    backups = sorted((installation.prefix / "var" / "backups" / "jour" / INSTANCE / "daily").glob("*.dump.age"))
    assert len(backups) == 1
    backup = backups[0]
    data = backup.read_bytes()
    assert data.startswith(b"age-encryption.org/v1") and b"PGDMP" not in data and b"anna" not in data
    other_key = tmp_path / "other-key.txt"
    subprocess.run([shutil.which("age-keygen", path=installation.path_variable), "-o", other_key], capture_output=True)
    age = shutil.which("age", path=installation.path_variable)
    assert subprocess.run([age, "-d", "-i", other_key, backup], capture_output=True).returncode != 0
    assert installation.owner_query("SELECT task FROM operations_taskrun") == [("backup",)]

    port = free_port()
    restore = installation.home / "current" / "bin" / "restore"
    drill = subprocess.Popen(
        [restore, "--instance", INSTANCE, "--prefix", installation.prefix, "--pg-admin-url", installation.admin_url]
        + ["--identity", installation.identity, "--drill", "--port", str(port), backup],
        env={**os.environ, "PATH": installation.path_variable},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = []
    for line in drill.stdout:
        output.append(line)
        if "is served at" in line:
            break
    assert drill.poll() is None, "".join(output)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    browser = Browser(host="127.0.0.1", port=port, https=False)
    browser.log_in_with_two_factor("anna", PASSWORD, secret=installation.state["secret"])
    status, _, page = browser.get("/")
    assert status == 200 and "anna" in page.lower()
    drill.send_signal(signal.SIGTERM)
    rest, _ = drill.communicate(timeout=60)
    assert drill.returncode == 0, "".join(output) + rest
    assert f"jour_{INSTANCE}_drill dropped" in rest
    assert {task for (task,) in installation.owner_query("SELECT task FROM operations_taskrun")} == {
        "backup",
        "restore_drill",
    }


def test_upgrade_from_an_older_schema_ends_with_a_passing_smoke_check(installation):
    """The database as the previous commit left it (before this branch's audit migration), then bin/upgrade."""
    before = (installation.home / "current").resolve()
    command, workdir = installation.unit_command(f"jour-{INSTANCE}-purge.service")
    owner_env = installation.process_env(DATABASE_URL=installation.owner_url)
    subprocess.run([command[0], "manage.py", "migrate", "audit", "0004_scale"], cwd=workdir, env=owner_env, check=True)
    source = installation.owner_query("SELECT prosrc FROM pg_proc WHERE proname = 'audit_event_append_only'")
    assert "allow_audit_truncate" in source[0][0]  # the old escape hatch is back: an older schema

    upgrade = subprocess.run(
        [ROOT / "bin" / "upgrade", "--prefix", installation.prefix, "--instance", INSTANCE],
        env={**os.environ, "PATH": installation.path_variable},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert upgrade.returncode == 0, upgrade.stdout[-4000:] + upgrade.stderr[-4000:]
    assert "1. Encrypted backup" in upgrade.stdout and "4. Smoke check" in upgrade.stdout
    assert "/healthz/ answers" in upgrade.stdout
    after = (installation.home / "current").resolve()
    assert after != before and before.exists()  # the previous release is kept for a roll-back
    source = installation.owner_query("SELECT prosrc FROM pg_proc WHERE proname = 'audit_event_append_only'")
    assert "allow_audit_truncate" not in source[0][0]
    assert installation.owner_query("SELECT count(*) FROM django_migrations WHERE name = '0005_no_escape_hatch'") == [
        (1,)
    ]


def test_install_server_runs_again_without_changing_the_keys(installation):
    before = read_env(installation.prefix / "etc" / "jour" / f"{INSTANCE}.env")
    command = [part for part in installation.state["command"] if part not in ("--coordinator", "anna")]
    result = subprocess.run(
        [*command, "--no-coordinator"], env=installation.state["command_env"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "is installed already" in result.stdout
    assert read_env(installation.prefix / "etc" / "jour" / f"{INSTANCE}.env") == before
