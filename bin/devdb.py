#!/usr/bin/env python3
"""Run a command against a private PostgreSQL cluster when DATABASE_URL is unset.

    bin/devdb.py [--throwaway] [--dir DIR] -- COMMAND...

Without --throwaway the cluster lives in var/pg and keeps its data between runs (make run);
with it, a fresh cluster is made in a temporary folder and removed afterwards (make test).
--dir keeps a persistent cluster somewhere else (make bench keeps its national dataset in var/bench-pg).
PostgreSQL refuses to run as root, so as root the server runs as the unprivileged
`postgres` system user. Standard library only: this runs before the virtualenv exists.

The command gets DATABASE_URL for the app role `jour_app` (rows only: what the app, its timers and the
tests connect as) and DATABASE_OWNER_URL for `jour_owner` (owns the database, runs the migrations);
with --throwaway also DATABASE_ADMIN_URL, the cluster's superuser, for the test suite's clean-up.
The roles are made by the same SQL as in production (jour/operations/dbroles.py).
"""

from __future__ import annotations

import argparse
import glob
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from jour.operations import dbroles  # noqa: E402  (standard library only)

DATABASE, OWNER, APP = "jour", "jour_owner", "jour_app"
INSTALL_HINT = (
    "PostgreSQL server binaries not found: install them "
    "(Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql)."
)


def find_bindir() -> Path:
    candidates = [os.environ.get("PG_BINDIR", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True)
    candidates += sorted(glob.glob("/opt/homebrew/opt/postgresql*/bin")) + sorted(
        glob.glob("/usr/local/opt/postgresql*/bin")
    )
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(str(Path(on_path).resolve().parent))
    for candidate in candidates:
        if candidate and (Path(candidate) / "pg_ctl").exists() and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    sys.exit(INSTALL_HINT)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    def __init__(self, base: Path):
        self.bindir = find_bindir()
        self.as_root = os.geteuid() == 0
        self.base = base
        self.data = base / "data"
        self.password_file = base / "password"

    def _run(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        cmd = list(args)
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=True, **kwargs)

    def _prepare_base(self) -> None:
        self.base.mkdir(parents=True, exist_ok=True)
        os.chmod(self.base, 0o700)
        if self.as_root:
            shutil.chown(self.base, "postgres", "postgres")
            probe = subprocess.run(["runuser", "-u", "postgres", "--", "test", "-w", str(self.base)])
            if probe.returncode != 0:
                sys.exit(
                    f"The postgres system user cannot reach {self.base}: make its parent folders "
                    "traversable (chmod o+x) or set DATABASE_URL."
                )

    def init(self) -> None:
        self._prepare_base()
        if (self.data / "PG_VERSION").exists():
            return
        password = secrets.token_urlsafe(24)
        pwfile = self.base / "pwfile"
        pwfile.write_text(password + "\n")
        if self.as_root:
            shutil.chown(pwfile, "postgres", "postgres")
        self._run(
            str(self.bindir / "initdb"),
            "--no-sync",
            "-D",
            str(self.data),
            "-U",
            "jour_admin",
            "--auth=scram-sha-256",
            f"--pwfile={pwfile}",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            stdout=subprocess.DEVNULL,
        )
        pwfile.unlink()
        self.password_file.write_text(password)
        os.chmod(self.password_file, 0o600)

    def start(self, port: int, fast: bool) -> None:
        options = f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
        if fast:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.base / "server.log"),
            "-w",
            "start",
            stdout=subprocess.DEVNULL,
        )

    def running_port(self) -> int | None:
        """The port of this cluster when another command (say `make run`) already started it."""
        status = subprocess.run(
            (["runuser", "-u", "postgres", "--"] if self.as_root else [])
            + [str(self.bindir / "pg_ctl"), "-D", str(self.data), "status"],
            capture_output=True,
        )
        port_file = self.base / "port"
        if status.returncode == 0 and port_file.exists():
            return int(port_file.read_text())
        return None

    def stop(self) -> None:
        self._run(
            str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop", stdout=subprocess.DEVNULL
        )

    def _secret(self, name: str) -> str:
        path = self.base / name
        if not path.exists():
            path.write_text(secrets.token_urlsafe(24))
            os.chmod(path, 0o600)
        return path.read_text().strip()

    def ensure_roles(self, port: int, *, throwaway: bool) -> dict[str, str]:
        """The owner role (owns the database, migrates) and the app role (rows only), the same SQL as
        bin/install-server (jour/operations/dbroles.py). Returns the environment that names them."""
        admin_password = self.password_file.read_text().strip()
        owner_password, app_password = self._secret("owner_password"), self._secret("app_password")
        env = {**os.environ, "PGPASSWORD": admin_password}
        base = [str(self.bindir / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "jour_admin", "-qtA"]
        base += ["-v", "ON_ERROR_STOP=1"]

        def psql(database: str, sql: str) -> str:
            return subprocess.run(
                [*base, "-d", database, "-c", sql], env=env, check=True, capture_output=True, text=True
            ).stdout.strip()

        for _ in range(50):
            probe = subprocess.run([*base, "-d", "postgres", "-c", "select 1"], env=env, capture_output=True)
            if probe.returncode == 0:
                break
            time.sleep(0.1)
        psql(
            "postgres",
            dbroles.roles_sql(
                owner=OWNER,
                app=APP,
                owner_password=owner_password,
                app_password=app_password,
                owner_creates_databases=True,  # the test suite's database is created by the owner
            ),
        )
        previous_owner = psql(
            "postgres", f"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = {dbroles.literal(DATABASE)}"
        )
        if not previous_owner:
            psql("postgres", dbroles.create_database_sql(database=DATABASE, owner=OWNER))
        elif previous_owner != OWNER:
            # A cluster made before the owner/app split: the app role (`jour`) owned everything.
            psql(DATABASE, dbroles.adopt_objects_sql(previous=previous_owner, owner=OWNER))
        psql("postgres", dbroles.database_access_sql(database=DATABASE, owner=OWNER, app=APP))
        psql(DATABASE, dbroles.privileges_sql(owner=OWNER, app=APP))
        urls = {
            "DATABASE_URL": f"postgres://{APP}:{app_password}@127.0.0.1:{port}/{DATABASE}",
            "DATABASE_OWNER_URL": f"postgres://{OWNER}:{owner_password}@127.0.0.1:{port}/{DATABASE}",
        }
        if throwaway:
            # Only the test suite's throwaway cluster hands out the superuser: tests clean up through it
            # and bin/install-server's test creates an instance's roles with it.
            urls["DATABASE_ADMIN_URL"] = f"postgres://jour_admin:{admin_password}@127.0.0.1:{port}/postgres"
        return urls


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--throwaway", action="store_true", help="use a temporary cluster and remove it afterwards")
    parser.add_argument("--dir", help="folder of a persistent cluster other than var/pg")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    # A SIGTERM (systemd, kill) must still stop the cluster: turn it into the same path as Ctrl-C.
    signal.signal(signal.SIGTERM, _interrupt)
    if not command:
        parser.error("give a command after --")
    if os.environ.get("DATABASE_URL"):
        return subprocess.call(command)

    if args.throwaway:
        parent = Path(tempfile.mkdtemp(prefix="jour-pg-", dir=ROOT / "var" if (ROOT / "var").is_dir() else None))
        base = parent / "cluster"
    else:
        parent, base = None, Path(args.dir).resolve() if args.dir else ROOT / "var" / "pg"
    (ROOT / "var").mkdir(exist_ok=True)
    if parent is not None and os.geteuid() == 0:
        os.chmod(parent, 0o755)
    cluster = Cluster(base)
    cluster.init()
    port = cluster.running_port()
    started_here = port is None
    if started_here:
        port = free_port()
        cluster.start(port, fast=args.throwaway)
        (base / "port").write_text(str(port))
    try:
        env = {**os.environ, **cluster.ensure_roles(port, throwaway=args.throwaway)}
        process = subprocess.Popen(command, env=env)
        try:
            return process.wait()
        except KeyboardInterrupt:
            process.terminate()
            return process.wait()
    finally:
        if started_here:
            cluster.stop()
        if parent is not None:
            shutil.rmtree(parent, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
