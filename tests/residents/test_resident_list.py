"""The resident list's order, page by page: current residents first, then by latest intake, then no stay.

ResidentList finds each page's residents without sorting them all; these tests hold it to the order of
one plain query that does sort them all (the list's former implementation), on every page boundary.
"""

from datetime import date, timedelta

import pytest
from django.db.models import F, Max
from django.urls import reverse

from residents import views
from residents.models import Resident
from residents.services import ResidentList

from .factories import ChildFactory, ChildStayFactory, ResidentFactory, RoomFactory, StayFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


def _stay(resident, intake, discharge=None):
    return StayFactory(resident=resident, room=RoomFactory(beds=4), intake=intake, discharge=discharge)


def _reference(term: str = "", on: date = TODAY) -> list[int]:
    """Every resident sorted in SQL by (living here, latest intake, id): what each page must be cut from."""
    residents = (
        Resident.objects.search(term)
        .with_current(on)
        .annotate(last_intake=Max("stays__intake"))
        .order_by("-is_current", F("last_intake").desc(nulls_last=True), "-id")
    )
    return list(residents.values_list("id", flat=True))


@pytest.fixture
def population():
    """Named residents covering the order's edge cases, plus a few plain ones; returns the names' ids."""
    day = timedelta(days=1)
    r = {}
    # Living here: several stays, the current one not her first; another with a later intake; one whose
    # current stay ends soon and who has a next stay booked (her latest intake is in the future).
    r["current_many_stays"] = ResidentFactory(first_name="Anna")
    _stay(r["current_many_stays"], date(2024, 1, 1), date(2024, 3, 1))
    _stay(r["current_many_stays"], date(2026, 1, 10))
    r["current_later"] = ResidentFactory(first_name="Berit")
    _stay(r["current_later"], date(2026, 5, 1))
    r["current_booked_again"] = ResidentFactory(first_name="Cecilia")
    _stay(r["current_booked_again"], date(2025, 12, 1), TODAY + 5 * day)
    _stay(r["current_booked_again"], TODAY + 30 * day)
    # Not living here: only a future stay; two with the same latest intake (tie: newest resident first);
    # one whose latest stay ended today (discharge day: not living here); one long gone with two stays.
    r["future_only"] = ResidentFactory(first_name="Dana")
    _stay(r["future_only"], TODAY + 10 * day)
    r["tie_first"] = ResidentFactory(first_name="Eva")
    _stay(r["tie_first"], date(2025, 3, 1), date(2025, 4, 1))
    r["tie_second"] = ResidentFactory(first_name="Fia")
    _stay(r["tie_second"], date(2025, 3, 1), date(2025, 5, 1))
    r["left_today"] = ResidentFactory(first_name="Gun")
    _stay(r["left_today"], date(2026, 2, 1), TODAY)
    r["long_gone"] = ResidentFactory(first_name="Hanna")
    _stay(r["long_gone"], date(2019, 1, 1), date(2019, 2, 1))
    _stay(r["long_gone"], date(2020, 1, 1), date(2020, 2, 1))
    # Never stayed.
    r["never_old"] = ResidentFactory(first_name="Ida")
    r["never_new"] = ResidentFactory(first_name="Jenny")
    # Some more of each kind, so that pages of 2 or 3 cross every boundary.
    for i in range(4):
        _stay(ResidentFactory(first_name=f"Kim{i}"), date(2026, 4, 1) + i * day)
        _stay(ResidentFactory(first_name=f"Lo{i}"), date(2023, 6, 1) + i * day, date(2023, 8, 1))
        ResidentFactory(first_name=f"Mo{i}")
    return {name: resident.pk for name, resident in r.items()}


def test_the_order_of_the_edge_cases(population, staff):
    ids = [resident.pk for resident in ResidentList(user=staff, term="", on=TODAY)[0:100]]
    assert ids == _reference()
    position = {name: ids.index(pk) for name, pk in population.items()}
    assert (
        position["current_booked_again"]  # latest intake in the future, and living here
        < position["current_later"]
        < position["current_many_stays"]
        < position["future_only"]
        < position["left_today"]
        < position["tie_second"]  # same latest intake as tie_first, newer resident
        < position["tie_first"]
        < position["long_gone"]
        < position["never_new"]
        < position["never_old"]
    )
    assert ids[-5:] == sorted(ids[-5:], reverse=True)  # no stay: newest first


@pytest.mark.parametrize("size", [1, 2, 3, 7, 50])
@pytest.mark.parametrize("term", ["", "anna", "B-20", "nobody"])
def test_every_page_is_the_slice_of_the_full_order(population, staff, size, term):
    reference = _reference(term)
    residents = ResidentList(user=staff, term=term, on=TODAY)
    assert residents.count() == len(reference)
    pages = [residents[start : start + size] for start in range(0, len(reference) + size, size)]
    for number, page in enumerate(pages):
        assert [r.pk for r in page] == reference[number * size : (number + 1) * size]


def test_a_page_starting_beyond_every_stay(population, staff):
    # The walk over stays returns nothing: how many it would have passed is counted instead.
    reference = _reference()
    never = len([pk for pk in reference if not Resident.objects.get(pk=pk).stays.exists()])
    residents = ResidentList(user=staff, term="", on=TODAY)
    start = len(reference) - never + 1
    assert [r.pk for r in residents[start : start + 2]] == reference[start : start + 2]


def test_the_page_shows_what_the_list_shows(population, staff):
    anna = Resident.objects.get(pk=population["current_many_stays"])
    ChildFactory(mother=anna)
    stay = anna.stays.get(discharge__isnull=True)
    ChildStayFactory(stay=stay, child=ChildFactory(mother=anna))
    rows = {r.pk: r for r in ResidentList(user=staff, term="", on=TODAY)[0:100]}
    row = rows[anna.pk]
    assert (row.is_current, row.last_intake, row.children_count, row.current_room) == (
        True,
        date(2026, 1, 10),
        2,
        stay.room.name,
    )
    gone = rows[population["long_gone"]]
    assert (gone.is_current, gone.last_intake, gone.children_count, gone.current_room) == (
        False,
        date(2020, 1, 1),
        0,
        None,
    )
    never = rows[population["never_new"]]
    assert (never.is_current, never.last_intake, never.current_room) == (False, None, None)


def test_nobody_for_a_volunteer(population, volunteer_user):
    residents = ResidentList(user=volunteer_user, term="", on=TODAY)
    assert residents.count() == 0 and residents[0:50] == []


def test_the_list_page_paginates_in_that_order(population, staff_client, monkeypatch):
    import time_machine

    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    reference = _reference()
    seen = []
    with time_machine.travel(f"{TODAY.isoformat()} 10:00 +0200", tick=False):
        for number in range(1, len(reference) // 4 + 2):
            response = staff_client.get(reverse("residents:index"), {"page": number})
            page = response.context["page"]
            seen += [r.pk for r in page]
            html = response.content.decode()
            for resident in page:
                assert f'<a href="{reverse("residents:resident_detail", args=[resident.pk])}">' in html
    assert seen == reference
    assert response.context["page"].paginator.count == len(reference)
