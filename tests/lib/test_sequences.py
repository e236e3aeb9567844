"""The yearly number series (jour/lib/sequences.py), through the two tables that use it."""

import pytest

from jour.calls.models import RecurringContactSequence
from residents.models import CaseNumberCounter

pytestmark = pytest.mark.django_db

# Concurrency: tests/calls/test_recurring.py::test_concurrent_creation_never_hands_out_a_number_twice.


@pytest.mark.parametrize("sequence", [CaseNumberCounter, RecurringContactSequence])
def test_each_year_counts_from_one_in_its_own_table(sequence):
    assert [sequence.next_number(2030) for _ in range(3)] == [1, 2, 3]
    assert sequence.next_number(2031) == 1
    assert sequence.objects.get(year=2030).last == 3


def test_the_two_series_are_apart():
    CaseNumberCounter.next_number(2030)
    assert RecurringContactSequence.next_number(2030) == 1


def test_continue_after_a_bulk_load_never_goes_back():
    CaseNumberCounter.next_number(2030)
    CaseNumberCounter.continue_after({2030: 40, 2031: 7})
    assert CaseNumberCounter.next_number(2030) == 41 and CaseNumberCounter.next_number(2031) == 8
    CaseNumberCounter.continue_after({2030: 5})
    assert CaseNumberCounter.next_number(2030) == 42
