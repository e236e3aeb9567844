"""The files of the umbrella statistics and the inspection binder: CSV, XLSX and PDF, always in Swedish.

CSV and XLSX go through jour.lib.exports (formula-like cells stay text), PDFs through jour.lib.pdf.

Counts are formatted as in the follow-up report (reporting.document.format_count): thousands with a
no-break space, person counts of 1 and 2 as "<3" when suppression is on.
"""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from jour.lib.exports import csv_writer, new_workbook, xlsx_append
from jour.lib.pdf import html_to_pdf
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


def render_csv(document: dict) -> tuple[bytes, int]:
    with translation.override(FILE_LANGUAGE):
        rows = flat_rows(document)
    buffer = io.StringIO()
    csv_writer(buffer).writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), len(rows) - 1


def render_xlsx(document: dict, *, sheet_title: str) -> tuple[bytes, int]:
    from openpyxl.styles import Font

    with translation.override(FILE_LANGUAGE):
        rows = flat_rows(document)
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in rows:
        # Whole numbers as numbers, so they can be summed; "<3" and texts stay text.
        xlsx_append(sheet, [int(value) if value.isdigit() else value for value in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCD", (40, 45, 20, 12), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), len(rows) - 1


def render_pdf(template: str, context: dict) -> bytes:
    with translation.override(FILE_LANGUAGE):
        html = render_to_string(template, context)
    return html_to_pdf(html)
