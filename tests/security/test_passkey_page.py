"""Her own passkeys page (issue 14 item 3, added after the first login): another account's passkey is 404, the
last second factor of an account that must use one stays, a removal is audited, and the passkey texts of
django-otp-webauthn (its scripts and its server messages) are all in Jour's Swedish catalogue."""

import json
import re
from pathlib import Path

import django_otp_webauthn
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_otp_webauthn.models import WebAuthnCredential

from jour.accounts.devices import BackupCodeDevice
from jour.accounts.passkey_texts import SCRIPT_TEXTS, SERVER_TEXTS
from jour.audit.models import Action, AuditEvent

from ..conftest import signed_in_client
from ..factories import TOTPDeviceFactory, UserFactory

LIBRARY = Path(django_otp_webauthn.__file__).parent


def _verified_with(user, device):
    """Signed in, the second factor passed with `device`."""
    client = Client()
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def _passkey(user) -> WebAuthnCredential:
    return WebAuthnCredential.objects.create(
        user=user,
        confirmed=True,
        credential_id=f"id-{user.pk}-{WebAuthnCredential.objects.count()}".encode(),
        public_key=b"\x00",
        sign_count=0,
    )


def test_an_account_with_only_a_passkey_has_a_second_factor_on_the_coordinators_page(coordinator_client, staff):
    page = reverse("accounts:user_edit", args=[staff.pk])
    reset = reverse("accounts:user_reset_2fa", args=[staff.pk])
    assert reset not in coordinator_client.get(page).content.decode()  # nothing to reset yet
    _passkey(staff)
    response = coordinator_client.get(page)
    assert response.context["has_device"] and reset in response.content.decode()


@pytest.mark.django_db
def test_another_accounts_passkey_is_not_found(staff, coordinator):
    theirs = _passkey(coordinator)
    client = signed_in_client(staff)
    response = client.post(reverse("accounts:passkey_remove", args=[theirs.pk]))
    assert response.status_code == 404
    assert WebAuthnCredential.objects.filter(pk=theirs.pk).exists()
    assert reverse("accounts:passkey_remove", args=[theirs.pk]) not in client.get(reverse("accounts:passkeys")).text


@pytest.mark.django_db
def test_the_only_second_factor_of_staff_stays(db):
    """Signed in with a backup code, her one passkey is all that is left besides the codes: it stays."""
    user = UserFactory(role="staff")
    key = _passkey(user)
    codes = BackupCodeDevice.objects.create(user=user, name="backup")
    client = _verified_with(user, codes)
    response = client.post(reverse("accounts:passkey_remove", args=[key.pk]), follow=True)
    assert WebAuthnCredential.objects.filter(pk=key.pk).exists()
    assert "din enda andra faktor" in response.text
    assert not AuditEvent.objects.filter(detail__passkey="removed").exists()


@pytest.mark.django_db
def test_the_passkey_this_session_was_verified_with_stays(db):
    user = UserFactory(role="volunteer")
    key, other = _passkey(user), _passkey(user)
    client = _verified_with(user, key)
    response = client.post(reverse("accounts:passkey_remove", args=[key.pk]), follow=True)
    assert "Du loggade in med den här nyckeln" in response.text
    assert WebAuthnCredential.objects.filter(pk=key.pk).exists()
    # Another of hers goes.
    assert client.post(reverse("accounts:passkey_remove", args=[other.pk])).status_code == 302
    assert list(WebAuthnCredential.objects.filter(user=user)) == [key]


@pytest.mark.django_db
def test_a_passkey_beside_an_authenticator_app_is_removed_and_audited(db):
    user = UserFactory(role="staff")
    app = TOTPDeviceFactory(user=user)
    key, spare = _passkey(user), _passkey(user)
    client = _verified_with(user, app)
    assert client.get(reverse("accounts:passkeys")).text.count('data-testid="passkey-row"') == 2
    response = client.post(reverse("accounts:passkey_remove", args=[key.pk]))
    assert response.status_code == 302
    assert list(WebAuthnCredential.objects.filter(user=user)) == [spare]
    event = AuditEvent.objects.get(action=Action.CHANGE, detail__passkey="removed")
    assert (event.actor, event.object_type, event.object_id) == (user, "accounts.user", str(user.pk))


def _library_script_texts() -> set[str]:
    texts = set()
    for script in (LIBRARY / "static").rglob("*.js"):
        texts |= set(re.findall(r'gettext\("((?:[^"\\]|\\.)*)"\)', script.read_text()))
    return texts


def test_every_text_of_the_passkey_scripts_is_in_jours_catalogue():
    found = _library_script_texts()
    assert len(found) >= 20  # the pattern still finds the library's texts
    assert found - set(SCRIPT_TEXTS) == set()


def test_every_passkey_text_is_swedish():
    with translation.override("sv"):
        untranslated = [text for text in (*SCRIPT_TEXTS, *SERVER_TEXTS) if translation.gettext(text) == text]
    assert untranslated == []


@pytest.mark.django_db
def test_the_scripts_catalogue_is_swedish_by_default(client):
    response = client.get(reverse("otp_webauthn:js-i18n-catalog"))
    assert response.status_code == 200
    assert json.dumps("Nyckeln är registrerad!") in response.content.decode()
