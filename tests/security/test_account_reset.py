"""Issue 14 item 3: two-factor for contact women too (the coordinator's setting), and the coordinator resets a
forgotten password and two-factor with a one-time link she hands over in person, audited."""

import pytest
from django.test import Client
from django.urls import reverse

from jour.accounts.devices import AuthenticatorAppDevice
from jour.accounts.models import LoginPolicy
from jour.audit.models import Action, AuditEvent

from ..conftest import signed_in_client
from ..factories import TEST_PASSWORD, TOTPDeviceFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-long-password-2026"


def login(client, username, password=TEST_PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_a_contact_woman_must_use_two_factor_by_default(volunteer_user):
    client = Client()
    assert login(client, volunteer_user.username).status_code == 302
    response = client.get(reverse("volunteers:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_setup"))


def test_the_coordinator_may_let_contact_women_sign_in_without(coordinator_client, volunteer_user):
    page = coordinator_client.get(reverse("accounts:login_policy"))
    assert page.context["form"]["volunteers_need_two_factor"].value() is True
    response = coordinator_client.post(reverse("accounts:login_policy"), {})
    assert response.status_code == 302, response.context["form"].errors
    assert LoginPolicy.load().volunteers_need_two_factor is False
    assert AuditEvent.objects.filter(
        action=Action.CHANGE, object_type="accounts.loginpolicy", fields=["volunteers_need_two_factor"]
    ).exists()
    client = Client()
    login(client, volunteer_user.username)
    assert client.get(reverse("volunteers:index")).status_code == 200


def test_staff_cannot_change_the_login_policy(staff_client):
    assert staff_client.get(reverse("accounts:login_policy")).status_code == 404


def test_the_coordinator_resets_a_forgotten_password_with_a_one_time_link(coordinator_client, staff):
    TOTPDeviceFactory(user=staff)
    her_session = signed_in_client(staff)
    assert her_session.get(reverse("home")).status_code == 200

    response = coordinator_client.post(reverse("accounts:user_reset_access", args=[staff.pk]))
    assert response.status_code == 200
    link = response.context["link"]
    assert link.startswith("http://testserver/account/reset/")
    assert staff.username not in link
    staff.refresh_from_db()
    assert not staff.has_usable_password()
    assert not AuthenticatorAppDevice.objects.filter(user=staff).exists()
    # Her sessions ended; the old password no longer works.
    assert her_session.get(reverse("home")).status_code == 302
    assert login(Client(), staff.username).status_code == 200
    events = AuditEvent.objects.filter(object_type="accounts.user", object_id=str(staff.pk))
    assert {e.action for e in events} >= {Action.CHANGE, Action.OTP_RESET}

    # She opens the link (in her own browser) and chooses a new password.
    client = Client()
    path = link.removeprefix("http://testserver")
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"]
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("accounts:login")
    assert AuditEvent.objects.filter(action=Action.CHANGE, actor=staff, detail__reset="link").exists()

    # The link worked once.
    again = Client().get(path, follow=True)
    assert not again.context["validlink"]
    # She logs in with it and enrols a second factor anew.
    fresh = Client()
    assert login(fresh, staff.username, NEW_PASSWORD).status_code == 302
    assert fresh.get(reverse("home"))["Location"].startswith(reverse("accounts:otp_setup"))


def test_a_weak_new_password_is_refused_next_to_the_field(coordinator_client, staff):
    link = coordinator_client.post(reverse("accounts:user_reset_access", args=[staff.pk])).context["link"]
    client = Client()
    page = client.get(link.removeprefix("http://testserver"), follow=True)
    response = client.post(page.redirect_chain[-1][0], {"new_password1": "short", "new_password2": "short"})
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]


def test_only_the_coordinator_resets_and_never_herself(coordinator, coordinator_client, staff_client, staff):
    assert staff_client.post(reverse("accounts:user_reset_access", args=[staff.pk])).status_code == 404
    response = coordinator_client.post(reverse("accounts:user_reset_access", args=[coordinator.pk]))
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.has_usable_password()


def test_a_bad_link_is_refused(db):
    page = Client().get(reverse("accounts:password_reset_confirm", args=["MQ", "bad-token"]))
    assert page.status_code == 200 and not page.context["validlink"]
