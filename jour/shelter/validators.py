import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def validate_organisation_number(value: str) -> None:
    """Swedish organisation number: NNNNNN-NNNN with a Luhn check digit."""
    match = re.fullmatch(r"(\d{6})-?(\d{4})", value or "")
    if not match or not luhn_ok(match.group(1) + match.group(2)):
        raise ValidationError(_("Enter an organisation number as NNNNNN-NNNN with a valid check digit."))
