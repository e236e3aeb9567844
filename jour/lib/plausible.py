"""Plausible dates: one window per kind of date, checked for every date of the project's models and forms.

A year typed as 9999 or 1899 is a slip, and a date far outside the shelter's time makes date arithmetic
overflow further on (a period's end + 1 day, eight weekly sessions from a first date). So every date is
checked against a window before anything uses it:

- a *record* date (an intake, a signed pledge, a contact, a report period): from 1900 up to
  RECORD_YEARS_AHEAD years from today;
- a *plan* date (a follow-up, a review, a planned meeting): from 1900 up to PLAN_YEARS_AHEAD years ahead.

`install()` (run by jour.lib's AppConfig) puts the check on every editable DateField and DateTimeField of
the project's own models, so a new date field is covered without anyone remembering: on the model
(full_clean, hence every ModelForm) and on the form field its ModelForm makes (checked before the form's
clean(), which may already compute with the date). A model field is a record date unless declared
`plan_date(models.DateField(...))`. Form fields declared by hand use this module's DateField,
DateTimeField or DateFilter; tests/lib/test_plausible.py fails for one that does not.
"""

from __future__ import annotations

import datetime as dt
import enum
from functools import partial

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.deconstruct import deconstructible
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

EARLIEST = dt.date(1900, 1, 1)
RECORD_YEARS_AHEAD = 2
PLAN_YEARS_AHEAD = 10


class DateKind(enum.StrEnum):
    RECORD = "record"
    PLAN = "plan"


YEARS_AHEAD = {DateKind.RECORD: RECORD_YEARS_AHEAD, DateKind.PLAN: PLAN_YEARS_AHEAD}


def window(kind: DateKind = DateKind.RECORD, *, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The first and the last plausible day for a date of this kind, both included."""
    today = today or timezone.localdate()
    years = YEARS_AHEAD[DateKind(kind)]
    try:
        latest = today.replace(year=today.year + years)
    except ValueError:  # 29 February, and no leap year then
        latest = today.replace(year=today.year + years, day=28)
    return EARLIEST, latest


def _day(value: dt.date | dt.datetime) -> dt.date:
    # The date as entered: converting an aware time of year 9999 to another zone could itself overflow,
    # and a few hours at the edge of a window of years do not matter.
    return value.date() if isinstance(value, dt.datetime) else value


@deconstructible
class PlausibleDateValidator:
    """Refuses a date (or the day of a date and time) outside the window of its kind, in words next to the field."""

    code = "implausible_date"
    message = _("Enter a date between %(earliest)s and %(latest)s.")

    def __init__(self, kind: DateKind | str = DateKind.RECORD):
        self.kind = DateKind(kind)

    def __call__(self, value) -> None:
        if value is None:
            return
        earliest, latest = window(self.kind)
        if not earliest <= _day(value) <= latest:
            raise ValidationError(
                self.message,
                code=self.code,
                params={
                    "earliest": formats.date_format(earliest, "SHORT_DATE_FORMAT"),
                    "latest": formats.date_format(latest, "SHORT_DATE_FORMAT"),
                },
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, PlausibleDateValidator) and other.kind == self.kind

    def __hash__(self) -> int:
        return hash((type(self), self.kind))


def is_checked(field) -> bool:
    """Whether a model or form field carries the plausible-date check."""
    return any(isinstance(validator, PlausibleDateValidator) for validator in field.validators)


# Form fields ------------------------------------------------------------------------------------


def _bound(kind: DateKind, end: int, fmt: str) -> str:
    return window(kind)[end].strftime(fmt)


def check_form_field(field: forms.Field, kind: DateKind | str = DateKind.RECORD) -> forms.Field:
    """Give a form's date or date-time field the check, and its input the window (the browser's date picker
    then offers only plausible days). The bounds are lazy: a server running for months keeps them current."""
    kind = DateKind(kind)
    if not is_checked(field):
        field.validators.append(PlausibleDateValidator(kind))
    if isinstance(field, forms.DateTimeField):
        fmt = "%Y-%m-%dT00:00"
    elif isinstance(field, forms.DateField):
        fmt = "%Y-%m-%d"
    else:
        return field
    lazy_bound = lazy(partial(_bound, kind), str)
    field.widget.attrs.setdefault("min", lazy_bound(0, fmt))
    field.widget.attrs.setdefault("max", lazy_bound(1, fmt.replace("T00:00", "T23:59")))
    return field


class DateField(forms.DateField):
    """forms.DateField with the plausible-date check of its kind."""

    def __init__(self, *args, kind: DateKind | str = DateKind.RECORD, **kwargs):
        super().__init__(*args, **kwargs)
        check_form_field(self, kind)


class DateTimeField(forms.DateTimeField):
    """forms.DateTimeField with the plausible-date check of its kind."""

    def __init__(self, *args, kind: DateKind | str = DateKind.RECORD, **kwargs):
        super().__init__(*args, **kwargs)
        check_form_field(self, kind)


class DateFilter(django_filters.DateFilter):
    """django-filter's DateFilter with the check: a filter's date reaches SQL and date arithmetic too."""

    field_class = DateField


# Model fields -----------------------------------------------------------------------------------

PLAUSIBLE_KIND = "plausible_kind"


def plan_date(field: models.DateField) -> models.DateField:
    """Declare a model's date field a plan date (a window further ahead). No migration: only the check changes."""
    setattr(field, PLAUSIBLE_KIND, DateKind.PLAN)
    return field


def _is_checkable(field) -> bool:
    return (
        isinstance(field, models.DateField)  # DateTimeField is a DateField
        and field.editable
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
    )


def _check_model_field(field: models.DateField) -> None:
    if is_checked(field):
        return
    validator = PlausibleDateValidator(getattr(field, PLAUSIBLE_KIND, DateKind.RECORD))
    # On default_validators, not validators=: a field's deconstruction (its migrations) stays as it is.
    field.default_validators = [*field.default_validators, validator]
    field.__dict__.pop("validators", None)  # the cached list, if something read it already
    make_form_field = field.formfield

    def formfield(**kwargs):
        form_field = make_form_field(**kwargs)
        return check_form_field(form_field, validator.kind) if form_field is not None else None

    field.formfield = formfield


def is_project_model_path(app_config) -> bool:
    """An app of Jour's own (not Django's or a library's)."""
    return str(app_config.path).startswith(str(settings.BASE_DIR)) and "site-packages" not in str(app_config.path)


def is_project_model(model: type[models.Model]) -> bool:
    """A model of one of Jour's own apps (not Django's or a library's)."""
    from django.apps import apps

    return is_project_model_path(apps.get_app_config(model._meta.app_label))


def install(models_to_check=None) -> None:
    """Put the check on every editable date and date-time field of the project's models."""
    from django.apps import apps

    for model in models_to_check if models_to_check is not None else apps.get_models():
        if models_to_check is None and not is_project_model(model):
            continue
        for field in model._meta.local_fields:
            if _is_checkable(field):
                _check_model_field(field)
