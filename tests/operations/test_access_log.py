"""Gunicorn's access log (journald in production) must not hold the keys some paths carry: the coordinator's
one-time password link and a contact woman's calendar-feed token, which her calendar app fetches every hour."""

from __future__ import annotations

import datetime as dt
import shlex
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.urls import reverse
from gunicorn.config import Config

SERVICE = Path(settings.BASE_DIR) / "deploy" / "systemd" / "jour.service.in"
TOKEN = "k3yOfHerCalendarFeed-thatMustNotBeLogged_0123456789"
RESET_TOKEN = "cz5c4w-0123456789abcdef0123456789abcdef"


def _production_logger(tmp_path: Path):
    """Gunicorn's logger exactly as the systemd unit configures it, writing to a file instead of stdout."""
    exec_start = next(line for line in SERVICE.read_text().splitlines() if line.startswith("ExecStart="))
    # The install fills in the placeholders (@WORKERS@ …) and systemd reads %% as %.
    command = exec_start.removeprefix("ExecStart=").replace("@WORKERS@", "2").replace("%%", "%")
    argv = shlex.split(command)
    config = Config()
    arguments = config.parser().parse_args(argv[argv.index("jour.wsgi") + 1 :])
    for name, value in vars(arguments).items():
        if value is not None and name != "args":
            config.set(name.lower(), value)
    log_file = tmp_path / "access.log"
    config.set("accesslog", str(log_file))
    return config.logger_class(config), log_file


def _request(path: str) -> tuple:
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    response = SimpleNamespace(status="200 OK", headers=[], sent=120)
    return response, SimpleNamespace(headers=[]), environ


def test_the_access_log_holds_no_key_from_a_path(tmp_path):
    logger, log_file = _production_logger(tmp_path)
    paths = [
        reverse("volunteers:calendar_feed", args=[TOKEN]),
        reverse("accounts:password_reset_confirm", args=["Mw", RESET_TOKEN]),
        reverse("residents:resident_detail", args=[7]),
    ]
    for path in paths:
        logger.access(*_request(path), dt.timedelta(milliseconds=12))
    logged = log_file.read_text()
    assert TOKEN not in logged and RESET_TOKEN not in logged
    # What the log is for stays: the status, the method and the page.
    assert "200 GET /residents/7/" in logged
    assert "200 GET /volunteers/calendar/" in logged and "200 GET /account/reset/" in logged
