"""Issue 14 item 4: the Django admin is no side door — no two-factor secret shown or editable, no role given
there, a superuser holds no role (database), every admin change in Jour's audit log, a superuser's login and
a new coordinator raise alerts."""

import binascii
import datetime as dt
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jour.accounts.devices import BackupCodeDevice
from jour.accounts.models import Role, User
from jour.audit.alerts import AlertKind, find_alerts
from jour.audit.models import Action, AuditEvent

from ..conftest import signed_in_client
from ..factories import TEST_PASSWORD, TOTPDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(username="root", role="", is_superuser=True, is_staff=True)


@pytest.fixture
def admin_client(superuser):
    return signed_in_client(superuser)


def _admin_links(client: Client, url: str) -> set[str]:
    page = client.get(url).content.decode()
    return set(re.findall(r'href="(/admin/[^"#?]*)"', page))


def test_the_admin_shows_no_two_factor_secret(admin_client, staff):
    device = TOTPDeviceFactory(user=staff)
    code = BackupCodeDevice.objects.create(user=staff, name="backup").replace_codes(1)[0]
    secrets = {device.key, device.key.upper(), binascii.unhexlify(device.key).hex(), code}
    import base64

    secrets.add(base64.b32encode(device.bin_key).decode().rstrip("="))
    # Every page reachable from the admin index, one level deep, and the staff member's own page.
    pages = {"/admin/", reverse("admin:accounts_user_change", args=[staff.pk])}
    pages |= _admin_links(admin_client, "/admin/")
    for url in sorted(pages):
        response = admin_client.get(url)
        body = response.content.decode(errors="replace")
        assert not [secret for secret in secrets if secret in body], url
    # The two-factor models are not in the admin at all.
    assert admin_client.get("/admin/accounts/authenticatorappdevice/").status_code == 404
    assert admin_client.get(f"/admin/accounts/authenticatorappdevice/{device.pk}/change/").status_code == 404
    assert admin_client.get("/admin/accounts/backupcodedevice/").status_code == 404
    assert admin_client.get("/admin/django_otp_webauthn/webauthncredential/").status_code == 404


def test_the_admin_gives_no_role(admin_client, superuser, staff):
    url = reverse("admin:accounts_user_change", args=[superuser.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "role" not in form.fields  # shown read-only, not editable
    data = {
        "username": superuser.username,
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "role": Role.COORDINATOR,
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00",
    }
    admin_client.post(url, data)
    superuser.refresh_from_db()
    assert superuser.role == ""


def test_an_app_account_cannot_be_made_superuser_in_the_admin(admin_client, coordinator):
    url = reverse("admin:accounts_user_change", args=[coordinator.pk])
    data = {
        "username": coordinator.username,
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "is_superuser" in response.context["adminform"].form.errors
    coordinator.refresh_from_db()
    assert not coordinator.is_superuser


def test_the_database_refuses_a_superuser_with_a_role(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="boss", role=Role.COORDINATOR, is_superuser=True)
    user = UserFactory(role=Role.STAFF)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_superuser=True)


def test_admin_changes_go_to_the_audit_log(admin_client, superuser, staff):
    url = reverse("admin:accounts_user_change", args=[staff.pk])
    data = {
        "username": staff.username,
        "first_name": "Ändrad",
        "last_name": staff.last_name,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action=Action.CHANGE, object_type="accounts.user", object_id=str(staff.pk))
    assert event.actor == superuser and event.detail["admin"] is True
    assert "first_name" in event.fields and "Ändrad" not in str(event.detail)

    add = admin_client.post(
        reverse("admin:accounts_user_add"),
        {"username": "tekniker", "password1": "a-long-password-2026", "password2": "a-long-password-2026"},
    )
    assert add.status_code == 302
    created = User.objects.get(username="tekniker")
    assert AuditEvent.objects.filter(action=Action.CREATE, object_id=str(created.pk), detail__admin=True).exists()

    delete = admin_client.post(reverse("admin:accounts_user_delete", args=[created.pk]), {"post": "yes"})
    assert delete.status_code == 302
    assert AuditEvent.objects.filter(action=Action.DELETE, object_id=str(created.pk), detail__admin=True).exists()


def _attempt(username: str) -> AccessAttempt:
    return AccessAttempt.objects.create(
        username=username, ip_address="192.0.2.1", user_agent="x", failures_since_start=1, attempt_time=timezone.now()
    )


def test_a_bulk_delete_in_the_admin_is_audited_row_by_row(admin_client):
    attempts = [_attempt(f"u{n}") for n in range(3)]
    response = admin_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": [a.pk for a in attempts], "post": "yes"},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=Action.DELETE, object_type="axes.accessattempt").count() == 3


def test_the_lockout_records_are_read_only(admin_client):
    attempt = _attempt("u")
    assert admin_client.get(reverse("admin:axes_accessattempt_add")).status_code == 403
    change = admin_client.post(
        reverse("admin:axes_accessattempt_change", args=[attempt.pk]), {"failures_since_start": 0}
    )
    assert change.status_code in (200, 403)
    attempt.refresh_from_db()
    assert attempt.failures_since_start == 1


def test_a_superuser_login_raises_an_alert(superuser):
    start = timezone.now() - dt.timedelta(minutes=1)
    response = Client().post(reverse("accounts:login"), {"username": "root", "password": TEST_PASSWORD})
    assert response.status_code == 302
    alerts = [alert for alert in find_alerts(since=start) if alert.kind == AlertKind.SUPERUSER_LOGIN]
    assert len(alerts) == 1 and alerts[0].actor_username == "root"


def test_a_staff_login_raises_no_superuser_alert(staff):
    start = timezone.now() - dt.timedelta(minutes=1)
    Client().post(reverse("accounts:login"), {"username": staff.username, "password": TEST_PASSWORD})
    assert [a for a in find_alerts(since=start) if a.kind == AlertKind.SUPERUSER_LOGIN] == []


def test_a_new_coordinator_made_in_the_app_raises_an_alert(coordinator_client, staff):
    start = timezone.now() - dt.timedelta(minutes=1)
    response = coordinator_client.post(
        reverse("accounts:user_edit", args=[staff.pk]),
        {"first_name": staff.first_name, "last_name": staff.last_name, "role": Role.COORDINATOR, "is_active": "on"},
    )
    assert response.status_code == 302
    alerts = [a for a in find_alerts(since=start) if a.kind == AlertKind.NEW_COORDINATOR]
    assert len(alerts) == 1


def _admin_reads(**filters):
    return AuditEvent.objects.filter(action=Action.VIEW, detail__admin=True, **filters)


def test_every_admin_page_showing_a_person_is_audited(admin_client, superuser, staff):
    """The admin still shows the workers' accounts and the lockout's records (usernames as typed, addresses,
    browsers): each read of a list or a record is in Jour's audit log, as the app's pages are."""
    _attempt("a-typed-username")
    reads = [
        (reverse("admin:accounts_user_changelist"), "accounts.user", ""),
        (reverse("admin:accounts_user_change", args=[staff.pk]), "accounts.user", str(staff.pk)),
        (reverse("admin:accounts_user_history", args=[staff.pk]), "accounts.user", str(staff.pk)),
        (reverse("admin:accounts_user_delete", args=[staff.pk]), "accounts.user", str(staff.pk)),
        (reverse("admin:auth_user_password_change", args=[staff.pk]), "accounts.user", str(staff.pk)),
        (reverse("admin:axes_accessattempt_changelist"), "axes.accessattempt", ""),
        (reverse("admin:axes_accesslog_changelist"), "axes.accesslog", ""),
        (reverse("admin:axes_accessfailurelog_changelist"), "axes.accessfailurelog", ""),
    ]
    for url, object_type, object_id in reads:
        before = _admin_reads().count()
        assert admin_client.get(url).status_code == 200, url
        event = _admin_reads().latest("id")
        assert _admin_reads().count() == before + 1, url
        assert (event.actor, event.object_type, event.object_id) == (superuser, object_type, object_id), url
    lists = _admin_reads(object_type="accounts.user", object_id="")
    assert lists.get().detail["rows"] == User.objects.count()


def test_admin_pages_without_a_person_are_not_audited(admin_client):
    for url in ["/admin/", reverse("admin:shelter_municipality_changelist"), reverse("admin:auth_group_changelist")]:
        assert admin_client.get(url).status_code == 200, url
    assert admin_client.get(reverse("admin:accounts_user_add")).status_code == 200  # an empty form
    assert not _admin_reads().exists()


def test_the_admin_index_lists_no_recent_actions(admin_client, superuser, staff):
    """Django's index lists the admin's own log entries by their object's name (a worker's account, a lockout
    record); the index is read unaudited because it names no one (test above), so it lists none."""
    LogEntry.objects.create(
        user=superuser,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(staff.pk),
        object_repr="Rut Reprsdotter",
        action_flag=CHANGE,
        change_message="[]",
    )
    index = admin_client.get("/admin/")
    assert index.status_code == 200
    assert "Rut Reprsdotter" not in index.content.decode()
    assert "recent-actions-module" not in index.content.decode()
    assert not _admin_reads().exists()
