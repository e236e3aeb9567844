"""The statistics cache: a period's numbers are kept under the version of its contacts (issue 9: scale and speed).

The versions are kept by PostgreSQL triggers (calls migration 0003), so every write counts, whatever makes
it: the ORM, raw SQL, COPY. These tests commit their writes, as production does (every request is its own
transaction).
"""

from __future__ import annotations

import pickle
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from jour.calls.models import Kind, Residence, StatisticsVersion, SupportContact
from jour.calls.stats import contact_statistics, period_version
from jour.demo.copy import Loader
from jour.shelter.models import Municipality
from tests.calls.factories import RecurringContactFactory, SupportContactFactory
from tests.db import owner_connection

pytestmark = pytest.mark.django_db(transaction=True)
STHLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture(autouse=True)
def _march_2026():
    # A transactional test starts from empty tables, without the municipalities migration loaded.
    Municipality.objects.get_or_create(
        code="0136", defaults={"name": "Haninge", "county_code": "01", "county_name": "Stockholms län"}
    )
    cache.clear()
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        yield
    cache.clear()


YEAR = {"start": date(2025, 1, 1), "end": date(2025, 12, 31), "home_municipality_code": "0136"}
V2025 = {"start": date(2025, 1, 1), "end": date(2025, 12, 31)}


def _support(staff, n: int, month: int = 5, year: int = 2025) -> list[SupportContact]:
    return [
        SupportContactFactory(staff=staff, started_at=datetime(year, month, 1 + i, 9, tzinfo=UTC)) for i in range(n)
    ]


def _sql(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _queries(**period) -> int:
    with CaptureQueriesContext(connection) as ctx:
        contact_statistics(**period)
    return len(ctx.captured_queries)


# The version ------------------------------------------------------------------------------------


def test_the_version_changes_with_every_orm_write_in_the_period(staff):
    (contact,) = _support(staff, 1)
    versions = [period_version(**V2025)]
    _support(staff, 1, month=7)  # insert
    versions.append(period_version(**V2025))
    contact.kind = Kind.SILENT
    contact.save()  # update
    versions.append(period_version(**V2025))
    SupportContact.objects.filter(pk=contact.pk).update(duration_minutes=5)  # bulk update
    versions.append(period_version(**V2025))
    contact.delete()  # delete
    versions.append(period_version(**V2025))
    assert None not in versions
    assert len(set(versions)) == len(versions)
    assert period_version(**V2025) == versions[-1]  # reading changes nothing


def test_the_version_changes_with_raw_sql_and_copy(staff):
    (contact,) = _support(staff, 1)
    before = period_version(**V2025)
    _sql("UPDATE calls_supportcontact SET kind = 'prank' WHERE id = %s", [contact.pk])
    after_update = period_version(**V2025)
    _sql("DELETE FROM calls_supportcontact WHERE id = %s", [contact.pk])
    after_delete = period_version(**V2025)
    # COPY, as the national demo loader writes contacts.
    loader = Loader()
    september = datetime(2025, 9, 1, 9, tzinfo=UTC)
    rows = [(i, september, "phone", "support", "unknown", staff.pk, staff.pk) for i in loader.ids(SupportContact, 3)]
    loader.copy(SupportContact, ["id", "started_at", "channel", "kind", "residence", "staff_id", "created_by_id"], rows)
    after_copy = period_version(**V2025)
    assert len({before, after_update, after_delete, after_copy}) == 4
    assert contact_statistics(**YEAR).support_contacts == 3


def test_moving_a_contact_changes_the_month_it_left_and_the_month_it_joined(staff):
    (contact,) = _support(staff, 1, year=2024)
    _support(staff, 1, year=2025)
    v2024, v2025 = period_version(start=date(2024, 1, 1), end=date(2024, 12, 31)), period_version(**V2025)
    contact.started_at = datetime(2025, 6, 1, 9, tzinfo=UTC)
    contact.save()
    assert period_version(start=date(2024, 1, 1), end=date(2024, 12, 31)) != v2024
    assert period_version(**V2025) != v2025


def test_contacts_outside_the_period_leave_its_version_alone(staff):
    (outside,) = _support(staff, 1, month=6, year=2024)
    _support(staff, 1)
    version = period_version(**V2025)
    _support(staff, 2, month=2, year=2026)
    outside.kind = Kind.TEST
    outside.save()
    outside.delete()
    assert period_version(**V2025) == version


def test_a_contact_just_after_local_midnight_counts_for_its_local_year(staff):
    # 00:30 on 1 January 2026 in Stockholm is still December 2025 in UTC, where the versions are kept.
    _support(staff, 1, month=2, year=2026)
    v2026 = period_version(start=date(2026, 1, 1), end=date(2026, 12, 31))
    SupportContactFactory(staff=staff, started_at=datetime(2026, 1, 1, 0, 30, tzinfo=STHLM))
    assert period_version(start=date(2026, 1, 1), end=date(2026, 12, 31)) != v2026


def test_a_change_of_where_a_recurring_contact_lives_changes_the_months_of_her_contacts(staff):
    recurring = RecurringContactFactory(created_by=staff)
    SupportContactFactory(staff=staff, recurring_contact=recurring, started_at=datetime(2025, 5, 1, 9, tzinfo=UTC))
    _support(staff, 1, year=2024)
    v2024, v2025 = period_version(start=date(2024, 1, 1), end=date(2024, 12, 31)), period_version(**V2025)
    RecurringContactFactory(created_by=staff)  # a new code changes no number
    recurring.pseudonym = "Stina"
    recurring.save()  # nor does her pseudonym
    assert period_version(**V2025) == v2025
    recurring.residence, recurring.municipality_id = Residence.MUNICIPALITY, "0136"
    recurring.save()
    assert period_version(**V2025) != v2025
    assert period_version(start=date(2024, 1, 1), end=date(2024, 12, 31)) == v2024  # none of hers there
    v2025 = period_version(**V2025)
    _sql("UPDATE calls_recurringcontact SET residence = 'abroad', municipality_id = NULL WHERE id = %s", [recurring.pk])
    assert period_version(**V2025) != v2025


def test_truncating_the_contacts_changes_every_version(staff):
    _support(staff, 1)
    version = period_version(**V2025)
    # Only the owner may TRUNCATE (the app role has no such privilege).
    with owner_connection() as conn, conn.cursor() as cursor:
        cursor.execute("TRUNCATE calls_supportcontact")
    assert period_version(**V2025) != version


def test_no_version_for_an_empty_period_nor_in_a_transaction_that_wrote(staff):
    assert period_version(**V2025) is None
    _support(staff, 1)
    assert period_version(**V2025) is not None
    with transaction.atomic():
        _support(staff, 1, month=8)
        assert period_version(**V2025) is None


def test_the_versions_are_a_few_rows_per_month(staff):
    _support(staff, 20)  # twenty statements in May
    assert StatisticsVersion.objects.filter(month=date(2025, 5, 1)).count() <= 8


# The cache --------------------------------------------------------------------------------------


def test_a_past_year_is_read_from_the_cache_until_a_row_changes(staff):
    contacts = _support(staff, 3)
    first = contact_statistics(**YEAR)
    assert first.support_contacts == 3
    assert _queries(**YEAR) == 1  # the version only
    assert contact_statistics(**YEAR) == first

    contacts[0].kind = Kind.SILENT
    contacts[0].save()
    assert contact_statistics(**YEAR).support_contacts == 2
    SupportContact.objects.filter(pk=contacts[0].pk).update(kind=Kind.SUPPORT)
    assert contact_statistics(**YEAR).support_contacts == 3
    _sql("UPDATE calls_supportcontact SET kind = 'hang_up' WHERE id = %s", [contacts[1].pk])
    assert contact_statistics(**YEAR).support_contacts == 2
    _sql("DELETE FROM calls_supportcontact WHERE id = %s", [contacts[2].pk])
    assert contact_statistics(**YEAR).support_contacts == 1
    _support(staff, 2)
    assert contact_statistics(**YEAR).support_contacts == 3
    assert _queries(**YEAR) == 1


def test_a_recurring_contact_moving_is_seen_at_once(staff):
    recurring = RecurringContactFactory(created_by=staff)
    SupportContactFactory(staff=staff, recurring_contact=recurring, started_at=datetime(2025, 5, 1, 9, tzinfo=UTC))
    assert contact_statistics(**YEAR).persons.unknown == 1
    recurring.residence, recurring.municipality_id = Residence.MUNICIPALITY, "0136"
    recurring.save()
    moved = contact_statistics(**YEAR)
    assert (moved.persons.inside, moved.persons.unknown) == (1, 0)


def test_a_transaction_that_wrote_computes_afresh_and_leaves_no_trace(staff):
    _support(staff, 2)
    assert contact_statistics(**YEAR).support_contacts == 2
    with pytest.raises(RuntimeError), transaction.atomic():
        (added,) = _support(staff, 1)
        assert contact_statistics(**YEAR).support_contacts == 3
        SupportContact.objects.filter(pk=added.pk).update(kind=Kind.PRANK)
        assert contact_statistics(**YEAR).support_contacts == 2
        raise RuntimeError("roll back")
    assert contact_statistics(**YEAR).support_contacts == 2
    assert _queries(**YEAR) == 1


def test_the_current_year_is_cached_until_the_next_contact(staff):
    SupportContactFactory(staff=staff, started_at=datetime(2026, 2, 1, 9, tzinfo=UTC))
    this_year = {"start": date(2026, 1, 1), "end": date(2026, 12, 31), "home_municipality_code": "0136"}
    assert contact_statistics(**this_year).support_contacts == 1
    assert _queries(**this_year) == 1
    SupportContactFactory(staff=staff)  # now
    assert contact_statistics(**this_year).support_contacts == 2


def test_the_key_holds_the_home_municipality(staff):
    _support(staff, 1)
    assert contact_statistics(**YEAR).home_municipality_code == "0136"
    assert contact_statistics(**{**YEAR, "home_municipality_code": "0180"}).home_municipality_code == "0180"


def test_a_new_statistics_format_never_reads_what_the_format_before_it_cached(staff, monkeypatch):
    from jour.calls import stats

    _support(staff, 3)
    contact_statistics(**YEAR)
    assert _queries(**YEAR) == 1
    monkeypatch.setattr(stats, "STATISTICS_FORMAT", stats.STATISTICS_FORMAT + 1)
    assert _queries(**YEAR) > 1  # computed afresh under the new format
    assert _queries(**YEAR) == 1


def test_the_value_survives_a_shared_cache_between_processes(staff, tmp_path):
    _support(staff, 2)
    shared = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}}
    with override_settings(CACHES=shared):
        first = contact_statistics(**YEAR)
        assert pickle.loads(pickle.dumps(first)) == first
        # Another process: same key, the value read back from the files.
        assert _queries(**YEAR) == 1
        assert contact_statistics(**YEAR) == first
        assert len(list(tmp_path.iterdir())) == 1
