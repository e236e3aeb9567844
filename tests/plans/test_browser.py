"""Acceptance: staff creates a plan with goals in three areas, records an accompaniment to Skatteverket,
ticks two orientation topics, enters self-assessments at intake and discharge and sees the change, then
downloads the plan PDF, whose text holds the goals in Swedish."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from pypdf import PdfReader

from residents.plans.models import OrientationProgress, OrientationTopic, SupportEntry

from ..conftest import signed_in_client
from ..residents.factories import RoomFactory, StayFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOALS = [
    ("Ekonomi och id-handlingar", "Jag vill ha ett eget id-kort och ett bankkonto"),
    ("Svenska språket", "Jag vill kunna prata svenska med barnens lärare"),
    ("Utbildning och arbete", "Jag vill skriva ett CV och söka jobb inom vården"),
]


def _sign_in(page, live_server, user) -> None:
    client = signed_in_client(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def _self_assessment(page, occasion: str, answers: dict[int, int]) -> None:
    page.get_by_role("link", name="Ny självskattning").click()
    page.wait_for_url("**/self-assessments/new/")
    page.get_by_label("Tillfälle").select_option(label=occasion)
    for item, value in answers.items():
        page.locator(f"input[name='item_{item}'][value='{value}']").check()
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**/self-assessments/")


def test_staff_builds_a_plan_and_prints_it(page, live_server, staff, tmp_path):
    # Transactional tests start from empty tables: the default topics come from a migration.
    for position, name in enumerate(["Svenska språket", "Mobilt BankID", "Cykla"]):
        OrientationTopic.objects.get_or_create(name=name, defaults={"position": position})
    stay = StayFactory(
        room=RoomFactory(name="Rum Lind"),
        intake=timezone.localdate() - timedelta(days=10),
        resident__first_name="Amira",
        resident__last_name="Karlsson",
    )
    _sign_in(page, live_server, staff)

    # The dashboard shows her stay as still without a plan, ten days after intake.
    page.goto(f"{live_server.url}/plans/")
    assert "Amira" in page.get_by_test_id("without-plan").inner_text()
    page.get_by_test_id("main-nav").get_by_role("link", name="Att göra").click()
    page.get_by_test_id("current-stays").get_by_role("link", name="Påbörja plan").click()
    page.wait_for_url(f"**/plans/stays/{stay.pk}/")

    for area, text in GOALS:
        page.get_by_role("link", name="Lägg till mål").click()
        page.get_by_label("Livsområde").select_option(label=area)
        page.get_by_label("Mål, med hennes egna ord").fill(text)
        page.get_by_role("button", name="Spara").click()
        page.wait_for_url(f"**/plans/stays/{stay.pk}/")
    assert page.get_by_test_id("goal").count() == 3
    for area, text in GOALS:
        assert page.get_by_role("heading", name=area).count() == 1
        assert text in page.content()

    # An accompaniment to Skatteverket.
    page.get_by_role("link", name="Hennes stöd").click()
    page.get_by_role("link", name="Registrera stöd").click()
    page.get_by_label("Typ").select_option(label="Medföljning")
    page.get_by_label("Myndighet").select_option(label="Skatteverket")
    page.get_by_label("Syfte").fill("Ansöka om id-kort")
    page.locator("#id_duration_minutes").fill("90")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(f"**/plans/residents/{stay.resident_id}/")
    log = page.get_by_test_id("support-log").inner_text()
    assert "Skatteverket" in log and "Medföljning" in log and "Ansöka om id-kort" in log
    assert SupportEntry.objects.get().staff_member == staff

    # Two society-orientation topics done.
    page.get_by_role("link", name="Samhällsorientering").click()
    page.get_by_label("Mobilt BankID", exact=True).select_option(label="Klar")
    page.get_by_label("Cykla", exact=True).select_option(label="Klar")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(f"**/plans/residents/{stay.resident_id}/")
    topics = OrientationTopic.objects.active().count()
    assert f"2 av {topics} ämnen klara" in page.get_by_test_id("orientation-summary").inner_text()
    assert OrientationProgress.objects.filter(status="done").count() == 2

    # Self-assessments at intake and discharge: the change shows.
    page.get_by_role("link", name="Självskattning").click()
    low = {n: (3 if n in (2, 5, 6, 8, 9) else 2) for n in range(1, 11)}  # 10 × 2 = 20 points
    high = {n: (1 if n in (2, 5, 6, 8, 9) else 3) for n in range(1, 11)}  # 5 × 3 + 5 × 4 = 35 points
    _self_assessment(page, "Inskrivning", low)
    _self_assessment(page, "Utskrivning", high)
    assert page.get_by_test_id("change").inner_text().endswith("+15 poäng")
    scores = page.get_by_test_id("scores").inner_text()
    assert "Inskrivning" in scores and "Utskrivning" in scores and "35" in scores

    # Her copy of the plan.
    page.goto(f"{live_server.url}/plans/stays/{stay.pk}/")
    with page.expect_download() as download_info:
        page.get_by_test_id("plan-pdf").click()
    download = download_info.value
    assert download.suggested_filename == f"genomforandeplan-{stay.pk}.pdf"
    target = Path(tmp_path) / "plan.pdf"
    download.save_as(target)
    text = "\n".join(p.extract_text() for p in PdfReader(target).pages)
    for area, goal in GOALS:
        assert area in text
        assert " ".join(goal.split()) in " ".join(text.split())
    assert "Amira" in text and "Karlsson" not in text
