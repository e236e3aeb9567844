"""Question 5's two counts alone (calls.stats.meeting_persons) equal those of the whole statistics."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest

from jour.calls.models import Caller, Channel, Kind, Outcome, RecurringContact, Residence, SupportContact
from jour.calls.stats import _contact_statistics, _meeting_persons
from jour.shelter.models import Municipality
from residents.models import Resident
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Europe/Stockholm")
HOME, ELSEWHERE = "0136", "0126"


def _contacts(rng: random.Random, n: int) -> None:
    staff = UserFactory()
    places = [(Residence.MUNICIPALITY, HOME), (Residence.MUNICIPALITY, ELSEWHERE), (Residence.ABROAD, None),
              (Residence.UNKNOWN, None)]  # fmt: skip
    recurring = []
    for number in range(1, 15):
        residence, code = rng.choice(places)
        recurring.append(
            RecurringContact.objects.create(
                code=RecurringContact.format_code(2025, number),
                year=2025,
                number=number,
                residence=residence,
                municipality_id=code,
                created_by=staff,
            )  # fmt: skip
        )
    residents = [Resident.objects.create(first_name="Test", last_name="Boende", birth_year=1990) for _ in range(4)]
    rows = []
    for i in range(n):
        residence, code = rng.choice(places)
        attached = rng.random()
        rows.append(
            SupportContact(
                # Around the year's edges too: the last local hours of 2024 and 2025 and the first of 2026.
                started_at=dt.datetime(2025, 1, 1, tzinfo=TZ) + dt.timedelta(hours=rng.randrange(-30, 365 * 24 + 30)),
                channel=rng.choice([Channel.PHONE, Channel.MEETING, Channel.EMAIL]),
                kind=rng.choice([Kind.SUPPORT, Kind.INFORMATION, Kind.SILENT]),
                caller=rng.choice([Caller.WOMAN, Caller.UNKNOWN]),
                residence=residence,
                municipality_id=code,
                recurring_contact=rng.choice(recurring) if attached < 0.4 else None,
                resident=rng.choice(residents) if 0.4 <= attached < 0.5 else None,
                outcomes=rng.choice([[], [Outcome.MEETING_OFFERED], [Outcome.MEETING_BOOKED], [Outcome.POLICE]]),
                staff=staff,
                created_by=staff,
            )
        )
    SupportContact.objects.bulk_create(rows)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_two_counts_alone_equal_the_whole_statistics(seed):
    for code, name in ((HOME, "Haninge"), (ELSEWHERE, "Huddinge")):
        Municipality.objects.get_or_create(code=code, defaults={"name": name, "county_code": "01", "county_name": "S"})
    _contacts(random.Random(seed), 400)
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    whole = _contact_statistics(start=start, end=end, home_municipality_code=HOME)
    alone = _meeting_persons(start=start, end=end, home_municipality_code=HOME)
    assert whole.meeting_offered.total > 0 and whole.meeting_held.total > 0
    assert (alone.offered, alone.held) == (whole.meeting_offered, whole.meeting_held)
