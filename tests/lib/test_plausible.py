"""The plausible-date policy (jour/lib/plausible.py): one window per kind, on every date of every model and form."""

import datetime as dt
import importlib
import pkgutil

import django_filters
import pytest
import time_machine
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.test.utils import isolate_apps
from django.utils import timezone

from jour.lib import plausible
from jour.lib.plausible import DateKind, PlausibleDateValidator, is_checked, window

# Every top-level package of the project's own apps (a new app is checked without being listed here).
PROJECT_PACKAGES = tuple(
    sorted({config.name.split(".")[0] for config in apps.get_app_configs() if plausible.is_project_model_path(config)})
)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        yield


def test_a_record_date_lies_between_1900_and_two_years_ahead():
    assert window(DateKind.RECORD) == (dt.date(1900, 1, 1), dt.date(2028, 3, 1))


def test_a_plan_date_may_lie_ten_years_ahead():
    assert window(DateKind.PLAN) == (dt.date(1900, 1, 1), dt.date(2036, 3, 1))


def test_the_window_from_a_leap_day_ends_on_the_28th():
    assert window(DateKind.RECORD, today=dt.date(2028, 2, 29))[1] == dt.date(2030, 2, 28)


@pytest.mark.parametrize(
    "value",
    [dt.date(1899, 12, 31), dt.date(2028, 3, 2), dt.date(9999, 12, 31), dt.datetime(9999, 12, 31, 23, 59)],
)
def test_outside_the_window_is_refused_in_swedish(value):
    with pytest.raises(ValidationError) as error:
        PlausibleDateValidator()(value)
    assert error.value.code == "implausible_date"
    assert error.value.messages == ["Ange ett datum mellan 1900-01-01 och 2028-03-01."]


@pytest.mark.parametrize(
    "value",
    [None, dt.date(1900, 1, 1), dt.date(2028, 3, 1), timezone.make_aware(dt.datetime(2027, 1, 1, 12, 0))],
)
def test_inside_the_window_passes(value):
    PlausibleDateValidator()(value)


def test_an_aware_time_at_the_very_end_of_time_is_refused_without_overflowing():
    with pytest.raises(ValidationError):
        PlausibleDateValidator(DateKind.PLAN)(dt.datetime.max.replace(tzinfo=dt.UTC))


# Every date field is covered: the model's, the ModelForm's and the hand-declared ones --------------------


def _project_models():
    return [model for model in apps.get_models() if plausible.is_project_model(model)]


def _date_fields(model):
    return [
        field
        for field in model._meta.local_fields
        if isinstance(field, models.DateField) and field.editable and not (field.auto_now or field.auto_now_add)
    ]


def test_every_editable_date_of_the_projects_models_is_checked_on_the_model_and_its_form_field():
    fields = [field for model in _project_models() for field in _date_fields(model)]
    assert len(fields) > 30  # the walk found the apps' models
    for field in fields:
        assert is_checked(field), field
        assert is_checked(field.formfield()), field


def test_plan_dates_are_declared_next_to_the_field():
    from residents.plans.models import SafetyPlan
    from volunteers.models import Meeting

    assert Meeting._meta.get_field("starts_at").validators[-1].kind == DateKind.PLAN
    assert SafetyPlan._meta.get_field("review_on").validators[-1].kind == DateKind.PLAN
    from residents.models import Stay

    assert Stay._meta.get_field("intake").validators[-1].kind == DateKind.RECORD


def test_the_check_does_not_change_a_fields_migration():
    from residents.models import Stay

    _name, _path, _args, kwargs = Stay._meta.get_field("intake").deconstruct()
    assert "validators" not in kwargs


@isolate_apps("jour.lib")
def test_a_new_model_gets_the_check_without_declaring_anything():
    class Visit(models.Model):
        on = models.DateField()
        next_on = plausible.plan_date(models.DateField(null=True))
        logged = models.DateTimeField(auto_now_add=True)

        class Meta:
            app_label = "lib"

    plausible.install([Visit])
    visit = Visit(on=dt.date(9999, 1, 1), next_on=dt.date(2035, 1, 1))
    with pytest.raises(ValidationError) as error:
        visit.full_clean(exclude=["logged"])
    assert set(error.value.message_dict) == {"on"}
    assert not is_checked(Visit._meta.get_field("logged"))

    class VisitForm(forms.ModelForm):
        class Meta:
            model = Visit
            fields = ["on", "next_on"]

    form = VisitForm({"on": "1899-12-31", "next_on": "2035-01-01"})
    assert not form.is_valid()
    assert form.errors["on"] == ["Ange ett datum mellan 1900-01-01 och 2028-03-01."]
    # The date picker offers only the window.
    html = str(VisitForm()["on"])
    assert 'min="1900-01-01"' in html and 'max="2028-03-01"' in html


def _import_project_modules(leaf: str) -> None:
    for package_name in PROJECT_PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            if info.name.rsplit(".", 1)[-1] == leaf:
                importlib.import_module(info.name)


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def test_every_date_field_declared_on_a_form_or_filter_is_checked():
    """A hand-declared forms.DateField bypasses the model's check: it must be plausible.DateField (or
    DateTimeField, or a plausible.DateFilter) — this fails for one that is not."""
    _import_project_modules("forms")
    _import_project_modules("filters")
    unchecked = []
    for form_class in _subclasses(forms.BaseForm):
        if not form_class.__module__.startswith(PROJECT_PACKAGES):
            continue
        for name, field in getattr(form_class, "base_fields", {}).items():
            if isinstance(field, forms.DateField | forms.DateTimeField) and not is_checked(field):
                unchecked.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    for filterset in _subclasses(django_filters.FilterSet):
        if not filterset.__module__.startswith(PROJECT_PACKAGES):
            continue
        for name, date_filter in filterset.base_filters.items():
            field = date_filter.field
            if isinstance(field, forms.DateField | forms.DateTimeField) and not is_checked(field):
                unchecked.append(f"{filterset.__module__}.{filterset.__name__}.{name}")
    assert unchecked == []
