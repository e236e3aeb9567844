"""contact_statistics() on a fixed dataset, against numbers computed by hand (see the table below)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jour.calls.models import Residence, SupportContact
from jour.calls.stats import PersonCounts, contact_statistics
from jour.shelter.models import Municipality, ShelterProfile
from residents.models import Resident

from .factories import RecurringContactFactory, SupportContactFactory

STHLM = ZoneInfo("Europe/Stockholm")
HOME, OTHER = "0136", "0126"  # Haninge (the shelter), Huddinge
YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def at(y, m, d, hh=10, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=STHLM)


def place(code=None, residence=None):
    if code:
        return {"residence": Residence.MUNICIPALITY, "municipality_id": code}
    return {"residence": residence or Residence.UNKNOWN, "municipality": None}


@pytest.fixture
def dataset(db, staff):
    profile = ShelterProfile.load()
    profile.municipality = Municipality.objects.get(code=HOME)
    profile.save()
    r1 = RecurringContactFactory(created_by=staff, **place(HOME))  # lives in the municipality
    r2 = RecurringContactFactory(created_by=staff, **place(residence=Residence.ABROAD))
    r3 = RecurringContactFactory(created_by=staff)  # only contacts before the period
    p1 = Resident.objects.create(first_name="Test", last_name="Boende")

    def contact(n, when, channel, kind, **kw):
        kw.setdefault("caller", "woman")
        for key, value in place(kw.pop("code", None), kw.pop("res", None)).items():
            kw.setdefault(key, value)
        return SupportContactFactory(staff=staff, started_at=when, channel=channel, kind=kind, **kw)

    # n  when                 channel    kind           person / answers
    contact(
        1,
        at(2026, 1, 10),
        "phone",
        "support",
        recurring_contact=r1,
        duration_minutes=20,
        violence_types=["physical", "psychological"],
        outcomes=["meeting_offered"],
        topics=["safety"],
    )
    contact(
        2,
        at(2026, 2, 3),
        "meeting",
        "support",
        recurring_contact=r1,
        duration_minutes=60,
        violence_types=["psychological"],
        code=OTHER,
    )  # r1's own place counts, not the contact's
    contact(3, at(2026, 3, 1), "phone", "information", recurring_contact=r1, duration_minutes=5)
    contact(
        4,
        at(2026, 1, 15),
        "email",
        "support",
        recurring_contact=r2,
        code=HOME,
        outcomes=["meeting_booked"],
        housing_requested=True,
        housing_outcome="no_place",
    )
    contact(5, at(2026, 1, 16), "phone", "silent", recurring_contact=r2, duration_minutes=2)
    contact(6, at(2026, 4, 2), "phone", "support", resident=p1, duration_minutes=30, violence_types=["economic"])
    contact(7, at(2026, 4, 20), "chat", "support", resident=p1, duration_minutes=15, code=OTHER)
    contact(
        8,
        at(2026, 5, 5),
        "phone",
        "support",
        caller="relative",
        code=HOME,
        duration_minutes=10,
        housing_requested=True,
        housing_outcome="offered",
    )
    contact(
        9,
        at(2026, 5, 6),
        "sms",
        "support",
        caller="professional",
        code=OTHER,
        duration_minutes=8,
        violence_types=["physical"],
    )
    contact(
        10,
        at(2026, 6, 1),
        "phone",
        "support",
        res=Residence.ABROAD,
        duration_minutes=12,
        outcomes=["meeting_offered", "police"],
    )
    contact(11, at(2026, 6, 2), "meeting", "support", duration_minutes=45, violence_types=["sexual", "physical"])
    contact(12, at(2026, 12, 31, 23, 30), "phone", "information", caller="unknown", code=HOME, duration_minutes=3)
    contact(13, at(2026, 7, 1), "phone", "hang_up", duration_minutes=1)
    contact(14, at(2026, 7, 2), "phone", "wrong_number")
    contact(15, at(2026, 7, 3), "phone", "prank", caller="man")
    contact(16, at(2026, 7, 4), "phone", "test")
    contact(
        17,
        at(2026, 7, 5),
        "phone",
        "silent",
        code=HOME,
        violence_types=["digital"],
        outcomes=["meeting_offered"],
        housing_requested=True,
    )
    contact(18, at(2025, 12, 31, 23, 30), "phone", "support", code=HOME)  # the day before the period
    contact(
        19,
        at(2026, 8, 8),
        "phone",
        "support",
        code=HOME,
        duration_minutes=25,
        housing_requested=True,
        outcomes=["social_services"],
    )
    contact(20, at(2025, 6, 1), "phone", "support", recurring_contact=r3)
    contact(21, at(2027, 1, 1, 0, 10), "phone", "support", code=HOME)  # the day after
    return {"r1": r1, "r2": r2, "p1": p1}


@pytest.fixture
def stats(dataset):
    return contact_statistics(start=YEAR[0], end=YEAR[1])


def test_contacts_and_non_data_kinds(stats):
    assert stats.contacts_total == 18
    assert stats.non_data_contacts == 6
    assert stats.support_contacts == 12
    assert stats.minutes_total == 233  # the non-data contacts' minutes are not support
    assert stats.by_kind == {
        "support": 10,
        "information": 2,
        "silent": 2,
        "hang_up": 1,
        "wrong_number": 1,
        "prank": 1,
        "test": 1,
    }
    assert stats.by_channel == {"phone": 7, "email": 1, "chat": 1, "sms": 1, "meeting": 2, "other": 0}
    assert stats.channel_kind["phone"] == {
        "support": 5,
        "information": 2,
        "silent": 2,
        "hang_up": 1,
        "wrong_number": 1,
        "prank": 1,
        "test": 1,
    }
    assert stats.channel_kind["meeting"]["support"] == 2
    assert sum(stats.channel_kind["other"].values()) == 0


def test_unique_persons_and_the_inside_outside_split(stats):
    # r1 (inside by her code), r2 (abroad by her code), p1 (outside: one contact in Huddinge),
    # and six unattached support contacts: #8 #12 #19 inside, #9 #10 outside, #11 unknown.
    assert stats.persons == PersonCounts(total=9, inside=4, outside=4, unknown=1)
    assert stats.women == PersonCounts(total=6, inside=2, outside=3, unknown=1)


def test_personal_meetings_offered_and_held_are_unique_persons(stats):
    assert stats.meeting_offered == PersonCounts(total=3, inside=1, outside=2, unknown=0)
    assert stats.meeting_held == PersonCounts(total=2, inside=1, outside=0, unknown=1)
    assert stats.meetings_held_contacts == 2


def test_housing_callers_and_multi_valued_answers(stats):
    assert stats.housing_requests == 3
    assert stats.housing_outcomes == {"": 1, "offered": 1, "no_place": 1, "not_suitable": 0}
    assert stats.callers == {
        "woman": 9,
        "relative": 1,
        "professional": 1,
        "man": 0,
        "trans": 0,
        "other": 0,
        "unknown": 1,
    }
    assert stats.violence_types == {
        "physical": 3,
        "psychological": 2,
        "sexual": 1,
        "economic": 1,
        "latent": 0,
        "digital": 0,  # only named on a silent call
        "honour": 0,
        "neglect": 0,
    }
    assert stats.topics["safety"] == 1 and sum(stats.topics.values()) == 1
    assert {k: v for k, v in stats.outcomes.items() if v} == {
        "meeting_offered": 2,
        "meeting_booked": 1,
        "police": 1,
        "social_services": 1,
    }


def test_per_month_has_every_month_and_counts_all_kinds(stats):
    assert list(stats.per_month) == [dt.date(2026, m, 1) for m in range(1, 13)]
    nonzero = {m.month: {c: n for c, n in counts.items() if n} for m, counts in stats.per_month.items()}
    assert nonzero == {
        1: {"phone": 2, "email": 1},
        2: {"meeting": 1},
        3: {"phone": 1},
        4: {"phone": 1, "chat": 1},
        5: {"phone": 1, "sms": 1},
        6: {"phone": 1, "meeting": 1},
        7: {"phone": 5},
        8: {"phone": 1},
        9: {},
        10: {},
        11: {},
        12: {"phone": 1},  # 23:30 on New Year's Eve, local time
    }
    assert sum(sum(c.values()) for c in stats.per_month.values()) == stats.contacts_total


def test_another_home_municipality_moves_persons_between_buckets(dataset):
    stats = contact_statistics(start=YEAR[0], end=YEAR[1], home_municipality_code=OTHER)
    # Inside Huddinge: p1 and #9. r1, r2, #8, #10, #12, #19 outside; #11 unknown.
    assert stats.persons == PersonCounts(total=9, inside=2, outside=6, unknown=1)


def test_period_bounds_are_local_days(dataset):
    day_before = contact_statistics(start=dt.date(2025, 12, 31), end=dt.date(2025, 12, 31))
    assert (day_before.contacts_total, day_before.support_contacts) == (1, 1)
    assert day_before.persons == PersonCounts(total=1, inside=1, outside=0, unknown=0)
    assert list(day_before.per_month) == [dt.date(2025, 12, 1)]
    two_years = contact_statistics(start=dt.date(2025, 1, 1), end=dt.date(2026, 12, 31))
    # r3 appears with her 2025 contact; #18 is one more unattached person.
    assert two_years.persons.total == 11
    assert len(two_years.per_month) == 24


def test_a_purged_resident_leaves_her_contacts_as_anonymous_support(dataset):
    dataset["p1"].delete()
    stats = contact_statistics(start=YEAR[0], end=YEAR[1])
    assert stats.support_contacts == 12
    assert stats.persons.total == 10  # her two contacts now count as two persons
    assert SupportContact.objects.filter(resident__isnull=True).count() == 21


def _stats_queries(home):
    with CaptureQueriesContext(connection) as ctx:
        contact_statistics(start=YEAR[0], end=YEAR[1], home_municipality_code=home)
    return len(ctx.captured_queries)


def test_same_number_of_queries_at_10_and_10_000_contacts(db, staff):
    r1 = RecurringContactFactory(created_by=staff)
    rows = [
        SupportContact(
            started_at=at(2026, 1 + i % 11, 1 + i % 28),
            channel=["phone", "email", "chat", "sms", "meeting"][i % 5],
            kind=["support", "information", "silent"][i % 3],
            staff=staff,
            created_by=staff,
            residence=Residence.MUNICIPALITY,
            municipality_id=HOME if i % 2 else OTHER,
            recurring_contact=r1 if i % 7 == 0 else None,
            violence_types=["physical"] if i % 4 == 0 else [],
        )
        for i in range(10_000)
    ]
    SupportContact.objects.bulk_create(rows[:10])
    small = _stats_queries(HOME)
    SupportContact.objects.bulk_create(rows[10:], batch_size=2000)
    assert SupportContact.objects.count() == 10_000
    large = _stats_queries(HOME)
    assert small == large <= 7  # the version, savepoint, SET LOCAL, three SELECTs, release
    assert contact_statistics(start=YEAR[0], end=YEAR[1], home_municipality_code=HOME).contacts_total == 10_000


@pytest.mark.django_db(transaction=True)
def test_a_closed_period_is_cached_until_one_of_its_contacts_changes(staff):
    from django.core.cache import cache

    cache.clear()
    first = SupportContactFactory(staff=staff, started_at=at(2025, 3, 1), kind="support")
    SupportContactFactory(staff=staff, started_at=at(2025, 4, 1), kind="support")
    period = {"start": dt.date(2025, 1, 1), "end": dt.date(2025, 12, 31), "home_municipality_code": HOME}
    assert contact_statistics(**period).support_contacts == 2
    with CaptureQueriesContext(connection) as ctx:
        assert contact_statistics(**period).support_contacts == 2
    assert len(ctx.captured_queries) == 1  # the version only
    first.kind = "prank"
    first.save()
    changed = contact_statistics(**period)
    assert (changed.support_contacts, changed.non_data_contacts) == (1, 1)
    first.delete()
    assert contact_statistics(**period).contacts_total == 1
    # The current year is cached the same way, until the next contact.
    this_year = timezone.localdate().year
    current = {"start": dt.date(this_year, 1, 1), "end": dt.date(this_year, 12, 31), "home_municipality_code": HOME}
    SupportContactFactory(staff=staff, started_at=timezone.now(), kind="support")
    assert contact_statistics(**current).support_contacts == 1
    with CaptureQueriesContext(connection) as ctx:
        assert contact_statistics(**current).support_contacts == 1
    assert len(ctx.captured_queries) == 1
    SupportContactFactory(staff=staff, started_at=timezone.now(), kind="support")
    assert contact_statistics(**current).support_contacts == 2
