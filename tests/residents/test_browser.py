"""Acceptance: staff admits a woman with two children to a room; the board shows the beds taken;
discharge frees them."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from jour.shelter.models import Municipality
from residents.models import Resident, Stay

from ..conftest import signed_in_client
from .factories import RoomFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user) -> None:
    client = signed_in_client(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _board_numbers(page) -> tuple[str, str, str]:
    return (
        page.get_by_test_id("beds").inner_text(),
        page.get_by_test_id("occupied").inner_text(),
        page.get_by_test_id("free").inner_text(),
    )


def test_staff_admits_a_woman_with_two_children_and_discharges_her(page, live_server, staff):
    # Transactional tests start from empty tables: the municipality list comes from a migration.
    Municipality.objects.get_or_create(
        code="0136", defaults={"name": "Haninge", "county_code": "01", "county_name": "Stockholms län"}
    )
    lind = RoomFactory(name="Rum Lind", beds=4)
    RoomFactory(name="Rum Ek", beds=2)
    _sign_in(page, live_server, staff)

    page.goto(f"{live_server.url}/residents/board/")
    assert _board_numbers(page) == ("6", "0", "6")

    page.goto(f"{live_server.url}/residents/")
    page.get_by_role("link", name="Skriv in en boende").click()
    page.wait_for_url("**/residents/admit/")
    form = page.get_by_test_id("admit-form")
    form.locator("#id_stay-room").select_option(str(lind.pk))
    yesterday = timezone.localdate() - timedelta(days=1)
    form.locator("#id_stay-intake").fill(yesterday.isoformat())
    form.locator("#id_stay-placed_by_social_services_0").check()  # yes
    form.locator("#id_stay-decision_date").fill(yesterday.isoformat())
    form.locator("#id_stay-placing_municipality").select_option("0136")
    form.locator("#id_stay-home_municipality").select_option("unknown")
    form.locator("#id_resident-first_name").fill("Amina")
    form.locator("#id_resident-last_name").fill("Hassan")
    form.locator("#id_resident-personnummer").fill("19900101-0017")
    form.locator("#id_resident-protection_level").select_option("protected_registration")
    assert page.get_by_test_id("child-form").count() == 4
    form.locator("#id_children-0-first_name").fill("Omar")
    form.locator("#id_children-0-birth_year").fill("2018")
    form.locator("#id_children-1-first_name").fill("Sara")
    form.locator("#id_children-1-birth_year").fill("2021")
    page.get_by_role("button", name="Skriv in", exact=True).click()

    resident = Resident.objects.get()
    page.wait_for_url(f"**/residents/{resident.pk}/")
    assert "Inskriven som B-" in page.content()
    stays = page.get_by_test_id("stays")
    assert "Rum Lind" in stays.inner_text() and "Omar" in stays.inner_text() and "Sara" in stays.inner_text()

    page.goto(f"{live_server.url}/residents/board/")
    assert _board_numbers(page) == ("6", "3", "3")
    row = page.get_by_test_id("room-row").filter(has_text="Rum Lind")
    assert "Amina" in row.inner_text() and "Omar" in row.inner_text()
    assert (
        "Hassan" not in page.get_by_test_id("board").inner_text()
    )  # first names only (not the page: the user has a random name)
    assert row.get_by_test_id("room-free").inner_text() == "1"
    assert row.get_by_test_id("protected-badge").count() == 1

    # Discharge today, from her record: tonight the beds are free.
    stay = Stay.objects.get()
    page.goto(f"{live_server.url}/residents/{resident.pk}/")
    page.get_by_role("link", name="Skriv ut").click()
    page.wait_for_url(f"**/residents/stays/{stay.pk}/discharge/")
    today = timezone.localdate()
    page.locator("#id_discharge").fill(today.isoformat())
    page.locator("#id_discharge_destination").select_option("own_housing")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Skriv ut").click()
    page.wait_for_url(f"**/residents/{resident.pk}/")
    assert "Hon är utskriven." in page.content()
    stay.refresh_from_db()
    assert (stay.discharge, stay.discharge_destination) == (today, "own_housing")

    page.goto(f"{live_server.url}/residents/board/")
    assert _board_numbers(page) == ("6", "0", "6")
    assert "Amina" not in page.get_by_test_id("board").inner_text()
