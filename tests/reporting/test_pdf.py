"""The PDF of the follow-up: the issue's figures under the right questions, cover, contents, charts, page
numbers, small counts, and a sent report that never changes."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from jour.calls.models import RecurringContact, SupportContact
from reporting.models import FollowUpReport

from . import dataset
from .factories import make_report, shelter_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        yield


def pdf_pages(client, report: FollowUpReport) -> list[str]:
    response = client.get(reverse("reporting:report_pdf", args=[report.pk]))
    assert response.status_code == 200
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def section(pages: list[str], number: int, heading_start: str, next_heading_start: str) -> str:
    """The text of one question in the body (after the contents page), up to the next question."""
    body = flat(" ".join(pages[2:]))
    start = body.index(f"{number}. {heading_start}")
    end = body.index(f"{number + 1}. {next_heading_start}", start)
    return body[start:end]


@pytest.fixture
def issue_year(coordinator):
    shelter_in("0136")
    dataset.support_line(staff=coordinator)
    dataset.housing()
    return make_report(by=coordinator)


def test_the_pdf_shows_the_issues_figures_under_the_right_questions(issue_year, coordinator_client):
    pages = pdf_pages(coordinator_client, issue_year)
    q5 = section(pages, 5, "Hur många skyddsbehövande", "Hur många har fått")
    assert "Personer 2023 2024 2025" in q5
    assert "Erbjudits personligt möte, totalt 0 0 133" in q5
    assert "varav boende i kommunen 0 0 133" in q5  # the offered women 0..132 all live in Haninge
    assert "varav boende i annan kommun eller utomlands 0 0 0" in q5

    q6 = section(pages, 6, "Hur många har fått råd och stöd?", "Hur många personer boende")
    assert "Unika personer, totalt 143" in q6
    assert "varav boende i kommunen 138" in q6
    assert "varav boende i annan kommun eller utomlands 5" in q6
    assert "varav våldsutsatta kvinnor 143" in q6
    assert "Stödkontakter, totalt 2 137" in q6  # silent calls are not support

    q7 = section(pages, 7, "Hur många personer boende i kommunen utan kontakt", "Hur ser tillgängligheten")
    assert "Kvinnor 0" in q7 and "Barn 0" in q7
    assert "Vuxna 0" in q7

    q8 = section(pages, 8, "Hur ser tillgängligheten", "Hur säkerställer föreningen ett tydligt")
    assert "Öppettider Mån–fre 09–16" in q8 and "Telefontider Alla dagar 09–21" in q8


def test_the_pdf_has_a_cover_contents_both_charts_and_page_numbers(issue_year, coordinator_client):
    pages = pdf_pages(coordinator_client, issue_year)
    cover = flat(pages[0])
    assert "Kvinnojouren Test" in cover and "Uppföljning" in cover
    assert "Till: Socialnämnden i Haninge kommun" in cover
    assert "Period: 1 januari 2025 till 31 december 2025" in cover
    assert "Datum: 1 mars 2026" in cover
    assert "Sida" not in cover  # no page number on the cover

    contents = flat(pages[1])
    assert contents.startswith("Innehåll")
    entry = re.search(r"6\. Hur många har fått råd och stöd\?[ .]*(\d+)", contents)
    assert entry, contents
    assert "6. Hur många har fått råd och stöd?" in flat(pages[int(entry.group(1)) - 1])

    body = flat(" ".join(pages[2:]))
    assert "Stödkontakter per månad och kanal" in body
    assert "Dygn per månad för dessa personer, vuxna och barn" in body
    # The legends are drawn in the SVG charts themselves.
    assert "Telefon E-post" in body and "Vuxna Barn" in body

    total = len(pages)
    for number, text in enumerate(pages[1:], start=2):
        assert f"Sida {number} av {total}" in flat(text)


def test_counts_below_three_are_shown_as_less_than_three(coordinator, coordinator_client):
    shelter_in("0136")
    dataset.support_line(staff=coordinator, women=2, inside=2, contacts=6, offered=1, silent=0)
    report = make_report(by=coordinator)
    q6 = section(pdf_pages(coordinator_client, report), 6, "Hur många har fått", "Hur många personer boende")
    assert "Unika personer, totalt <3" in q6
    assert "Stödkontakter, totalt 6" in q6  # contacts are not persons

    report.suppress_small_counts = False
    report.save()
    q6 = section(pdf_pages(coordinator_client, report), 6, "Hur många har fått", "Hur många personer boende")
    assert "Unika personer, totalt 2" in q6


def test_a_sent_reports_pdf_is_unchanged_after_data_is_added_or_deleted(issue_year, coordinator, coordinator_client):
    coordinator_client.post(reverse("reporting:report_send", args=[issue_year.pk]))
    sent = pdf_pages(coordinator_client, issue_year)
    draft = make_report(by=coordinator)  # the same year, live

    # A retention purge deletes contacts and codes; new contacts are logged; the profile changes.
    SupportContact.objects.filter(recurring_contact__number__gt=100).delete()
    RecurringContact.objects.filter(number__gt=100).delete()
    dataset.support_line(staff=coordinator, women=3, inside=3, contacts=40, offered=3, silent=0, first_number=501)
    shelter_in("0136", opening_hours="Stängt")
    issue_year.questions.filter(position=1).update(answer="Ändrat i efterhand")

    assert pdf_pages(coordinator_client, issue_year) == sent
    # ...while a draft of the same year shows the new numbers (so the comparison above can fail).
    live = section(pdf_pages(coordinator_client, draft), 6, "Hur många har fått", "Hur många personer boende")
    assert "Unika personer, totalt 103" in live


def test_the_html_preview_links_staff_to_the_lists_behind_the_numbers(issue_year, staff_client):
    body = staff_client.get(reverse("reporting:report_detail", args=[issue_year.pk])).content.decode()
    assert "Unika personer, totalt" in body
    assert reverse("calls:contact_list") + "?date_from=2025-01-01&amp;date_to=2025-12-31" in body
    assert reverse("reporting:register_list", args=["feedback"]) in body
    assert f'href="{reverse("shelter:profile")}"' in body  # Q8's opening hours
    assert "<script>" not in body and 'style="' not in body


def test_the_period_can_be_any_range(coordinator, coordinator_client):
    shelter_in("0136")
    dataset.support_line(staff=coordinator)
    report = make_report(by=coordinator, period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 1, 31))
    q6 = section(pdf_pages(coordinator_client, report), 6, "Hur många har fått", "Hur många personer boende")
    # January: contacts i with i % 12 == 0.
    assert f"Stödkontakter, totalt {len(range(0, 2137, 12))}" in q6


def test_a_draft_says_utkast_on_every_page_and_a_sent_report_on_none(issue_year, coordinator_client):
    pages = pdf_pages(coordinator_client, issue_year)
    assert len(pages) > 3
    assert [n for n, text in enumerate(pages, start=1) if "UTKAST" not in text] == []
    coordinator_client.post(reverse("reporting:report_send", args=[issue_year.pk]))
    assert [n for n, text in enumerate(pdf_pages(coordinator_client, issue_year), start=1) if "UTKAST" in text] == []


def _cells_past_the_right_margin(html: str) -> list[str]:
    """Table cells whose right edge lies beyond the page's content area, laid out by WeasyPrint itself."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    from jour.lib.pdf import BASE_URL, url_fetcher

    beyond = []
    for page in HTML(string=html, base_url=BASE_URL, url_fetcher=url_fetcher()).render().pages:
        page_box = page._page_box
        right = page_box.margin_width() - page_box.margin_right
        for box in page_box.descendants():
            if isinstance(box, boxes.TableCellBox) and box.border_box_x() + box.border_width() > right + 0.5:
                beyond.append(" ".join(child.text for child in box.descendants() if isinstance(child, boxes.TextBox)))
    return beyond


def test_every_tables_last_column_is_on_the_page(coordinator, coordinator_client):
    from reporting.document import build_document
    from reporting.output import render_pdf_html

    from .factories import CompetenceDevelopmentFactory

    shelter_in("0136")
    dataset.support_line(staff=coordinator, women=5, inside=3, contacts=30, offered=2, silent=2)
    for title in ("Barnperspektivet i skyddat boende", "Hedersrelaterat våld och förtryck", "Lex Sarah och avvikelser"):
        CompetenceDevelopmentFactory(
            title=title, provider="Länsstyrelsen Stockholm och Kompetenscentrum", board_participants=2
        )
    report = make_report(by=coordinator)
    document = build_document(report)
    text = flat(" ".join(pdf_pages(coordinator_client, report)))
    tables = [table for question in document["questions"] for table in question["tables"]]
    assert any(len(table["columns"]) >= 6 for table in tables)  # competence development: the widest
    for table in tables:
        assert table["columns"][-1] in text, table["title"]
    assert _cells_past_the_right_margin(render_pdf_html(document, draft=True)) == []


def test_the_question_6_chart_counts_the_support_contacts_of_its_table(issue_year, coordinator_client):
    from reporting import figures

    # The dataset logs 25 silent calls besides the 2 137 support contacts: the chart leaves them out.
    data = figures.contacts_per_month(issue_year)
    assert sum(sum(series.values) for series in data["series"]) == data["total"] == 2137
    q6 = section(pdf_pages(coordinator_client, issue_year), 6, "Hur många har fått", "Hur många personer boende")
    assert "Stödkontakter, totalt 2 137" in q6
    assert "Stödkontakter per månad och kanal (2 137 totalt)" in q6


def test_the_nights_chart_shows_the_population_of_its_table_and_unknowns_are_shown(coordinator, coordinator_client):
    from reporting import figures
    from residents.models import Resident, Room, Stay

    shelter_in("0136")
    dataset.housing(placed=2, unplaced_elsewhere=1)
    room = Room.objects.get()
    # One woman from the municipality without placement (counted), one whose placement nobody knew (not counted).
    for n, (placed, home) in enumerate([(False, "0136"), (None, "0136")]):
        Stay.objects.create(
            resident=Resident.objects.create(first_name="Test", last_name=f"Q7{n}", birth_year=1990),
            room=room,
            intake=dt.date(2025, 10, 1),
            discharge=dt.date(2025, 10, 11),
            placed_by_social_services=placed,
            home_municipality_id=home,
        )
    report = make_report(by=coordinator, suppress_small_counts=False)
    data = figures.nights_per_month(report)
    assert data["total"] == 10  # only the stay the table counts, not the placed ones nor the unknown
    q7 = section(pdf_pages(coordinator_client, report), 7, "Hur många personer boende", "Hur ser tillgängligheten")
    assert "Kvinnor 1" in q7 and "Vuxna 10" in q7
    assert "Ej räknade: kvinnor vars placering eller hemkommun är okänd 1" in q7
    assert "Dygn per månad för dessa personer, vuxna och barn (10 totalt)" in q7
    assert q7.count("Räkneregel: Dygn inom perioden") == 2  # under the table and under the chart
