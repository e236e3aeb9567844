"""A closed period's statistics come from the cache until any of its rows changes (issue 9: scale and speed)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import transaction

from jour.calls.models import Kind, SupportContact
from jour.calls.stats import contact_statistics
from tests.calls.factories import SupportContactFactory

# Committed writes, as in production (every request is its own transaction): the row versions change.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _march_2026():
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        yield


YEAR = {"start": date(2025, 1, 1), "end": date(2025, 12, 31), "home_municipality_code": "0136"}


def _support(staff, n: int) -> list[SupportContact]:
    return [SupportContactFactory(staff=staff, started_at=datetime(2025, 5, 1 + i, 9, tzinfo=UTC)) for i in range(n)]


def test_a_closed_year_is_read_from_the_cache_until_a_row_changes(staff, django_assert_num_queries):
    contacts = _support(staff, 3)
    first = contact_statistics(**YEAR)
    assert first.support_contacts == 3
    with django_assert_num_queries(1):  # the fingerprint only
        assert contact_statistics(**YEAR) == first

    contacts[0].kind = Kind.SILENT
    contacts[0].save()
    assert contact_statistics(**YEAR).support_contacts == 2
    # A bulk update leaves updated_at alone, but not the row version.
    SupportContact.objects.filter(pk=contacts[0].pk).update(kind=Kind.SUPPORT)
    assert contact_statistics(**YEAR).support_contacts == 3
    contacts[1].delete()
    assert contact_statistics(**YEAR).support_contacts == 2
    _support(staff, 2)
    assert contact_statistics(**YEAR).support_contacts == 4


def test_a_transaction_that_wrote_computes_afresh(staff):
    _support(staff, 2)
    with transaction.atomic():
        # Rows written by this transaction all carry its id as their version, before and after an update.
        (added,) = _support(staff, 1)
        assert contact_statistics(**YEAR).support_contacts == 3
        SupportContact.objects.filter(pk=added.pk).update(kind=Kind.PRANK)
        assert contact_statistics(**YEAR).support_contacts == 2


def test_the_current_period_is_never_cached(staff):
    SupportContactFactory(staff=staff, started_at=datetime(2026, 2, 1, 9, tzinfo=UTC))
    this_year = {"start": date(2026, 1, 1), "end": date(2026, 12, 31), "home_municipality_code": "0136"}
    assert contact_statistics(**this_year).support_contacts == 1
    SupportContactFactory(staff=staff, started_at=datetime(2026, 2, 2, 9, tzinfo=UTC))
    assert contact_statistics(**this_year).support_contacts == 2
