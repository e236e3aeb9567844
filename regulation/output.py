"""The files of the umbrella statistics and the inspection binder: CSV, XLSX and PDF, always in Swedish.

Counts are formatted as in the follow-up report (reporting.document.format_count): thousands with a
no-break space, person counts of 1 and 2 as "<3" when suppression is on.
"""

from __future__ import annotations

import csv
import io

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from reporting.document import format_count

from .umbrella import PERSONS, UmbrellaStatistics, umbrella_statistics

FILE_LANGUAGE = "sv"


def umbrella_document(*, year: int, suppress: bool) -> dict:
    """The year's umbrella statistics as strings, ready for the page and the files."""
    statistics: UmbrellaStatistics = umbrella_statistics(year=year)
    return {
        "year": year,
        "suppressed": suppress,
        "tables": [
            {
                "key": table.key,
                "title": table.title,
                "columns": list(table.columns),
                "rows": [
                    [str(row[0])]
                    + [format_count(value, persons=table.kind == PERSONS, suppress=suppress) for value in row[1:]]
                    for row in table.rows
                ],
                "rule": table.rule,
            }
            for table in statistics.tables
        ],
        "missing": [str(text) for text in statistics.missing],
    }


def swedish_umbrella_document(*, year: int, suppress: bool) -> dict:
    with translation.override(FILE_LANGUAGE):
        return umbrella_document(year=year, suppress=suppress)


def flat_rows(document: dict) -> list[list[str]]:
    """Every number, one per row: table, row, column, value."""
    rows = [[_("Table"), _("Row"), _("Column"), _("Value")]]
    for table in document["tables"]:
        for row in table["rows"]:
            for column, value in zip(table["columns"][1:], row[1:], strict=False):
                if value != "":
                    rows.append([table["title"], row[0], column, value.replace("\u00a0", "")])
    return rows


def _neutralise(value: str) -> str:
    """A cell a spreadsheet would take for a formula is written as text ('=…' → "'=…")."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(value) else value


def _is_number(value: str) -> bool:
    try:
        float(value.replace(",", "."))
    except ValueError:
        return False
    return True


def render_csv(document: dict) -> tuple[bytes, int]:
    with translation.override(FILE_LANGUAGE):
        rows = flat_rows(document)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([[_neutralise(cell) for cell in row] for row in rows])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), len(rows) - 1


def render_xlsx(document: dict, *, sheet_title: str) -> tuple[bytes, int]:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with translation.override(FILE_LANGUAGE):
        rows = flat_rows(document)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in rows:
        # Whole numbers as numbers, so they can be summed; "<3" and texts stay text.
        sheet.append([int(value) if value.isdigit() else _neutralise(value) for value in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCD", (40, 45, 20, 12), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), len(rows) - 1


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # slow to import: only where a PDF is made

    with translation.override(FILE_LANGUAGE):
        html = render_to_string(template, context)
    return HTML(string=html).write_pdf()
