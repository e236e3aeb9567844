import io

import pytest
from openpyxl import load_workbook

from jour.lib.exports import csv_writer, is_formula_like, neutralise, new_workbook, xlsx_append


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_each_prefix_is_neutralised(prefix):
    assert is_formula_like(prefix + "1+1")
    assert neutralise(prefix + "A1") == "'" + prefix + "A1"


@pytest.mark.parametrize("value", ["-3", "+4", "-1,5", "12", "Kvinnojouren", "", 7, None, "a=b"])
def test_plain_values_are_unchanged(value):
    assert not is_formula_like(value)
    assert neutralise(value) == value


def test_csv_writer_semicolon_and_apostrophe():
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(["=1+1", 3, "-3", "text"])
    writer.writerows([["@x"]])
    assert buffer.getvalue().splitlines() == ["'=1+1;3;-3;text", "'@x"]


def test_xlsx_cells_stay_text_and_numbers_stay_numbers():
    workbook = new_workbook()
    xlsx_append(workbook.active, ['=HYPERLINK("x")', 5, "ok", "-3"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    row = list(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows())[0]
    assert [(c.value, c.data_type, bool(c.quotePrefix)) for c in row] == [
        ('=HYPERLINK("x")', "s", True),
        (5, "n", False),
        ("ok", "s", False),
        ("-3", "s", False),
    ]
