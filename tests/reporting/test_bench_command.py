"""The benchmark command runs (with a small year) and leaves the database as it was."""

import io

import pytest
from django.core.management import call_command

from bench import report_pdf
from jour.calls.models import SupportContact
from reporting.models import FollowUpReport

from .factories import shelter_in

pytestmark = pytest.mark.django_db


def test_without_data_it_skips_and_says_so():
    out = io.StringIO()
    call_command(report_pdf.Command(), year=2025, stdout=out)
    assert "Skipped" in out.getvalue()


def test_it_times_the_pdf_and_rolls_its_data_back(settings, coordinator):
    settings.DEBUG = True
    shelter_in("0136")
    out = io.StringIO()
    call_command(report_pdf.Command(), year=2025, contacts=300, runs=1, generate=True, stdout=out)
    assert "Generated 300 contacts" in out.getvalue()
    assert "Follow-up 2025, 0136: numbers" in out.getvalue()
    assert not SupportContact.objects.exists() and not FollowUpReport.objects.exists()


def test_it_reuses_contacts_already_in_the_year(coordinator):
    from . import dataset

    shelter_in("0136")
    dataset.support_line(staff=coordinator, women=10, inside=9, contacts=290, offered=5, silent=0)
    out = io.StringIO()
    call_command(report_pdf.Command(), year=2025, contacts=300, runs=1, stdout=out)
    assert "Reusing the 290 contacts already in 2025." in out.getvalue()
    assert "Follow-up 2025, 0136: numbers" in out.getvalue()
    assert SupportContact.objects.count() == 290 and not FollowUpReport.objects.exists()
