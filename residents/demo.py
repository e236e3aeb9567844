"""Demo data for the protected housing: rooms, women with children, stays over two years, journals.

Deterministic for a given rng. Rooms are filled one after another on a timeline per room, so no
night is ever over capacity; everything goes through services.admit and the database rules.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone
from faker import Faker

from jour.shelter.models import Municipality

from . import services
from .choices import COUNTRIES, DischargeDestination, EducationLevel, ProtectionLevel
from .models import Child, JournalEntry, JournalEntryType, Resident, Room
from .validators import normalise_personnummer

SCALES = {
    # scale: (room sizes, years of history, shortest and longest stay in days)
    "demo": ([3, 3, 2, 2, 2, 2], 2, (90, 330)),
    "large": ([3, 3, 3, 2, 2, 2, 2, 2, 4, 4, 1, 1] * 2, 5, (20, 200)),
    "national": ([3, 3, 3, 2, 2, 2, 2, 2, 4, 4, 1, 1] * 4, 5, (20, 200)),
}
PLACING_MUNICIPALITIES = ["0136", "0126", "0180", "0127", "0138", "0128", "0160"]
DESTINATIONS = [
    DischargeDestination.OWN_HOUSING,
    DischargeDestination.OWN_HOUSING,
    DischargeDestination.RELATIVES_OR_FRIENDS,
    DischargeDestination.OTHER_SHELTER,
    DischargeDestination.PERPETRATOR,
    DischargeDestination.UNKNOWN,
]
LANGUAGES = [["sv"], ["ar", "sv"], ["so"], ["ti", "en"], ["fa", "prs"], ["sv", "en"], ["ku", "tr"], ["pl"]]
JOURNAL_TEXTS = [
    (JournalEntryType.EVENT, "Inskrivning. Gick igenom husets rutiner och säkerhetsregler."),
    (JournalEntryType.AUTHORITY_CONTACT, "Telefonkontakt med handläggaren om fortsatt placering."),
    (JournalEntryType.ASSESSMENT, "Bedömer att hon känner sig tryggare och sover bättre."),
    (JournalEntryType.EVENT, "Följde med till Skatteverket angående skyddad folkbokföring."),
    (JournalEntryType.OTHER, "Husmöte om vardagsrutiner och ekonomi."),
]
CHILD_TEXTS = [
    (JournalEntryType.EVENT, "Barnsamtal med ansvarig personal, leker gärna i lekrummet."),
    (JournalEntryType.ASSESSMENT, "Bedömer att barnet behöver stöd kring skolstart."),
]


def _personnummer(rng: random.Random, year: int) -> str:
    """A syntactically valid personnummer (check digit computed), for demo data only."""
    from jour.shelter.validators import luhn_ok

    body = f"{year % 100:02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999):03d}"
    digit = next(d for d in range(10) if luhn_ok(body + str(d)))
    raw = f"{year}{body[2:6]}-{body[6:]}{digit}"
    return normalise_personnummer(raw)


def seed(*, scale: str, rng: random.Random, users: dict) -> None:
    if Room.objects.exists():
        return
    sizes, years, (shortest, longest) = SCALES.get(scale, SCALES["demo"])
    fake = Faker("sv_SE")
    fake.seed_instance(rng.randint(0, 10**9))
    staff = [user for user in users.values() if user.is_staff_member or user.is_coordinator]
    writers = [user for user in staff if user.is_staff_member] or staff
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=PLACING_MUNICIPALITIES)}
    codes = sorted(municipalities)
    today = timezone.localdate()
    start = today - timedelta(days=365 * years)

    for number, beds in enumerate(sizes, start=1):
        room = Room.objects.create(name=f"Rum {number}", beds=beds)
        day = start + timedelta(days=rng.randint(0, 90))
        while day < today:
            length = rng.randint(shortest, longest)
            discharge = day + timedelta(days=length)
            is_current = discharge >= today
            _admit_household(
                rng=rng,
                fake=fake,
                room=room,
                intake=day,
                discharge=None if is_current else discharge,
                staff=staff,
                writers=writers,
                municipalities=municipalities,
                codes=codes,
            )
            day = discharge + timedelta(days=rng.randint(10, 90))


def _admit_household(*, rng, fake, room, intake, discharge, staff, writers, municipalities, codes) -> None:
    born = intake.year - rng.randint(19, 52)
    protection = rng.choices(
        [ProtectionLevel.NONE, ProtectionLevel.CONFIDENTIALITY_MARKING, ProtectionLevel.PROTECTED_REGISTRATION],
        weights=[5, 2, 2],
    )[0]
    country = rng.choice(COUNTRIES)[0]
    resident = Resident(
        first_name=fake.first_name_female(),
        last_name=fake.last_name(),
        personnummer=_personnummer(rng, born) if rng.random() < 0.6 else "",
        birth_year=born,
        alias=fake.first_name_female() if protection != ProtectionLevel.NONE else "",
        languages=rng.choice(LANGUAGES),
        needs_interpreter=rng.random() < 0.3,
        country_of_birth=country,
        years_in_sweden=None if country == "SE" else rng.randint(0, 20),
        education_level=rng.choice(EducationLevel.values),
        protection_level=protection,
        wishes="Ett eget boende och trygghet för barnen.",
        dreams="Att utbilda mig och få ett arbete.",
        interests="Matlagning, promenader, läsa.",
        education_notes="Gick gymnasiet i hemlandet.",
    )
    children = [
        Child(
            first_name=fake.first_name(),
            birth_year=max(intake.year - rng.randint(0, 17), born + 16),
            protection_level=protection,
            designated_staff=rng.choice(staff) if staff else None,
        )
        for _ in range(rng.randint(0, room.beds - 1))
    ]
    placed = rng.random() < 0.8
    placing = municipalities.get(rng.choice(codes)) if placed and codes else None
    home = placing if placed else municipalities.get("0136")
    by = rng.choice(writers) if writers else None
    stay = services.admit(
        resident=resident,
        room=room,
        intake=intake,
        discharge=discharge,
        children=children,
        placed_by_social_services=placed and placing is not None,
        decision_date=intake - timedelta(days=rng.randint(0, 3)) if placed else None,
        placing_municipality=placing,
        home_municipality=home,
        case_worker_contact="Socialtjänstens mottagning, vuxenenheten" if placed else "",
        by=by,
    )
    if discharge is not None:
        stay.discharge_destination = rng.choice(DESTINATIONS)
        stay.save(update_fields=["discharge_destination"])
    if staff:
        resident.contact_persons.set(rng.sample(staff, k=min(2, len(staff))))
    last_day = discharge or timezone.localdate()
    entries = []
    for index, (kind, text) in enumerate(JOURNAL_TEXTS[: rng.randint(2, len(JOURNAL_TEXTS))]):
        at = intake + timedelta(days=min(index * 7, max((last_day - intake).days - 1, 0)))
        entries.append(
            JournalEntry(
                resident=resident, entry_type=kind, text=text, author=by or rng.choice(writers), created_at=_at(at)
            )
        )
    for child in children:
        kind, text = rng.choice(CHILD_TEXTS)
        entries.append(
            JournalEntry(
                child=child,
                entry_type=kind,
                text=text,
                author=child.designated_staff or by,
                created_at=_at(intake + timedelta(days=2)),
            )
        )
    JournalEntry.objects.bulk_create([entry for entry in entries if entry.author_id])


def _at(day: date):
    from datetime import datetime, time

    return timezone.make_aware(datetime.combine(day, time(10, 0)))
