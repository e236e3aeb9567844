from datetime import date

import pytest
from django.core.exceptions import ValidationError

from residents.validators import normalise_personnummer

TODAY = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("19900101-0017", "19900101-0017"),
        ("199001010017", "19900101-0017"),
        ("900101-0017", "19900101-0017"),
        ("9001010017", "19900101-0017"),
        ("121212-1212", "20121212-1212"),
        ("121212+1212", "19121212-1212"),
        ("19121212-1212", "19121212-1212"),
        ("19900161-0014", "19900161-0014"),  # coordination number (day + 60)
    ],
)
def test_valid_numbers_are_normalised(raw, expected):
    assert normalise_personnummer(raw, today=TODAY) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "19900101-0018",
        "19900230-0011",
        "20300101-0010",
        "19901301-0013",
        "1990-01-01",
        "19900101 001",
        "abcdefgh-ijkl",
    ],
)
def test_invalid_numbers_are_refused(raw):
    with pytest.raises(ValidationError):
        normalise_personnummer(raw, today=TODAY)
