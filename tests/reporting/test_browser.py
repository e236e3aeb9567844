"""Acceptance: the coordinator fills two answers, previews, downloads the PDF and marks the report sent."""

import io

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from jour.shelter.models import Municipality, ShelterProfile
from reporting.models import FollowUpReport, ReportStatus

from ..conftest import signed_in_client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user) -> None:
    client = signed_in_client(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def test_the_coordinator_answers_previews_downloads_and_sends(page, live_server, coordinator):
    # Transactional tests start from empty tables: the municipality list comes from a migration.
    haninge, _ = Municipality.objects.get_or_create(
        code="0136", defaults={"name": "Haninge", "county_code": "01", "county_name": "Stockholms län"}
    )
    profile = ShelterProfile.load()
    profile.name, profile.municipality = "Kvinnojouren Test", haninge
    profile.save()
    year = timezone.localdate().year - 1
    _sign_in(page, live_server, coordinator)

    page.goto(f"{live_server.url}/reports/")
    page.get_by_role("link", name="Ny uppföljning").click()
    page.wait_for_url("**/reports/new/")
    assert page.locator("#id_period_start").input_value() == f"{year}-01-01"
    page.get_by_role("button", name="Spara").click()

    page.wait_for_url("**/answers/")
    page.locator("#id_form-0-answer").fill("Vi erbjuder stödsamtal och personliga möten utan krav på kontakt.")
    page.locator("#id_form-8-answer").fill("Varje barn har en egen kontaktperson bland personalen.")
    page.get_by_role("button", name="Spara och förhandsgranska").click()

    page.wait_for_url("**/reports/*/")
    preview = page.locator("article.report-preview")
    assert "Vi erbjuder stödsamtal" in preview.inner_text()
    assert "Varje barn har en egen kontaktperson" in preview.inner_text()
    assert page.get_by_test_id("status").inner_text() == "Utkast"

    with page.expect_download() as download_info:
        page.get_by_test_id("download-pdf").click()
    download = download_info.value
    assert download.suggested_filename == f"uppfoljning-0136-{year}.pdf"
    with open(download.path(), "rb") as handle:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    assert "Varje barn har en egen kontaktperson" in text.replace("\n", " ")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("mark-sent").click()
    expect(page.get_by_test_id("status")).to_have_text("Skickad")
    assert page.get_by_role("button", name="Påbörja en ny version").count() == 1
    report = FollowUpReport.objects.get()
    assert report.status == ReportStatus.SENT
    assert report.snapshot["questions"][8]["answer"].startswith("Varje barn")


def test_the_pdf_button_shows_progress_and_a_double_click_renders_once(page, live_server, coordinator):
    from jour.audit.models import Action, AuditEvent
    from tests.reporting.factories import make_report

    haninge, _ = Municipality.objects.get_or_create(
        code="0136", defaults={"name": "Haninge", "county_code": "01", "county_name": "Stockholms län"}
    )
    profile = ShelterProfile.load()
    profile.municipality = haninge
    profile.save()
    report = make_report(by=coordinator)
    _sign_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/reports/{report.pk}/")

    button = page.get_by_test_id("download-pdf")
    with page.expect_download() as download_info:
        button.dblclick()
        # While it renders: the spinner shows, the button takes no second click, a screen reader hears why.
        expect(button).to_have_attribute("aria-disabled", "true")
        expect(button.locator(".htmx-indicator")).to_be_visible()
        expect(page.get_by_test_id("download-status")).to_contain_text("PDF:en skapas")
    assert download_info.value.suggested_filename == f"{report.file_stem}.pdf"
    expect(page.get_by_test_id("download-status")).to_have_text("PDF:en är nedladdad.")
    expect(button).not_to_have_attribute("aria-disabled", "true")
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_type="reporting.followupreport").count() == 1
