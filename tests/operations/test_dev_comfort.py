"""make run PORT=… HOST=… and demo_logins printing the address actually served (issue 17 item 7)."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)


def test_make_run_serves_on_the_port_and_host_given():
    plan = subprocess.run(
        ["make", "-n", "run", "PORT=8001", "HOST=0.0.0.0"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "runserver 0.0.0.0:8001" in plan
    assert "JOUR_URL=http://127.0.0.1:8001" in plan and "ALLOWED_HOSTS='*'" in plan
    default = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "runserver 127.0.0.1:8000" in default and "ALLOWED_HOSTS='127.0.0.1,127.0.0.1,localhost'" in default


def test_demo_logins_prints_the_served_address(db):
    test_database = urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + connection.settings_dict["NAME"]).geturl()
    env = {"PATH": os.environ["PATH"], "DATABASE_URL": test_database, "DEBUG": "1", "JOUR_DEMO": "1"}
    env["JOUR_URL"] = "http://127.0.0.1:8001"
    result = subprocess.run(
        [sys.executable, "manage.py", "demo_logins"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.startswith("Demo logins at http://127.0.0.1:8001/ "), result.stdout + result.stderr
