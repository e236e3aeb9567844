"""Acceptance: among 30 imported profiles, staff find the jours with Arabic-speaking staff and
honour-violence competence, best match first."""

import json
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings

from jour.accounts.models import Role
from jour.directory.models import ShelterListing
from jour.shelter.models import Municipality

from ..conftest import signed_in_client
from ..factories import UserFactory
from .factories import profile_doc

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MUNICIPALITIES = [
    ("0180", "Stockholm", "01", "Stockholms län"),
    ("1480", "Göteborg", "14", "Västra Götalands län"),
    ("1280", "Malmö", "12", "Skåne län"),
    ("0380", "Uppsala", "03", "Uppsala län"),
    ("0580", "Linköping", "05", "Östergötlands län"),
]


def thirty_profiles() -> list[dict]:
    """30 jours. Four have both wishes (with 1, 5, 0 and unknown free places), six have only one."""
    profiles = []
    for n in range(30):
        code, name, county, county_name = MUNICIPALITIES[n % len(MUNICIPALITIES)]
        profiles.append(
            profile_doc(
                name=f"Jour {n:02d} {name}",
                organisation_number=f"802{n:03d}-{1000 + n}",
                municipality={"code": code, "name": name},
                region={"code": county, "name": county_name},
                competences=["children_activities"] if n % 2 else ["substance_abuse"],
                languages=["sv", "en"],
                places=8,
                free_places=n % 4,
            )
        )
    both = {3: 1, 11: 5, 17: 0, 24: None}
    for n, free in both.items():
        profiles[n].update(competences=["honour_violence", "reinforced_security"], languages=["sv", "ar"])
        profiles[n]["free_places"] = free
    for n in (5, 8, 20):  # Arabic only
        profiles[n]["languages"] = ["ar", "fa"]
    for n in (2, 14, 29):  # honour violence only
        profiles[n]["competences"] = ["honour_violence"]
    return profiles


@pytest.fixture
def municipalities(transactional_db):
    """Transactional tests empty every table afterwards, the migrations' municipalities too: reload them."""
    if not Municipality.objects.exists():
        import_module("jour.shelter.migrations.0002_load_municipalities").load(apps, None)


def sign_in(page, live_server, role):
    client = signed_in_client(UserFactory(role=role))
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_staff_find_arabic_speaking_jours_with_honour_violence_competence(page, live_server, municipalities):
    # The coordinator imports the 30 profiles through the page.
    sign_in(page, live_server, Role.COORDINATOR)
    page.goto(f"{live_server.url}/directory/import/")
    page.get_by_label("Fil med offentliga profiler från andra jourer").set_input_files(
        files=[
            {
                "name": "jourer.json",
                "mimeType": "application/json",
                "buffer": json.dumps(thirty_profiles(), ensure_ascii=False).encode(),
            }
        ]
    )
    page.get_by_role("button", name="Importera").click()
    page.wait_for_url(f"{live_server.url}/directory/")
    assert "Profiler importerade: 30 nya, 0 uppdaterade." in page.content()
    assert ShelterListing.objects.count() == 30

    # A staff member searches.
    sign_in(page, live_server, Role.STAFF)
    page.goto(f"{live_server.url}/directory/")
    page.get_by_label("Hedersrelaterat våld och förtryck").check()
    page.get_by_label("Språk som personalen talar").select_option(label="arabiska")
    page.get_by_role("button", name="Sök").click()
    page.wait_for_url("**/directory/?*")

    listings = page.get_by_test_id("listing")
    names = listings.get_by_test_id("listing-name").all_inner_texts()
    # Both wishes first, more free places first (unknown last), then the six with one wish.
    assert names[:4] == ["Jour 11 Göteborg", "Jour 03 Uppsala", "Jour 17 Malmö", "Jour 24 Linköping"]
    assert len(names) == 10
    assert set(names[4:]) == {
        "Jour 05 Stockholm",
        "Jour 08 Uppsala",
        "Jour 20 Stockholm",
        "Jour 02 Malmö",
        "Jour 14 Linköping",
        "Jour 29 Linköping",
    }
    scores = listings.get_by_test_id("score").all_inner_texts()
    assert scores[:4] == ["Matchar 2 av 2"] * 4 and set(scores[4:]) == {"Matchar 1 av 2"}
    best = listings.first
    assert "Matchar: Hedersrelaterat våld och förtryck, arabiska." in best.get_by_test_id("why").inner_text()
    assert "5 lediga av 8" in best.get_by_test_id("places").inner_text()
    assert best.get_by_test_id("updated").inner_text().startswith("2026-11-01")
    # The search is in the query string, made of vocabulary codes only: no personal data.
    assert "competences=honour_violence" in page.url and "language=ar" in page.url
