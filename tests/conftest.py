import os
import shutil

import pytest
from django.core.management.color import no_style
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS, connection
from django.test import Client, TransactionTestCase
from django.test.utils import setup_databases

from jour.accounts.devices import AuthenticatorAppDevice
from jour.accounts.models import Role
from jour.operations import dbroles

from .db import admin_connection, swapped_credentials
from .factories import TOTPDeviceFactory, UserFactory

CHROMIUM = "/usr/bin/chromium"


# The database roles, as in production: the owner creates and migrates the test database, every test
# connects as the app role (DATABASE_URL), which can neither truncate nor alter the audit log.
@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_modify_db_settings):
    verbosity = request.config.option.verbose
    app_role = connection.settings_dict["USER"]
    with django_db_blocker.unblock(), swapped_credentials("DATABASE_OWNER_URL"):
        setup_databases(verbosity=verbosity, interactive=False)
        with connection.cursor() as cursor:
            cursor.execute(dbroles.privileges_sql(owner=connection.settings_dict["USER"], app=app_role))
    yield
    # Dropped by the superuser WITH (FORCE): a live server's or a subprocess's idle connection must not keep it.
    with django_db_blocker.unblock():
        connection.close()
        with admin_connection("postgres") as conn:
            conn.autocommit = True
            with conn.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{connection.settings_dict["NAME"]}" WITH (FORCE)')


def _empty_tables_as_superuser(self):
    """TransactionTestCase (live_server, browser tests) empties every table after each test. The app role
    may not TRUNCATE and the audit trigger refuses it for everyone, so a superuser connection does it with
    triggers off for that session only (session_replication_role); nothing is changed for the app role."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    statements = connection.ops.sql_flush(no_style(), tables, allow_cascade=self.available_apps is not None)
    with admin_connection() as conn, conn.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        for statement in statements:
            cursor.execute(statement)
    if self.available_apps is None:
        emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)


TransactionTestCase._fixture_teardown = _empty_tables_as_superuser


@pytest.fixture(autouse=True)
def _empty_cache():
    # The database is rolled back after each test; the per-process cache (the layout's shelter name, the menu,
    # the statistics) must not carry one test's data into the next.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    # A test that activates a language (a request in English, an override left open) must not leave it to the
    # next test of the same process: each starts in the default, Swedish.
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Hashing strength is not under test; PBKDF2 would make each factory user cost ~0.3 s.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def signed_in_client(user, client: Client | None = None) -> Client:
    """A client logged in as `user`, with two-factor verified when her role needs it."""
    client = client or Client()
    client.force_login(user)
    device = AuthenticatorAppDevice.objects.filter(user=user, confirmed=True).first()
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
