"""One Jour instance on a server: where its files live, its secrets, its database. For bin/install-server,
bin/upgrade and bin/restore (run as root, standard library only: they run before any virtualenv exists).

Layout of instance NAME (every path under --prefix, "/" on a real server):

    /etc/jour/NAME.env              the app's environment (mode 0600, root): keys, the app role's DATABASE_URL
    /etc/jour/NAME.owner.env        the owner role's DATABASE_URL (mode 0600, root): migrations only, never the app
    /opt/jour/NAME/releases/R/      one release: the code, read-only; .venv -> ../../venvs/<lock hash>
    /opt/jour/NAME/current          symlink to the release being served
    /var/backups/jour/NAME/         encrypted backups (daily/, weekly/), owned by the app's system user
    /etc/systemd/system/jour-NAME*  the socket, the gunicorn service and the timers (deploy/systemd/)
    /etc/caddy/Caddyfile.d/jour-NAME.caddy
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import secrets
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from . import dbroles

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]{0,19}$")
SOURCE = Path(__file__).resolve().parents[2]
# Not copied into a release: the developer's virtualenv, clusters, caches, version control.
NOT_RELEASED = {".git", ".venv", "var", "node_modules", "__pycache__", ".ruff_cache", "build", "test-results"}


def say(message: str) -> None:
    print(message, flush=True)  # noqa: T201  (the scripts' progress, on the operator's terminal)


class StepFailed(Exception):
    pass


def run(command: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None, input: str | None = None):
    """Run a step; on failure raise StepFailed with what it printed (the callers say how to recover)."""
    result = subprocess.run(
        [str(part) for part in command], env=env, cwd=cwd, input=input, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise StepFailed(f"{' '.join(map(str, command[:4]))} … failed:\n{result.stdout[-2000:]}{result.stderr[-3000:]}")
    return result.stdout


@dataclass(frozen=True)
class Instance:
    name: str
    prefix: Path = Path("/")

    def __post_init__(self):
        if not NAME_PATTERN.match(self.name):
            raise SystemExit(f"instance name {self.name!r}: lower-case letters and digits, starting with a letter")

    def path(self, absolute: str) -> Path:
        return self.prefix / absolute.lstrip("/")

    @property
    def on_real_system(self) -> bool:
        return self.prefix.resolve() == Path("/")

    # Names ------------------------------------------------------------------------------------------
    @property
    def system_user(self) -> str:
        return f"jour-{self.name}"

    @property
    def database(self) -> str:
        return f"jour_{self.name}"

    @property
    def owner_role(self) -> str:
        return f"jour_{self.name}_owner"

    @property
    def app_role(self) -> str:
        return f"jour_{self.name}_app"

    @property
    def unit(self) -> str:
        return f"jour-{self.name}"

    # Paths (as the running system sees them, and where they are written) ----------------------------
    @property
    def env_file(self) -> Path:
        return self.path(f"/etc/jour/{self.name}.env")

    @property
    def owner_env_file(self) -> Path:
        return self.path(f"/etc/jour/{self.name}.owner.env")

    @property
    def home(self) -> Path:
        return self.path(f"/opt/jour/{self.name}")

    @property
    def current(self) -> Path:
        return self.home / "current"

    @property
    def backup_dir(self) -> Path:
        return self.path(f"/var/backups/jour/{self.name}")

    @property
    def socket(self) -> Path:
        return self.path(f"/run/{self.unit}.sock")

    def releases(self) -> list[Path]:
        folder = self.home / "releases"
        return sorted(p for p in folder.iterdir() if (p / ".complete").exists()) if folder.exists() else []


# Environment files ----------------------------------------------------------------------------------


def read_env(path: Path) -> dict[str, str]:
    values = {}
    if path.exists():
        for line in path.read_text().splitlines():
            if line.strip() and not line.lstrip().startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                values[key.strip()] = value.strip()
    return values


def write_env(path: Path, values: dict[str, str], header: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o755)  # noqa: S103  (the folder; each file in it is 0600)
    text = header + "".join(f"{key}={value}\n" for key, value in values.items())
    temporary = path.with_suffix(".tmp")
    temporary.touch(mode=0o600)
    os.chmod(temporary, 0o600)
    temporary.write_text(text)
    temporary.replace(path)


def fernet_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def generated_secrets() -> dict[str, str]:
    """Made once per instance and kept on every later run (a new key would make the data unreadable)."""
    return {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": fernet_key(),
        # The keyed blind index of names (registry, issue 14 item 1): an HMAC key, never the Fernet key.
        "BLIND_INDEX_KEY": fernet_key(),
        "STATUS_TOKEN": secrets.token_urlsafe(32),
    }


def database_url(role: str, password: str, host: str, port: int, database: str) -> str:
    return f"postgres://{role}:{quote(password, safe='')}@{host}:{port}/{database}"


def ensure_env(
    instance: Instance,
    *,
    host: str | None,
    db_host: str,
    db_port: int,
    backup_recipient: str | None,
    email_url: str | None = None,
    from_email: str | None = None,
) -> tuple[dict[str, str], dict[str, str]]:
    """The instance's two env files: existing values are kept, missing ones added. Returns (app, owner)."""
    app, owner = read_env(instance.env_file), read_env(instance.owner_env_file)
    app_password = urlsplit(app["DATABASE_URL"]).password if "DATABASE_URL" in app else secrets.token_urlsafe(24)
    owner_password = urlsplit(owner["DATABASE_URL"]).password if "DATABASE_URL" in owner else secrets.token_urlsafe(24)
    host = host or app.get("ALLOWED_HOSTS", "").split(",")[0]
    if not host:
        raise SystemExit("give --host: the name the jour is reached at (e.g. jour.example.org)")
    defaults = {
        "DEBUG": "0",
        "ALLOWED_HOSTS": host,
        "CSRF_TRUSTED_ORIGINS": f"https://{host}",
        "JOUR_URL": f"https://{host}",
        "DATABASE_URL": database_url(instance.app_role, app_password, db_host, db_port, instance.database),
        "CONN_MAX_AGE": "60",
        # Behind Caddy (or nginx) on the same machine: one proxy hop sets X-Forwarded-For and -Proto.
        "PROXY_SSL_HEADER": "1",
        "PROXY_COUNT": "1",
        # One cache for all workers, in the instance's own database (docs/deployment.md says why).
        "CACHE_URL": "dbcache://jour_cache",
        "EMAIL_URL": email_url or "smtp://localhost:25",
        "DEFAULT_FROM_EMAIL": from_email or f"jour@{host}",
        "BACKUP_DIR": str(instance.backup_dir),
        "BACKUP_NAME": f"jour-{instance.name}",
        **generated_secrets(),
    }
    merged = {**defaults, **app}
    if backup_recipient:
        merged["BACKUP_AGE_RECIPIENT"] = backup_recipient
    if email_url:
        merged["EMAIL_URL"] = email_url
    if not merged.get("BACKUP_AGE_RECIPIENT"):
        raise SystemExit("give --backup-recipient: the age public key (age1…) backups are encrypted to")
    owner_values = {
        "DATABASE_URL": database_url(instance.owner_role, owner_password, db_host, db_port, instance.database)
    }
    header = f"# Jour instance {instance.name}: read by systemd (EnvironmentFile) and bin/upgrade. Keep secret.\n"
    write_env(instance.env_file, merged, header)
    write_env(
        instance.owner_env_file,
        owner_values,
        "# The owner role: migrations only (bin/install-server, bin/upgrade). Never given to the app.\n",
    )
    return merged, owner_values


# PostgreSQL ----------------------------------------------------------------------------------------


class Postgres:
    """A superuser connection: --pg-admin-url, else the local cluster as the postgres system user."""

    def __init__(self, admin_url: str | None):
        self.admin_url = admin_url

    def psql(self, sql: str, *, database: str = "postgres") -> str:
        if self.admin_url:
            url = urlsplit(self.admin_url)._replace(path=f"/{database}").geturl()
            command = ["psql", url]
        else:
            command = ["runuser", "-u", "postgres", "--", "psql", "-d", database]
        return run([*command, "-qtAX", "-v", "ON_ERROR_STOP=1"], input=sql).strip()

    def ensure_database(self, instance: Instance, *, owner_password: str, app_password: str, name: str = "") -> None:
        """The instance's roles and database (or a scratch database of the same roles), by the shared SQL."""
        database = name or instance.database
        self.psql(
            dbroles.roles_sql(
                owner=instance.owner_role,
                app=instance.app_role,
                owner_password=owner_password,
                app_password=app_password,
            )
        )
        if not self.psql(dbroles.database_exists_sql(database)):
            self.psql(dbroles.create_database_sql(database=database, owner=instance.owner_role))
        self.psql(dbroles.database_access_sql(database=database, owner=instance.owner_role, app=instance.app_role))
        self.psql(dbroles.privileges_sql(owner=instance.owner_role, app=instance.app_role), database=database)

    def drop_database(self, name: str) -> None:
        self.psql(f"DROP DATABASE IF EXISTS {dbroles.ident(name)} WITH (FORCE);")


def grant_to_app(instance: Instance, owner_url: str) -> None:
    """After migrations: the app role's row privileges on what the owner created (idempotent)."""
    run(
        ["psql", owner_url, "-qtAX", "-v", "ON_ERROR_STOP=1"],
        input=dbroles.privileges_sql(owner=instance.owner_role, app=instance.app_role),
    )


# Releases ------------------------------------------------------------------------------------------


def commit_of(source: Path) -> str:
    try:
        return run(["git", "-C", source, "rev-parse", "--short=12", "HEAD"]).strip()
    except (StepFailed, FileNotFoundError):
        return "nogit"


def copy_tree(source: Path, target: Path) -> None:
    """The code as git tracks it when the source is a checkout, else the folder without NOT_RELEASED."""
    try:
        tracked = run(["git", "-C", source, "ls-files", "-z", "--cached", "--others", "--exclude-standard"])
        files = [Path(name) for name in tracked.split("\0") if name]
    except (StepFailed, FileNotFoundError):
        files = [
            path.relative_to(source)
            for path in source.rglob("*")
            if path.is_file() and not NOT_RELEASED.intersection(path.relative_to(source).parts)
        ]
    for relative in files:
        if NOT_RELEASED.intersection(relative.parts) or not (source / relative).is_file():
            continue
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / relative, destination)


def ensure_venv(instance: Instance, release: Path, python: str) -> Path:
    """A virtualenv from the release's lock file (exact versions, hashes). Shared by releases with the same lock."""
    lock = release / "requirements" / "base.txt"
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()[:16]
    venv = instance.home / "venvs" / digest
    if not (venv / ".complete").exists():
        shutil.rmtree(venv, ignore_errors=True)
        say(f"  virtualenv from {lock.relative_to(release)} (hashes required)")
        run([python, "-m", "venv", venv])
        run([venv / "bin" / "python", "-m", "pip", "install", "-q", "--require-hashes", "-r", lock])
        (venv / ".complete").touch()
    link = release / ".venv"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(Path("..") / ".." / "venvs" / digest)  # relative: valid under any --prefix
    return venv


def new_release(instance: Instance, source: Path, python: str) -> Path:
    stamp = time.strftime("%Y%m%d%H%M%S")
    release = instance.home / "releases" / f"{stamp}-{commit_of(source)}"
    say(f"  release {release.name} from {source}")
    copy_tree(source, release)
    ensure_venv(instance, release, python)
    return release


def manage(release: Path, env: dict[str, str], *args: str, owner_url: str | None = None) -> str:
    """manage.py of a release with the instance's environment (as the owner when owner_url is given)."""
    full = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", **env}
    if owner_url:
        full["DATABASE_URL"] = owner_url
    return run([release / ".venv" / "bin" / "python", release / "manage.py", *args], env=full, cwd=release)


def migrate(instance: Instance, release: Path, env: dict[str, str], owner_url: str) -> None:
    say("  migrate (as the owner role)")
    manage(release, env, "migrate", "--noinput", owner_url=owner_url)
    manage(release, env, "createcachetable", owner_url=owner_url)
    grant_to_app(instance, owner_url)


def build(instance: Instance, release: Path, env: dict[str, str], owner_url: str) -> None:
    """Migrate as the owner, grant the app role, translations, static files; then the release is complete."""
    migrate(instance, release, env, owner_url)
    say("  compilemessages, collectstatic")
    manage(release, env, "compilemessages", "-v", "0")
    manage(release, env, "collectstatic", "--noinput", "-v", "0")
    (release / ".complete").touch()


def switch_current(instance: Instance, release: Path) -> Path | None:
    """Point `current` at the release; returns the one it pointed at before (for a roll-back)."""
    previous = instance.current.resolve() if instance.current.is_symlink() else None
    temporary = instance.home / "current.new"
    if temporary.is_symlink():
        temporary.unlink()
    temporary.symlink_to(Path("releases") / release.name)
    temporary.replace(instance.current)
    return previous


# Smoke check ---------------------------------------------------------------------------------------


def http_over_unix(socket_path: Path, path: str, host: str, timeout: float = 10) -> tuple[int, bytes]:
    import http.client
    import socket

    class Connection(http.client.HTTPConnection):
        def connect(self):
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.sock.settimeout(timeout)
            self.sock.connect(str(socket_path))

    connection = Connection("localhost", timeout=timeout)
    connection.request("GET", path, headers={"Host": host, "X-Forwarded-Proto": "https"})
    response = connection.getresponse()
    return response.status, response.read()


def smoke_check(release: Path, env: dict[str, str], *, database_url: str | None = None) -> None:
    """Start the release's gunicorn on a private socket; /healthz/ must answer ok and the login page 200."""
    import tempfile

    host = env["ALLOWED_HOSTS"].split(",")[0]
    folder = Path(tempfile.mkdtemp(prefix="jour-smoke-"))
    socket_path = folder / "gunicorn.sock"
    full = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", **env}
    if database_url:
        full["DATABASE_URL"] = database_url
    server = subprocess.Popen(
        [release / ".venv" / "bin" / "gunicorn", "jour.wsgi", "--workers", "1", "--bind", f"unix:{socket_path}"]
        + ["--no-control-socket"],
        cwd=release,
        env=full,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not socket_path.exists():
            if server.poll() is not None or time.monotonic() > deadline:
                raise StepFailed("gunicorn did not start:\n" + server.stderr.read().decode()[-3000:])
            time.sleep(0.2)
        status, body = http_over_unix(socket_path, "/healthz/", host)
        if status != 200 or b'"ok"' not in body:
            raise StepFailed(f"/healthz/ answered {status}: {body[:200]!r}")
        status, _body = http_over_unix(socket_path, "/account/login/", host)
        if status != 200:
            raise StepFailed(f"the login page answered {status}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
