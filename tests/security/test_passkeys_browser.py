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


def test_add_a_passkey_later_and_remove_one_in_swedish(page, live_server):
    """After her first login (an authenticator app), she adds a passkey from her own page, removes it, adds it
    again and signs in with it; each step is audited, and the passkey script speaks Swedish."""
    from django_otp.oath import totp
    from django_otp_webauthn.models import WebAuthnCredential

    from ..factories import TOTPDeviceFactory

    live_url = live_server.url.replace("127.0.0.1", "localhost")

    class Server:
        url = live_url

    console = []
    page.on("console", lambda message: console.append(message.text))
    authenticator, authenticator_id = _virtual_authenticator(page)
    user = UserFactory(username="senare-nyckel", role="staff")
    app = TOTPDeviceFactory(user=user)

    _log_in(page, Server, user.username)
    page.wait_for_url("**/account/2fa/**")
    page.get_by_role("textbox", name="Kod").fill(f"{totp(app.bin_key):06d}")
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_url(lambda url: "/account/" not in url)
    # Her menu leads there.
    assert page.get_by_test_id("passkeys-link").get_attribute("href") == "/account/2fa/passkeys/"
    page.goto(f"{live_url}/account/2fa/passkeys/")
    assert page.get_by_test_id("no-passkeys").count() == 1
    # The library's script texts come from Jour's catalogue: Swedish, the default.
    page.wait_for_function("() => typeof window.gettext === 'function'")
    assert page.evaluate("() => gettext('Registration successful!')") == "Nyckeln är registrerad!"
    assert page.evaluate("() => gettext('Verify with Passkey')") == "Verifiera med nyckel"

    def add_a_passkey() -> WebAuthnCredential:
        # The library's script wires the button up after the page has loaded (its catalogue too).
        page.wait_for_load_state("networkidle")
        # Once the passkey is made and verified, the page reloads with it listed.
        with page.expect_navigation(url="**/account/2fa/passkeys/", timeout=20_000):
            page.get_by_test_id("passkey-register").click()
        assert page.get_by_test_id("passkey-row").count() == 1
        return WebAuthnCredential.objects.get(user=user, confirmed=True)

    first = add_a_passkey()
    assert AuditEvent.objects.filter(action=Action.OTP_ENROL, actor=user, detail__method="passkey").count() == 1

    # Removed (this session was verified with her app).
    page.get_by_test_id("passkey-remove").click()
    page.get_by_text("Nyckeln är borttagen").wait_for()
    assert page.get_by_test_id("no-passkeys").count() == 1
    assert not WebAuthnCredential.objects.filter(pk=first.pk).exists()
    removed = AuditEvent.objects.get(action=Action.CHANGE, actor=user, detail__passkey="removed")
    assert (removed.object_type, removed.object_id) == ("accounts.user", str(user.pk))

    # Added again, it signs her in.
    second = add_a_passkey()
    assert AuditEvent.objects.filter(action=Action.OTP_ENROL, actor=user, detail__method="passkey").count() == 2
    page.get_by_test_id("logout").click()
    page.wait_for_url("**/account/login/")
    _log_in(page, Server, user.username)
    page.wait_for_url("**/account/2fa/**")
    page.get_by_test_id("passkey-verify").click()
    page.wait_for_url(lambda url: "/account/" not in url)

    # The passkey this session was verified with stays while she uses it.
    page.goto(f"{live_url}/account/2fa/passkeys/")
    page.get_by_test_id("passkey-remove").click()
    page.get_by_text("Du loggade in med den här nyckeln").wait_for()
    assert WebAuthnCredential.objects.filter(pk=second.pk).exists()
    assert [text for text in console if "Content Security Policy" in text] == []
