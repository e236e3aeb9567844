"""Staff logs in, enrols TOTP, sees the staff navigation and logs out — with no request leaving 127.0.0.1."""

import base64

import pytest
from django_otp.oath import totp

from ..factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_for(secret_b32: str) -> str:
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    return f"{totp(key):06d}"


def test_staff_logs_in_enrols_totp_and_logs_out(page, live_server):
    UserFactory(username="pia", role="staff", first_name="Pia")
    page.goto(f"{live_server.url}/")
    assert "/account/login/" in page.url
    page.get_by_label("Användarnamn").fill("pia")
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()

    page.wait_for_url("**/account/2fa/setup/**")
    assert page.locator(".qr svg").count() == 1
    secret = page.get_by_test_id("otp-secret").inner_text()
    page.get_by_role("textbox", name="Kod").fill(code_for(secret))
    page.get_by_role("button", name="Bekräfta").click()
    assert page.get_by_test_id("backup-codes").locator("li").count() == 10
    page.get_by_role("link", name="Fortsätt").click()

    nav = page.get_by_test_id("main-nav")
    for item in ["Stödlinjen", "Boende", "Kontaktkvinnor", "Uppföljning"]:
        assert nav.get_by_role("link", name=item).count() == 1
    assert nav.get_by_role("link", name="Användare").count() == 0  # the coordinator's page

    page.get_by_test_id("logout").click()
    page.wait_for_url("**/account/login/")
    page.goto(f"{live_server.url}/residents/")
    assert "/account/login/" in page.url

    external = page.requests.external()
    assert page.requests.urls, "the recorder saw no requests at all"
    assert external == []
