"""Demo support contacts: a few hundred over the last two years, with recurring callers.

Deterministic for a given rng. Pseudonyms come from Faker (sv_SE); there are no other person data.
Only the "demo" scale exists so far; other scales seed the same amount.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.utils import timezone
from faker import Faker

from jour.shelter.models import Municipality, ShelterProfile
from residents.models import Resident

from .models import (
    AgeBand,
    Caller,
    Channel,
    HousingOutcome,
    Kind,
    Outcome,
    RecurringContact,
    Relation,
    Residence,
    SupportContact,
    Topic,
    ViolenceType,
    YesNoUnknown,
)

CONTACTS = {"demo": 400}
RECURRING = {"demo": 18}
NEIGHBOURS = ["0126", "0180", "0138", "0192", "0127", "0128"]  # Huddinge, Stockholm, Tyresö, Nynäshamn, ...


def _weighted(rng: random.Random, pairs: list[tuple]) -> object:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _place(rng: random.Random, home: str | None, neighbours: list[str]) -> tuple[str, str | None]:
    roll = rng.random()
    if home and roll < 0.7:
        return Residence.MUNICIPALITY, home
    if neighbours and roll < 0.85:
        return Residence.MUNICIPALITY, rng.choice(neighbours)
    return (Residence.ABROAD, None) if roll < 0.9 else (Residence.UNKNOWN, None)


def seed(*, scale: str, rng: random.Random, users: dict) -> None:
    if SupportContact.objects.exists():
        return
    fake = Faker("sv_SE")
    fake.seed_instance(rng.randint(0, 10**9))
    staff = [u for u in users.values() if u.is_staff_member or u.is_coordinator]
    home = ShelterProfile.load().municipality_id
    neighbours = list(Municipality.objects.filter(code__in=NEIGHBOURS).values_list("code", flat=True))
    recurring = []
    for _ in range(RECURRING.get(scale, RECURRING["demo"])):
        residence, code = _place(rng, home, neighbours)
        contact = RecurringContact(
            pseudonym=fake.first_name_female(),
            age_band=rng.choice(AgeBand.values[1:-1]),
            residence=residence,
            municipality_id=code,
            created_by=rng.choice(staff),
        )
        contact.save()  # generates the code
        recurring.append(contact)

    # A few contacts are with women who later lived, or live, in the protected housing.
    residents = list(Resident.objects.order_by("pk").values_list("pk", flat=True)[:6])
    now = timezone.now()
    tz = timezone.get_current_timezone()
    rows = []
    for _ in range(CONTACTS.get(scale, CONTACTS["demo"])):
        day = (now - timedelta(days=rng.randint(0, 730))).astimezone(tz).date()
        started = datetime(
            day.year, day.month, day.day, rng.randint(8, 21), rng.choice((0, 10, 20, 30, 40, 50)), tzinfo=tz
        )
        started = min(started, now - timedelta(minutes=5))
        kind = _weighted(
            rng,
            [(Kind.SUPPORT, 70), (Kind.INFORMATION, 12), (Kind.SILENT, 6), (Kind.HANG_UP, 5), (Kind.WRONG_NUMBER, 4),
             (Kind.PRANK, 2), (Kind.TEST, 1)],
        )  # fmt: skip
        channel = _weighted(
            rng,
            [(Channel.PHONE, 60), (Channel.EMAIL, 12), (Channel.CHAT, 10), (Channel.SMS, 6), (Channel.MEETING, 10),
             (Channel.OTHER, 2)],
        )  # fmt: skip
        author = rng.choice(staff)
        row = SupportContact(
            started_at=started,
            channel=channel,
            kind=kind,
            staff=author,
            created_by=author,
            direction="out" if rng.random() < 0.15 else "in",
        )
        if kind in (Kind.SUPPORT, Kind.INFORMATION):
            attached = rng.choice(recurring) if recurring and rng.random() < 0.35 else None
            residence, code = (
                (attached.residence, attached.municipality_id) if attached else _place(rng, home, neighbours)
            )
            row.recurring_contact = attached
            if attached is None and residents and rng.random() < 0.04:
                row.resident_id = rng.choice(residents)
            row.residence, row.municipality_id = residence, code
            row.duration_minutes = rng.randint(5, 75) if channel in (Channel.PHONE, Channel.MEETING) else None
            row.caller = _weighted(
                rng,
                [(Caller.WOMAN, 75), (Caller.RELATIVE, 10), (Caller.PROFESSIONAL, 8), (Caller.MAN, 2),
                 (Caller.OTHER, 2), (Caller.UNKNOWN, 3)],
            )  # fmt: skip
            row.age_band = attached.age_band if attached else rng.choice(AgeBand.values)
            row.social_services_contact = rng.choice(YesNoUnknown.values)
            row.children_affected = rng.choice(YesNoUnknown.values)
            row.violence_types = sorted(rng.sample(ViolenceType.values, k=rng.choice((0, 1, 1, 2, 2, 3))))
            row.perpetrator_relation = rng.choice(["", *Relation.values])
            row.topics = sorted(rng.sample(Topic.values, k=rng.choice((1, 1, 2, 3))))
            outcomes = []
            if rng.random() < 0.3:
                outcomes.append(Outcome.MEETING_BOOKED if rng.random() < 0.5 else Outcome.MEETING_OFFERED)
            if rng.random() < 0.25:
                outcomes.append(rng.choice(Outcome.values[2:]))
            row.outcomes = outcomes
            if rng.random() < 0.08:
                row.housing_requested = True
                row.housing_outcome = rng.choice(["", *HousingOutcome.values])
            if rng.random() < 0.07:
                row.interpreter_used = True
                row.interpreter_language = rng.choice(["arabiska", "somaliska", "dari", "tigrinja", "engelska"])
        else:
            row.residence, row.municipality_id = Residence.UNKNOWN, None
            row.duration_minutes = rng.randint(0, 2) if channel == Channel.PHONE else None
        rows.append(row)
    SupportContact.objects.bulk_create(rows, batch_size=1000)
