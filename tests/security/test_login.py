"""Issue 14 item 3: a login that holds — lockout per username and per address, never cleared by another
account's success; the client address from the trusted proxy hop; an alert on bursts of failures."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jour.audit.alerts import AlertKind, find_alerts
from jour.audit.models import Action, AuditEvent

from ..factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
SHELTER_STAFF = "198.51.100.7"
PROXY = "127.0.0.1"


def login(client: Client, username: str, password: str, **extra):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **extra)


def through_proxy(client_address: str, forged: str = "") -> dict:
    """What gunicorn sees behind one TLS proxy that appends the client's address to X-Forwarded-For."""
    chain = f"{forged}, {client_address}" if forged else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain}


def test_another_accounts_success_does_not_clear_the_failures(db):
    """The finding: 20 wrong guesses against another account, her own good login after every four."""
    victim = UserFactory(username="victim")
    attacker = UserFactory(username="attacker")
    refused = 0
    for attempt in range(20):
        response = login(Client(), victim.username, f"guess-number-{attempt}")
        refused += response.status_code == 429
        if attempt % 4 == 3:
            login(Client(), attacker.username, TEST_PASSWORD)
    # Locked from the fifth guess on: even the right password is refused now.
    assert refused == 16
    assert login(Client(), victim.username, TEST_PASSWORD).status_code == 429


def test_her_own_success_clears_only_her_own_failures(db):
    staff = UserFactory(username="anna")
    other = UserFactory(username="bodil")
    for _ in range(3):
        login(Client(REMOTE_ADDR="192.0.2.1"), other.username, "wrong-password-1")
    for _ in range(3):
        login(Client(REMOTE_ADDR="192.0.2.2"), staff.username, "wrong-password-2")
    assert login(Client(REMOTE_ADDR="192.0.2.2"), staff.username, TEST_PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="anna").exists()
    assert AccessAttempt.objects.get(username="bodil").failures_since_start == 3


def test_failures_count_per_address_across_usernames(db):
    """Guessing one password against many accounts from one address locks the address."""
    users = [UserFactory() for _ in range(5)]
    client = Client()
    for user in users:
        login(client, user.username, "Sommar2026!!")
    fresh = UserFactory()
    assert login(Client(), fresh.username, TEST_PASSWORD).status_code == 429
    assert login(Client(REMOTE_ADDR="192.0.2.10"), fresh.username, TEST_PASSWORD).status_code == 302


def test_failures_against_one_account_lock_it_from_every_address(db):
    """Guesses against one account spread over many addresses (one each) still lock that account — and only
    it: each address may still sign in to another account."""
    victim, colleague = UserFactory(username="victim"), UserFactory(username="colleague")
    for n in range(5):
        login(Client(REMOTE_ADDR=f"192.0.2.{20 + n}"), victim.username, f"guess-{n}")
    assert login(Client(REMOTE_ADDR="192.0.2.99"), victim.username, TEST_PASSWORD).status_code == 429
    assert login(Client(REMOTE_ADDR="192.0.2.20"), colleague.username, TEST_PASSWORD).status_code == 302


def test_one_attacker_behind_the_proxy_cannot_lock_out_the_shelter(db, settings):
    settings.PROXY_COUNT = 1
    staff = UserFactory(username="personal")
    for attempt in range(10):
        login(Client(), f"nobody{attempt}", "wrong-password", **through_proxy(ATTACKER))
    # The attacker's address is locked ...
    assert login(Client(), staff.username, TEST_PASSWORD, **through_proxy(ATTACKER)).status_code == 429
    # ... the shelter, behind the same proxy, is not.
    response = login(Client(), staff.username, TEST_PASSWORD, **through_proxy(SHELTER_STAFF))
    assert response.status_code == 302
    # The audit log shows the real client addresses, not the proxy's.
    assert set(AuditEvent.objects.filter(action=Action.LOGIN_FAILED).values_list("ip_address", flat=True)) == {ATTACKER}
    assert AuditEvent.objects.get(action=Action.LOGIN).ip_address == SHELTER_STAFF


def test_a_forged_forwarded_for_does_not_hide_the_attacker(db, settings):
    settings.PROXY_COUNT = 1
    for attempt in range(5):
        login(Client(), f"nobody{attempt}", "wrong", **through_proxy(ATTACKER, forged=f"10.0.0.{attempt}"))
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert login(Client(), "nobody9", "wrong", **through_proxy(ATTACKER, forged="10.9.9.9")).status_code == 429


def test_without_a_proxy_the_header_is_ignored(db, settings):
    settings.PROXY_COUNT = 0
    login(Client(), "nobody", "wrong", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="10.1.1.1")
    assert AccessAttempt.objects.get().ip_address == ATTACKER


def test_unknown_usernames_are_kept_only_as_a_keyed_hash(db):
    staff = UserFactory(username="kerstin")
    typed = "MyPassw0rd-typed-in-the-wrong-field"
    login(Client(), typed, "x")
    login(Client(), staff.username, "wrong-password")
    stored = set(AccessAttempt.objects.values_list("username", flat=True))
    assert "kerstin" in stored
    assert typed not in stored and not any(typed in value for value in stored)
    hashed = (stored - {"kerstin"}).pop()
    assert hashed.startswith("hmac:") and len(hashed) <= 150
    assert all(typed not in row for row in AccessAttempt.objects.values_list("post_data", flat=True))
    # The same typed name maps to the same hash: failures for it are still counted and locked.
    for _ in range(4):
        login(Client(REMOTE_ADDR=f"192.0.2.{_ + 20}"), typed, "x")
    assert AccessAttempt.objects.filter(username=hashed).count() == 5


def test_a_burst_of_failed_logins_across_accounts_raises_an_alert(db, settings):
    settings.AUDIT_LOGIN_FAILURE_BURST = 8
    # An hour ago, inside one ten-minute window whatever the clock says now.
    start = (timezone.now() - dt.timedelta(hours=1)).replace(minute=0, second=0)
    with time_machine.travel(start + dt.timedelta(minutes=3), tick=False):
        for attempt in range(9):
            login(Client(REMOTE_ADDR=f"192.0.2.{attempt + 1}"), f"user-{attempt}", "wrong")
    alerts = [a for a in find_alerts(since=start) if a.kind == AlertKind.LOGIN_FAILURES]
    assert len(alerts) == 1 and alerts[0].count == 9


def test_a_few_failed_logins_raise_no_burst_alert(db, settings):
    settings.AUDIT_LOGIN_FAILURE_BURST = 8
    start = timezone.now() - dt.timedelta(minutes=1)
    for attempt in range(3):
        login(Client(), f"user-{attempt}", "wrong")
    assert [a for a in find_alerts(since=start) if a.kind == AlertKind.LOGIN_FAILURES] == []


def test_session_key_changes_after_the_second_factor(db):
    from django_otp.oath import totp

    from ..factories import TOTPDeviceFactory

    staff = UserFactory()
    device = TOTPDeviceFactory(user=staff)
    client = Client()
    login(client, staff.username, TEST_PASSWORD)
    before = client.session.session_key
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"
    assert client.post(reverse("accounts:otp_verify"), {"token": code}).status_code == 302
    assert client.session.session_key != before
    assert client.session[SESSION_KEY] == str(staff.pk)
    assert client.get(reverse("home")).status_code == 200
