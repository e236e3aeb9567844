"""One function counts nights; the follow-up report reuses it."""

from datetime import date

import pytest

from jour.shelter.models import Municipality
from residents import stats

from .factories import ChildFactory, ChildStayFactory, ResidentFactory, RoomFactory, StayFactory

pytestmark = pytest.mark.django_db


def _stay_with_children(n_children: int, **kwargs):
    stay = StayFactory(**kwargs)
    for _ in range(n_children):
        ChildStayFactory(stay=stay, child=ChildFactory(mother=stay.resident))
    return stay


def test_nights_across_the_year_boundary_are_split_between_the_years():
    # 28 Dec 2025 – 5 Jan 2026: nights of 28, 29, 30, 31 Dec and 1, 2, 3, 4 Jan.
    _stay_with_children(2, intake=date(2025, 12, 28), discharge=date(2026, 1, 5))
    old = stats.nights(start=date(2025, 1, 1), end=date(2025, 12, 31), today=date(2026, 6, 1))
    new = stats.nights(start=date(2026, 1, 1), end=date(2026, 12, 31), today=date(2026, 6, 1))
    assert (old.adults, old.children, old.adult_persons, old.child_persons) == (4, 8, 1, 2)
    assert (new.adults, new.children, new.adult_persons, new.child_persons) == (4, 8, 1, 2)
    both = stats.nights(start=date(2025, 1, 1), end=date(2026, 12, 31), today=date(2026, 6, 1))
    assert both.adults == old.adults + new.adults
    assert both.persons == 3


def test_open_stay_counts_up_to_today_and_filters_apply():
    haninge = Municipality.objects.get(code="0136")
    huddinge = Municipality.objects.get(code="0126")
    _stay_with_children(1, intake=date(2026, 3, 1), placing_municipality=haninge)
    StayFactory(
        intake=date(2026, 3, 10),
        discharge=date(2026, 3, 20),
        placed_by_social_services=False,
        placing_municipality=None,
        home_municipality=huddinge,
    )
    # A future open stay counts nothing yet.
    StayFactory(intake=date(2026, 5, 1))
    today = date(2026, 4, 1)
    everything = stats.nights(start=date(2026, 1, 1), end=date(2026, 12, 31), today=today)
    assert (everything.adults, everything.children) == (31 + 10, 31)
    assert everything.adult_persons == 2
    placed = stats.nights(start=date(2026, 1, 1), end=date(2026, 12, 31), placed_by_social_services=True, today=today)
    assert (placed.adults, placed.children) == (31, 31)
    unplaced = stats.nights(
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
        placed_by_social_services=False,
        home_municipality_code="0126",
        today=today,
    )
    assert (unplaced.adults, unplaced.children, unplaced.adult_persons) == (10, 0, 1)
    assert (
        stats.nights(start=date(2026, 1, 1), end=date(2026, 12, 31), municipality_code="0126", today=today).adults == 0
    )
    assert (
        stats.nights(start=date(2026, 1, 1), end=date(2026, 12, 31), municipality_code="0136", today=today).adults == 31
    )
    # A period that cuts the stay: 15 to 17 March inclusive is three nights of each.
    cut = stats.nights(start=date(2026, 3, 15), end=date(2026, 3, 17), today=today)
    assert (cut.adults, cut.children) == (6, 3)


def test_nights_per_month_lists_every_month_and_sums_to_the_total():
    _stay_with_children(1, intake=date(2025, 12, 30), discharge=date(2026, 2, 3))
    months = stats.nights_per_month(start=date(2025, 12, 1), end=date(2026, 4, 30), today=date(2026, 6, 1))
    assert [m.month for m in months] == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
        date(2026, 3, 1),
        date(2026, 4, 1),
    ]
    assert [(m.adults, m.children) for m in months] == [(2, 2), (31, 31), (2, 2), (0, 0), (0, 0)]
    total = stats.nights(start=date(2025, 12, 1), end=date(2026, 4, 30), today=date(2026, 6, 1))
    assert sum(m.total for m in months) == total.total


def test_occupancy_and_free_places():
    big = RoomFactory(name="A", beds=4)
    small = RoomFactory(name="B", beds=2)
    RoomFactory(name="C", beds=5, is_active=False)
    _stay_with_children(2, room=big, intake=date(2026, 1, 1))
    StayFactory(room=small, intake=date(2026, 1, 1), discharge=date(2026, 1, 11))
    on = date(2026, 1, 21)
    board = stats.occupancy(on=on)
    assert (board.beds, board.occupied, board.free) == (6, 3, 3)
    assert [(row.name, row.occupied, row.free) for row in board.rooms] == [("A", 3, 1), ("B", 0, 2)]
    # 1–20 January: 3 persons × 20 nights + 1 × 10 nights, of 6 beds × 20 nights.
    assert board.rate == pytest.approx((3 * 20 + 10) / (6 * 20))
    assert stats.free_places(on=on) == 3
    assert stats.free_places(on=date(2026, 1, 5)) == 2


def test_occupancy_runs_a_constant_number_of_queries(django_assert_max_num_queries):
    for n in range(10):
        room = RoomFactory(beds=4)
        _stay_with_children(2, room=room, intake=date(2026, 1, 1), resident=ResidentFactory())
    with django_assert_max_num_queries(3):
        board = stats.occupancy(on=date(2026, 2, 1))
        assert board.occupied == 30


def test_nights_of_one_stay_agree_with_the_period_function():
    stay = _stay_with_children(1, intake=date(2025, 12, 30), discharge=date(2026, 1, 2))
    assert stay.nights == 3
    total = stats.nights(start=date(2025, 1, 1), end=date(2026, 12, 31), today=date(2026, 6, 1))
    assert (total.adults, total.children) == (stay.nights, stay.nights)


def test_occupancy_lists_who_lives_in_each_room_and_the_months_of_the_year():
    room = RoomFactory(name="A", beds=6)
    RoomFactory(name="B", beds=2)
    # Someone still in a room taken out of use: neither the room nor she is on the board.
    StayFactory(room=RoomFactory(name="C", beds=2, is_active=False), intake=date(2026, 3, 1))
    first = StayFactory(
        room=room,
        intake=date(2026, 1, 5),
        resident=ResidentFactory(first_name="Amina", protection_level="protected_registration"),
    )
    ChildStayFactory(stay=first, child=ChildFactory(mother=first.resident, first_name="Yngst", birth_year=2020))
    ChildStayFactory(stay=first, child=ChildFactory(mother=first.resident, first_name="Äldst", birth_year=2012))
    # Her other child does not live here; a former stay in the room is not on the board.
    ChildFactory(mother=first.resident, first_name="Borta")
    StayFactory(room=room, intake=date(2025, 12, 1), discharge=date(2026, 1, 3))
    second = StayFactory(room=room, intake=date(2026, 2, 1), resident=ResidentFactory(first_name="Berit"))
    board = stats.occupancy(on=date(2026, 3, 10))
    assert [row.name for row in board.rooms] == ["A", "B"]
    a, b = board.rooms
    assert [(s.resident_id, s.first_name, s.protection_level, s.children) for s in a.stays] == [
        (first.resident_id, "Amina", "protected_registration", ("Äldst", "Yngst")),
        (second.resident_id, "Berit", "none", ()),
    ]
    assert (a.occupied, a.free, b.stays, b.free) == (4, 2, [], 2)
    assert (board.beds, board.occupied, board.free) == (8, 4, 4)
    assert [(m.month, m.adults, m.children) for m in board.months] == [
        (date(2026, 1, 1), 2 + 27, 2 * 27),
        (date(2026, 2, 1), 28 + 28, 2 * 28),
        (date(2026, 3, 1), 9 + 9 + 9, 2 * 9),
    ]
    used = stats.nights(start=date(2026, 1, 1), end=date(2026, 3, 9), today=date(2026, 3, 10)).total
    assert sum(m.total for m in board.months) == used
    assert board.rate == pytest.approx(used / (8 * 68))
    # 1 January: no night of the year yet, no months and no rate.
    new_year = stats.occupancy(on=date(2026, 1, 1))
    assert (new_year.months, new_year.rate) == ([], None)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2025, 1, 1), date(2026, 12, 31)),
        (date(2026, 2, 15), date(2026, 2, 15)),
        (date(2025, 12, 31), date(2026, 3, 1)),
    ],
)
def test_nights_per_month_agree_with_nights_for_any_period_and_filter(start, end):
    haninge = Municipality.objects.get(code="0136")
    today = date(2026, 4, 1)
    _stay_with_children(2, intake=date(2025, 11, 20), discharge=date(2026, 2, 16), placing_municipality=haninge)
    _stay_with_children(1, intake=date(2026, 2, 15), placed_by_social_services=False)  # open: counts up to today
    _stay_with_children(0, intake=date(2026, 1, 31), discharge=date(2026, 2, 1))  # one night
    _stay_with_children(3, intake=date(2026, 5, 1), room=RoomFactory(beds=4))  # not begun yet
    for filters in [{}, {"placed_by_social_services": False}, {"municipality_code": "0136"}]:
        months = stats.nights_per_month(start=start, end=end, today=today, **filters)
        total = stats.nights(start=start, end=end, today=today, **filters)
        assert months[0].month == start.replace(day=1) and months[-1].month == end.replace(day=1)
        assert (sum(m.adults for m in months), sum(m.children for m in months)) == (total.adults, total.children)
