"""A support line and a housing year built to match the figures of the issue, fast (bulk_create).

143 women contacted the line, 138 of them living in the municipality (Haninge, 0136); staff held 2 137
support contacts; 133 persons were offered a personal meeting; nobody living in the municipality was
housed without social-services contact.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from jour.calls.models import Caller, Channel, Kind, Outcome, RecurringContact, Residence, SupportContact
from residents.models import Child, ChildStay, Resident, Room, Stay

HOME = "0136"
ELSEWHERE = "0126"
TZ = ZoneInfo("Europe/Stockholm")


def support_line(
    *,
    staff,
    year: int = 2025,
    women: int = 143,
    inside: int = 138,
    contacts: int = 2137,
    offered: int = 133,
    silent: int = 25,
    first_number: int = 1,
) -> None:
    recurring = RecurringContact.objects.bulk_create(
        RecurringContact(
            code=RecurringContact.format_code(year, first_number + n),
            year=year,
            number=first_number + n,
            residence=Residence.MUNICIPALITY,
            municipality_id=HOME if n < inside else ELSEWHERE,
            created_by=staff,
        )
        for n in range(women)
    )
    rows = []
    for i in range(contacts):
        woman = recurring[i % women]
        rows.append(
            SupportContact(
                started_at=dt.datetime(year, 1 + i % 12, 1 + i % 28, 10, 0, tzinfo=TZ),
                channel=Channel.EMAIL if i % 5 == 0 else Channel.PHONE,
                kind=Kind.SUPPORT,
                caller=Caller.WOMAN,
                residence=Residence.MUNICIPALITY,
                municipality_id=woman.municipality_id,
                recurring_contact=woman,
                # Her first contact: the first `offered` women were offered a personal meeting.
                outcomes=[Outcome.MEETING_OFFERED] if i < offered else [],
                staff=staff,
                created_by=staff,
            )
        )
    for i in range(silent):  # never support, never persons
        rows.append(
            SupportContact(
                started_at=dt.datetime(year, 1 + i % 12, 2, 22, 0, tzinfo=TZ),
                channel=Channel.PHONE,
                kind=Kind.SILENT,
                residence=Residence.UNKNOWN,
                staff=staff,
                created_by=staff,
            )
        )
    SupportContact.objects.bulk_create(rows, batch_size=2000)


def housing(*, year: int = 2025, placed: int = 2, unplaced_elsewhere: int = 1, room: str = "Rum A") -> None:
    """Stays placed by social services, plus one without placement by a woman from another municipality.

    Stays of 20 nights, four weeks apart from 1 February: at most 11 fit in the year."""
    room = Room.objects.create(name=room, beds=10)
    for n in range(placed + unplaced_elsewhere):
        resident = Resident.objects.create(first_name="Test", last_name=f"Boende{n}", birth_year=1990)
        stay = Stay.objects.create(
            resident=resident,
            room=room,
            intake=dt.date(year, 2, 1) + dt.timedelta(days=28 * n),
            discharge=dt.date(year, 2, 21) + dt.timedelta(days=28 * n),
            placed_by_social_services=n < placed,
            placing_municipality_id=HOME if n < placed else None,
            home_municipality_id=HOME if n < placed else ELSEWHERE,
        )
        child = Child.objects.create(mother=resident, first_name="Barn", birth_year=2018)
        ChildStay.objects.create(child=child, stay=stay)
