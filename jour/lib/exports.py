"""The one way to write a CSV or XLSX export: cells that a spreadsheet would run as a formula stay text.

A register text or a shelter profile text such as `=HYPERLINK("https://…","Klicka")` would otherwise become a
live formula on the municipality's computer (CSV/formula injection, OWASP). Every export in every app writes
through `csv_writer()` or `xlsx_append()`; tests/security/test_exports.py checks that no other module writes
CSV or XLSX itself.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

# What Excel, LibreOffice and Google Sheets start a formula (or a DDE call) with.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A plain number ("-3", "+4,5") is data, not a formula: it stays a number.
_PLAIN_NUMBER = re.compile(r"[+-]?\d+([.,]\d+)?")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(value)


def neutralise(value: Any) -> Any:
    """For CSV: a formula-like text gets a leading apostrophe, which spreadsheets read as 'this is text'."""
    return "'" + value if is_formula_like(value) else value


class _NeutralisingWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([neutralise(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]):
        for row in rows:
            self.writerow(row)


def csv_writer(stream, **kwargs) -> _NeutralisingWriter:
    """csv.writer (semicolon by default, as Swedish Excel expects) that neutralises formula-like cells."""
    kwargs.setdefault("delimiter", ";")
    return _NeutralisingWriter(csv.writer(stream, **kwargs))


def new_workbook():
    """An openpyxl workbook; fill its sheets only through xlsx_append()."""
    from openpyxl import Workbook  # only exports need it

    return Workbook()


def xlsx_append(sheet, row: Iterable[Any]) -> None:
    """Append a row; a formula-like text is stored as a text cell with Excel's quote prefix, never a formula.

    The text itself is kept as it was typed (no apostrophe shows), and the quote prefix keeps it text even
    when someone edits the cell in Excel.
    """
    values = list(row)
    sheet.append(values)
    row_number = sheet.max_row
    for column, value in enumerate(values, start=1):
        if is_formula_like(value):
            cell = sheet.cell(row=row_number, column=column)
            cell.data_type = "s"  # openpyxl made "=…" a formula ("f")
            cell.quotePrefix = True
