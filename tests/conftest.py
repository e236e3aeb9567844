import os
import shutil

import pytest
from django.db.backends.signals import connection_created
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from jour.accounts.models import Role

from .factories import TOTPDeviceFactory, UserFactory

CHROMIUM = "/usr/bin/chromium"


def _allow_audit_truncate(sender, connection, **kwargs):
    # Browser tests empty every table between tests with TRUNCATE; the app never sets this.
    with connection.cursor() as cursor:
        cursor.execute("SET jour.allow_audit_truncate = 'on'")


connection_created.connect(_allow_audit_truncate)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Hashing strength is not under test; PBKDF2 would make each factory user cost ~0.3 s.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def signed_in_client(user, client: Client | None = None) -> Client:
    """A client logged in as `user`, with two-factor verified when her role needs it."""
    client = client or Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if user.requires_2fa or device is not None:
        device = device or TOTPDeviceFactory(user=user)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def coordinator(db):
    return UserFactory(role=Role.COORDINATOR, username="coordinator")


@pytest.fixture
def staff(db):
    return UserFactory(role=Role.STAFF, username="staff")


@pytest.fixture
def other_staff(db):
    return UserFactory(role=Role.STAFF, username="other_staff")


@pytest.fixture
def volunteer_user(db):
    return UserFactory(role=Role.VOLUNTEER, username="volunteer")


@pytest.fixture
def coordinator_client(coordinator):
    return signed_in_client(coordinator)


@pytest.fixture
def staff_client(staff):
    return signed_in_client(staff)


@pytest.fixture
def volunteer_client(volunteer_user):
    return signed_in_client(volunteer_user)


# Browser tests -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM) and not shutil.which("chromium"):
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


class RequestRecorder:
    def __init__(self):
        self.urls: list[str] = []

    def __call__(self, request):
        self.urls.append(request.url)

    def external(self) -> list[str]:
        from urllib.parse import urlsplit

        return [
            u for u in self.urls if urlsplit(u).hostname not in ("127.0.0.1", "localhost") and not u.startswith("data:")
        ]


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context; every request it makes is recorded and none may leave the machine."""
    context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
    recorder = RequestRecorder()
    context.on("request", recorder)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.requests = recorder
    yield page
    external = recorder.external()
    context.close()
    assert external == [], f"requests left the machine: {external}"
