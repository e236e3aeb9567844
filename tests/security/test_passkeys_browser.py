"""Issue 14 item 3: passkeys (WebAuthn) as a second factor for every role — enrolment and login in real
Chromium with a virtual authenticator (CDP WebAuthn.addVirtualAuthenticator), under the strict CSP."""

import pytest

from jour.audit.models import Action, AuditEvent

from ..factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _virtual_authenticator(page):
    """A platform authenticator that always verifies its user (the phone's fingerprint, simulated)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def _log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()


@pytest.mark.parametrize("role", ["volunteer", "staff", "coordinator"])
def test_enrol_a_passkey_and_log_in_with_it(role, page, live_server):
    # WebAuthn needs a domain: localhost, not 127.0.0.1.
    live_url = live_server.url.replace("127.0.0.1", "localhost")

    class Server:
        url = live_url

    console = []
    page.on("console", lambda message: console.append(message.text))
    authenticator, authenticator_id = _virtual_authenticator(page)
    user = UserFactory(username=f"nyckel-{role}", role=role)

    _log_in(page, Server, user.username)
    page.wait_for_url("**/account/2fa/setup/**")
    page.get_by_test_id("passkey-register").click()
    # Her start page (a contact woman's is her meetings): anywhere past the two-factor step.
    page.wait_for_url(lambda url: "/account/" not in url)
    assert page.get_by_test_id("main-nav").count() == 1
    assert AuditEvent.objects.filter(action=Action.OTP_ENROL, actor=user, detail__method="passkey").exists()
    credentials = authenticator.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert len(credentials["credentials"]) == 1

    page.get_by_test_id("logout").click()
    page.wait_for_url("**/account/login/")
    _log_in(page, Server, user.username)
    page.wait_for_url("**/account/2fa/**")
    page.get_by_test_id("passkey-verify").click()
    page.wait_for_url(lambda url: "/account/" not in url)
    assert page.get_by_test_id("main-nav").count() == 1
    assert [text for text in console if "Content Security Policy" in text] == []
    assert page.requests.external() == []
