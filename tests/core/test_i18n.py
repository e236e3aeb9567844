import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
CATALOGUES = sorted(p for p in ROOT.glob("**/locale/*/LC_MESSAGES/django.po") if ".venv" not in p.parts)


def test_swedish_is_the_default(db):
    response = Client().get(reverse("accounts:login"))
    assert response.headers["Content-Language"] == "sv"
    assert "Logga in" in response.content.decode()


def test_english_through_the_language_switch(db):
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("accounts:login"))
    assert "Log in" in response.content.decode()
    assert response.headers["Content-Language"] == "en"


def test_there_are_swedish_and_english_catalogues():
    languages = {p.parts[-3] for p in CATALOGUES}
    assert {"sv", "en"} <= languages
    assert (ROOT / "locale/sv/LC_MESSAGES/django.po").exists()


@pytest.mark.parametrize("po", CATALOGUES, ids=[str(p.relative_to(ROOT)) for p in CATALOGUES])
def test_catalogue_is_complete(po):
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(po)], capture_output=True, text=True, check=True
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(po)], capture_output=True, text=True
    ).stdout
    assert untranslated.count('msgid "') <= 1, f"untranslated strings in {po}"
    assert fuzzy.count('msgid "') <= 1, f"fuzzy strings in {po}"


def test_swedish_whatever_the_browser_asks_for(db):
    # A shared computer set up in English must not switch the UI: only the switch (the cookie) does.
    response = Client(headers={"accept-language": "en-US,en;q=0.9"}).get(reverse("accounts:login"))
    assert response.headers["Content-Language"] == "sv"
    assert "Logga in" in response.content.decode()
