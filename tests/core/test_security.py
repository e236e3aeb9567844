import os
import re
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)


def test_check_deploy_is_clean_with_production_settings():
    env = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "DEBUG": "0",
        "SECRET_KEY": "p" * 20 + "roduction-secret-key-with-enough-entropy-9f8e7d6c5b4a",
        "ALLOWED_HOSTS": "jour.example.org",
        # A key of its own: the repository's development and test keys are refused (tests/security/test_keys.py).
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "BLIND_INDEX_KEY": "production-blind-index-key-with-enough-entropy",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_secret_key_has_no_default_in_production():
    env = {"PATH": os.environ["PATH"], "DATABASE_URL": os.environ["DATABASE_URL"], "DEBUG": "0"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_code_only_commands_run_without_the_servers_secrets():
    """A fresh checkout can check for missing migrations; the server's commands still refuse (above)."""
    env = {"PATH": os.environ["PATH"]}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout
    refused = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert refused.returncode != 0 and "SECRET_KEY" in refused.stderr


def test_security_headers(client, db):
    response = client.get(reverse("accounts:login"))
    csp = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", csp).group(1)
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "'unsafe-inline'" not in re.search(r"style-src ([^;]*)", csp).group(1)
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def _templates():
    for base in [ROOT / "templates", *ROOT.glob("*/templates"), *ROOT.glob("jour/*/templates")]:
        yield from base.rglob("*.html")


def test_templates_have_no_inline_scripts_styles_or_external_assets():
    problems = []
    for template in _templates():
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            problems.append(f"{template}: inline <script>")
        if re.search(r"\son[a-z]+=\"", text):
            problems.append(f"{template}: inline event handler")
        if re.search(r"\sstyle=\"", text) or ("<style" in text and "pdf" not in str(template)):
            problems.append(f"{template}: inline style")
        if re.search(r"(src|href)=\"(https?:)?//", text):
            problems.append(f"{template}: external asset")
    assert problems == []
