"""The report's files: PDF (WeasyPrint), CSV and XLSX, all from the same document."""

from __future__ import annotations

import hashlib
import io
from importlib import metadata

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

from jour.lib.exports import csv_writer, new_workbook, xlsx_append
from jour.lib.pdf import html_to_pdf

from .document import REPORT_LANGUAGE, flat_rows

# A rendered PDF is kept under the hash of its HTML (and WeasyPrint's version): the same document, templates
# and translations give the same file, so an unchanged period's PDF is rendered once, not on every download.
PDF_CACHE_SECONDS = 36 * 3600


def render_pdf_html(document: dict, *, draft: bool = False) -> str:
    with translation.override(REPORT_LANGUAGE):
        return render_to_string("reporting/pdf.html", {"doc": document, "draft": draft})


def render_pdf(document: dict, *, draft: bool = False) -> bytes:
    """The report as PDF; a draft says UTKAST at the top of every page. From the cache when its HTML is unchanged."""
    html = render_pdf_html(document, draft=draft)
    raw = f"{metadata.version('weasyprint')}|{html}"
    key = "reporting:pdf:" + hashlib.sha256(raw.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = html_to_pdf(html)
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    return pdf


def render_csv(document: dict) -> tuple[bytes, int]:
    with translation.override(REPORT_LANGUAGE):
        rows = flat_rows(document)
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerows(rows)
    # A BOM so that Excel opens the Swedish letters right.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), len(rows) - 1


def render_xlsx(document: dict) -> tuple[bytes, int]:
    from openpyxl.styles import Font

    with translation.override(REPORT_LANGUAGE):
        rows = flat_rows(document)
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = "Uppföljning"
    for row in rows:
        # Whole numbers as numbers, so they can be summed; "<3" and texts stay text.
        xlsx_append(sheet, [int(value) if value.isdigit() else value for value in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDE", (9, 50, 50, 20, 14), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), len(rows) - 1
