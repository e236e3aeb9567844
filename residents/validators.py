"""Swedish personal identity numbers (personnummer): format, date and Luhn check digit."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jour.shelter.validators import luhn_ok

_PATTERN = re.compile(r"^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{4})$")


def normalise_personnummer(value: str, *, today: date | None = None) -> str:
    """Return the number as YYYYMMDD-NNNN, or raise ValidationError.

    Accepts YYYYMMDD-NNNN, YYYYMMDDNNNN, YYMMDD-NNNN, YYMMDDNNNN and YYMMDD+NNNN (100 years or older).
    Coordination numbers (day + 60) are accepted too.
    """
    error = ValidationError(
        _("Enter a valid personal identity number, YYYYMMDD-NNNN, with a correct check digit."),
        code="invalid_personnummer",
    )
    match = _PATTERN.match((value or "").strip().replace(" ", ""))
    if not match:
        raise error
    century, yy, mm, dd, sep, tail = match.groups()
    today = today or timezone.localdate()
    if century is None:
        year = 2000 + int(yy)
        if year > today.year:
            year -= 100
        if sep == "+":
            year -= 100
    else:
        year = int(century + yy)
    day = int(dd)
    if day > 60:  # samordningsnummer
        day -= 60
    try:
        born = date(year, int(mm), day)
    except ValueError:
        raise error from None
    if born > today:
        raise error
    if not luhn_ok(yy + mm + dd + tail):
        raise error
    return f"{year:04d}{mm}{dd}-{tail}"


def birth_year_from_personnummer(normalised: str) -> int:
    return int(normalised[:4])
