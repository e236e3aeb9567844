import datetime as dt

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp

from jour.accounts.devices import AuthenticatorAppDevice, BackupCode
from jour.accounts.models import Role, User
from jour.audit.models import Action, AuditEvent

from ..conftest import signed_in_client
from ..factories import TEST_PASSWORD, TOTPDeviceFactory, UserFactory


def login(client: Client, user, password=TEST_PASSWORD):
    return client.post(reverse("accounts:login"), {"username": user.username, "password": password})


def current_code(device: AuthenticatorAppDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def test_staff_must_enrol_two_factor_at_first_login(staff):
    client = Client()
    assert login(client, staff).status_code == 302
    # Any page sends her to enrolment until she has confirmed a device.
    response = client.get(reverse("residents:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:otp_setup") + "?next=%2Fresidents%2F"
    page = client.get(reverse("accounts:otp_setup"))
    assert b"<svg" in page.content
    device = AuthenticatorAppDevice.objects.get(user=staff, confirmed=False)

    wrong = client.post(reverse("accounts:otp_setup"), {"token": "000000"})
    assert "token" in wrong.context["form"].errors

    # django-otp throttles after a failure (1 s, doubling): she tries again a few seconds later.
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=5)):
        enrolled = client.post(reverse("accounts:otp_setup"), {"token": current_code(device)})
    assert enrolled.status_code == 200
    assert len(enrolled.context["codes"]) == 10
    assert client.get(reverse("residents:index")).status_code == 200
    assert AuditEvent.objects.filter(action=Action.OTP_ENROL, object_id=str(staff.pk)).exists()


def test_enrolled_staff_verifies_with_code_or_backup_code(staff):
    device = TOTPDeviceFactory(user=staff)
    client = Client()
    login(client, staff)
    assert client.get(reverse("home"))["Location"] == reverse("accounts:otp_verify") + "?next=%2F"
    bad = client.post(reverse("accounts:otp_verify"), {"token": "123456"})
    assert bad.context["form"].errors["token"]
    assert AuditEvent.objects.filter(action=Action.OTP_FAILED).count() == 1
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=5)):
        ok = client.post(reverse("accounts:otp_verify"), {"token": current_code(device)})
    assert ok.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_backup_code_works_once(staff):
    TOTPDeviceFactory(user=staff)
    client = signed_in_client(staff)
    codes = client.post(reverse("accounts:backup_codes")).context["codes"]
    fresh = Client()
    login(fresh, staff)
    assert fresh.post(reverse("accounts:otp_verify"), {"token": codes[0]}).status_code == 302
    assert not BackupCode.objects.filter(code_hash=BackupCode.hash(codes[0])).exists()


def test_volunteer_needs_no_second_factor_when_the_coordinator_allows(volunteer_user):
    from jour.accounts.models import LoginPolicy

    LoginPolicy.objects.update_or_create(id=1, defaults={"volunteers_need_two_factor": False})
    client = Client()
    login(client, volunteer_user)
    assert client.get(reverse("home"))["Location"] == reverse("volunteers:index")  # her meetings, no 2FA page


def test_lockout_after_five_failures_for_fifteen_minutes(staff):
    client = Client()
    for _ in range(5):
        login(client, staff, password="wrong-password-123")
    locked = login(client, staff)  # even the right password is refused now
    assert locked.status_code == 429
    assert "15" in locked.content.decode()
    assert SESSION_KEY not in client.session
    assert AuditEvent.objects.filter(action=Action.LOCKOUT).exists()
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        assert login(Client(), staff).status_code == 302


def test_session_ends_after_idle_timeout(staff_client, settings):
    assert staff_client.get(reverse("home")).status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)):
        assert staff_client.get(reverse("home")).status_code == 200  # activity renews the session
    later = timezone.now() + dt.timedelta(seconds=2 * settings.SESSION_COOKIE_AGE + 60)
    with time_machine.travel(later):
        response = staff_client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def _session_expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_session_is_renewed_at_most_once_a_minute(staff_client, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        staff_client.get(reverse("home"))
        renewed = _session_expiry(staff_client)
        assert renewed == start + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        response = staff_client.get(reverse("home"))
    assert _session_expiry(staff_client) == renewed  # not written again within the minute
    assert "sessionid" not in response.cookies
    later = start + dt.timedelta(seconds=settings.SESSION_RENEWAL_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        staff_client.get(reverse("home"))
    assert _session_expiry(staff_client) == later + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)


def test_idle_timeout_counts_from_the_last_renewal(staff_client, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        staff_client.get(reverse("home"))
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        assert staff_client.get(reverse("home")).status_code == 200  # within the minute: not renewed
    with time_machine.travel(start + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 1), tick=False):
        response = staff_client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_a_stale_session_cookie_creates_no_session(client, db):
    client.cookies["sessionid"] = "no-such-session-key-0123456789abcdef"
    client.get(reverse("accounts:login"))
    assert not Session.objects.filter(session_key="no-such-session-key-0123456789abcdef").exists()
    assert Session.objects.count() == 0


def test_session_cookie_ends_at_browser_close(staff_client):
    response = staff_client.get(reverse("home"))
    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""


def test_deactivation_ends_her_sessions_at_once(coordinator_client, staff):
    staff_session = signed_in_client(staff)
    assert staff_session.get(reverse("home")).status_code == 200
    response = coordinator_client.post(
        reverse("accounts:user_edit", args=[staff.pk]),
        {"first_name": staff.first_name, "last_name": staff.last_name, "email": "", "role": Role.STAFF},
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert not staff.is_active
    assert staff_session.get(reverse("home")).status_code == 302
    change = AuditEvent.objects.get(action=Action.CHANGE, object_id=str(staff.pk))
    assert change.fields == ["is_active"]


def test_password_change_logs_out_other_sessions(staff):
    TOTPDeviceFactory(user=staff)
    here, elsewhere = signed_in_client(staff), signed_in_client(staff)
    new_password = "a-brand-new-long-passphrase"
    response = here.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert here.get(reverse("home")).status_code == 200
    assert elsewhere.get(reverse("home")).status_code == 302


def test_coordinator_creates_an_account_with_a_long_password(coordinator_client):
    short = coordinator_client.post(
        reverse("accounts:user_create"),
        {"username": "nyanstalld", "first_name": "Nora", "last_name": "N", "role": Role.STAFF, "password": "kort123"},
    )
    assert "password" in short.context["form"].errors
    assert not User.objects.filter(username="nyanstalld").exists()
    created = coordinator_client.post(
        reverse("accounts:user_create"),
        {
            "username": "nyanstalld",
            "first_name": "Nora",
            "last_name": "N",
            "role": Role.STAFF,
            "password": "en-lang-och-bra-fras",
        },
    )
    assert created.status_code == 302
    user = User.objects.get(username="nyanstalld")
    assert user.role == Role.STAFF and user.check_password("en-lang-och-bra-fras")
    assert AuditEvent.objects.filter(action=Action.CREATE, object_id=str(user.pk)).exists()


def test_coordinator_resets_two_factor(coordinator_client, staff):
    TOTPDeviceFactory(user=staff)
    coordinator_client.post(reverse("accounts:user_reset_2fa", args=[staff.pk]))
    assert not AuthenticatorAppDevice.objects.filter(user=staff).exists()
    assert AuditEvent.objects.filter(action=Action.OTP_RESET, object_id=str(staff.pk)).exists()


@pytest.mark.parametrize("name", ["accounts:user_list", "accounts:user_create"])
def test_account_management_is_for_the_coordinator(name, staff_client, volunteer_client):
    assert staff_client.get(reverse(name)).status_code == 404
    assert volunteer_client.get(reverse(name)).status_code == 404
    assert Client().get(reverse(name)).status_code == 302


def test_technical_superuser_sees_no_app_pages(db):
    superuser = signed_in_client(UserFactory(role="", is_superuser=True, is_staff=True))
    assert superuser.get(reverse("residents:index")).status_code == 404
    assert superuser.get("/admin/").status_code == 200


def test_after_the_code_she_lands_on_the_page_she_asked_for(staff):
    device = TOTPDeviceFactory(user=staff)
    client = Client()
    login(client, staff)
    first = client.get(reverse("residents:index"))
    verified = client.post(first["Location"], {"token": current_code(device)})
    assert verified["Location"] == reverse("residents:index")


def test_backup_codes_alone_cannot_be_replaced_by_a_new_device(volunteer_user):
    """A password alone must not let anyone enrol their own app over her existing second factor."""
    from jour.accounts.models import LoginPolicy

    # A contact woman who may sign in without a second factor (the coordinator's setting) but enrolled one.
    LoginPolicy.objects.update_or_create(id=1, defaults={"volunteers_need_two_factor": False})
    client = signed_in_client(volunteer_user)
    assert client.post(reverse("accounts:backup_codes"))["Location"] == reverse("accounts:otp_setup")
    TOTPDeviceFactory(user=volunteer_user)
    codes = signed_in_client(volunteer_user).post(reverse("accounts:backup_codes")).context["codes"]
    AuthenticatorAppDevice.objects.filter(user=volunteer_user).delete()  # only the backup codes remain
    attacker = Client()
    login(attacker, volunteer_user)
    assert attacker.get(reverse("accounts:otp_setup"))["Location"] == reverse("accounts:otp_verify")
    assert attacker.post(reverse("accounts:otp_setup"), {"token": "123456"})["Location"] == reverse(
        "accounts:otp_verify"
    )
    assert attacker.get(reverse("home")).status_code == 302
    assert BackupCode.objects.filter(code_hash=BackupCode.hash(codes[0])).exists()


def test_each_visit_to_enrolment_shows_a_new_secret(staff):
    client = Client()
    login(client, staff)
    first = client.get(reverse("accounts:otp_setup")).context["secret"]
    second = client.get(reverse("accounts:otp_setup")).context["secret"]
    assert first != second
    assert AuthenticatorAppDevice.objects.filter(user=staff).count() == 1


def test_signed_in_pages_are_not_cached(staff_client, client, db):
    assert staff_client.get(reverse("home"))["Cache-Control"] == "no-store, private"
    assert "no-store" not in client.get(reverse("healthz")).get("Cache-Control", "")
