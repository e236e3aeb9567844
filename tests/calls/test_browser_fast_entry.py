"""Acceptance: staff log an anonymous phone call with the keyboard only (under 30 seconds), then find it
in the list and in the statistics; a volunteer gets 404 or a redirect for every calls URL."""

import time

import pytest
from django.conf import settings
from django.urls import reverse

from jour.accounts.models import Role
from jour.calls.models import SupportContact
from jour.shelter.models import Municipality, ShelterProfile

from ..conftest import signed_in_client
from ..factories import UserFactory
from .factories import RecurringContactFactory, SupportContactFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user):
    client = signed_in_client(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _home():
    # Transactional tests empty the tables, the municipalities of the data migration too.
    municipality, _ = Municipality.objects.get_or_create(
        code="0136", defaults={"name": "Haninge", "county_code": "01", "county_name": "Stockholms län"}
    )
    profile = ShelterProfile.load()
    profile.municipality = municipality
    profile.save()


def test_staff_log_an_anonymous_phone_call_with_the_keyboard_only(page, live_server):
    _home()
    staff = UserFactory(role=Role.STAFF)
    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}{reverse('calls:contact_create')}")

    started = time.monotonic()
    # The kind has the focus; date, time and channel (phone) are prefilled, the municipality is "not asked".
    assert page.evaluate("document.activeElement.name") == "kind"
    page.keyboard.type("Stöd")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "duration_minutes"
    page.keyboard.type("12")
    page.keyboard.press("Enter")
    page.wait_for_url(
        f"{live_server.url}{reverse('calls:contact_list')}", wait_until="domcontentloaded", timeout=30_000
    )
    elapsed = time.monotonic() - started
    assert elapsed < 30, elapsed

    contact = SupportContact.objects.get()
    assert (contact.channel, contact.kind, contact.duration_minutes, contact.staff) == ("phone", "support", 12, staff)
    assert (contact.recurring_contact, contact.resident, contact.municipality_id) == (None, None, None)

    # In the list, newest first.
    assert "Kontakten är sparad." in page.content()
    first_row = page.locator("[data-testid=contacts] tbody tr").first
    for text in ("Telefon", "Stöd och råd", "12", "Okänt", staff.display_name):
        assert text in first_row.inner_text()

    # In the statistics (this year by default).
    page.goto(f"{live_server.url}{reverse('calls:statistics')}")
    assert page.locator("[data-testid=support-contacts]").inner_text() == "1"
    persons = page.locator("[data-testid=persons] tbody tr").first.inner_text()
    # Total 1, inside the municipality 0: nobody asked where she lives, so she is counted as unknown.
    assert persons.split("\t")[:5] == ["Unika personer", "1", "0", "0", "1"]
    assert "Unika personer = antal olika återkommande kontakter" in page.content()
    assert page.locator("svg rect").count() > 0


def test_one_key_records_an_offered_meeting_and_enter_on_a_box_does_not_submit(page, live_server):
    _home()
    sign_in(page, live_server, UserFactory(role=Role.STAFF))
    page.goto(f"{live_server.url}{reverse('calls:contact_create')}")
    page.keyboard.type("Stöd")
    page.keyboard.press("Alt+m")
    box = page.locator("input[name=meeting_offered]")
    assert box.is_checked()
    box.focus()
    page.keyboard.press("Enter")  # a reflex key press on a box must not save the half-filled form
    page.wait_for_timeout(300)
    assert page.url.endswith(reverse("calls:contact_create"))
    assert SupportContact.objects.count() == 0
    # The running timer is no live region: a screen reader does not read it out every second.
    assert page.locator("[data-call-timer-output]").get_attribute("aria-live") == "off"
    page.get_by_role("button", name="Spara", exact=True).first.click()
    page.wait_for_url(f"{live_server.url}{reverse('calls:contact_list')}", wait_until="domcontentloaded")
    assert SupportContact.objects.get().outcomes == ["meeting_offered"]


def test_the_timer_fills_the_duration_when_left_empty(page, live_server):
    _home()
    sign_in(page, live_server, UserFactory(role=Role.STAFF))
    page.goto(f"{live_server.url}{reverse('calls:contact_create')}")
    assert page.locator("[data-call-timer]").is_visible()
    page.keyboard.type("Info")
    page.keyboard.press("Tab")  # to the empty duration
    page.keyboard.press("Enter")
    page.wait_for_url(
        f"{live_server.url}{reverse('calls:contact_list')}", wait_until="domcontentloaded", timeout=30_000
    )
    assert SupportContact.objects.get().duration_minutes == 1


def test_a_volunteer_gets_404_or_a_redirect_for_every_calls_url(page, live_server):
    _home()
    staff = UserFactory(role=Role.STAFF)
    contact = SupportContactFactory(staff=staff)
    recurring = RecurringContactFactory(created_by=staff)
    from django.urls import get_resolver

    urls = []
    for pattern in get_resolver("jour.calls.urls").url_patterns:
        kwargs = {}
        if "<int:pk>" in str(pattern.pattern):
            kwargs = {"pk": recurring.pk if pattern.name.startswith("recurring") else contact.pk}
        urls.append(reverse(f"calls:{pattern.name}", kwargs=kwargs))
    assert len(urls) == 11

    sign_in(page, live_server, UserFactory(role=Role.VOLUNTEER))
    for url in urls:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 404, url
        assert "Telefon" not in page.content()
    page.context.clear_cookies()
    for url in urls:
        page.goto(f"{live_server.url}{url}")
        assert page.url.startswith(f"{live_server.url}{reverse('accounts:login')}"), url
