"""Demo data for the protected housing: rooms, women with children, stays, journals.

The demo scale (`seed`): two years, six rooms, everything through services.admit and the database rules;
rooms are filled one after another on a timeline per room, so no night is ever over capacity.
The large and national scales (`seed_bulk`): ten years loaded with COPY (jour/demo/bulk.py). Rooms are
filled one family at a time on a timeline per room, and a returning woman's next stay starts after her
last one ended, so the database rules (no overlapping stays, no room over capacity, both enforced by
migration residents/0002 on every COPYed row) always hold. The case-number counter is left at the
highest number used. Deterministic for a given rng (seed).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from faker import Faker

from jour.crypto import encrypt
from jour.demo.bulk import BulkPart, BulkRun, aware
from jour.demo.registry import register
from jour.shelter.models import Municipality
from jour.shelter.validators import luhn_ok

from . import services
from .choices import COUNTRIES, DischargeDestination, EducationLevel, ProtectionLevel
from .models import CaseNumberCounter, Child, ChildStay, JournalEntry, JournalEntryType, Resident, Room, Stay
from .validators import normalise_personnummer

ROOM_SIZES = [3, 3, 2, 2, 2, 2]
YEARS = 2
SHORTEST_STAY, LONGEST_STAY = 90, 330  # days

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
    body = f"{year % 100:02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999):03d}"
    digit = next(d for d in range(10) if luhn_ok(body + str(d)))
    raw = f"{year}{body[2:6]}-{body[6:]}{digit}"
    return normalise_personnummer(raw)


def seed(*, scale: str, rng: random.Random, users: dict) -> None:
    if Room.objects.exists():
        return
    fake = Faker("sv_SE")
    fake.seed_instance(rng.randint(0, 10**9))
    staff = [user for user in users.values() if user.works_here]
    writers = [user for user in staff if user.has_staff_role] or staff
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=PLACING_MUNICIPALITIES)}
    codes = sorted(municipalities)
    today = timezone.localdate()
    start = today - timedelta(days=365 * YEARS)

    for number, beds in enumerate(ROOM_SIZES, start=1):
        room = Room.objects.create(name=f"Rum {number}", beds=beds)
        day = start + timedelta(days=rng.randint(0, 90))
        while day < today:
            length = rng.randint(SHORTEST_STAY, LONGEST_STAY)
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
                resident=resident,
                entry_type=kind,
                text=text,
                author=by or rng.choice(writers),
                created_at=aware(at, 10),
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
                created_at=aware(intake + timedelta(days=2), 10),
            )
        )
    JournalEntry.objects.bulk_create([entry for entry in entries if entry.author_id])


# -- the large and national scales: COPY ------------------------------------------------------------------

BULK_LANGUAGE_SETS = [["sv"]] * 6 + [["ar", "sv"], ["so"], ["ti", "en"], ["fa", "prs"], ["sv", "en"], ["ku", "tr"]]
BULK_LANGUAGE_SETS += [["pl"], ["uk", "ru"], ["ar"], ["en"], ["sq"], ["th"], ["es"]]
COUNTRY_WEIGHTS = {"SE": 50, "SY": 6, "IQ": 5, "SO": 5, "ER": 4, "AF": 5, "IR": 4, "TR": 2, "PL": 2, "UA": 3}
BEDS = [2] * 15 + [3] * 30 + [4] * 35 + [5] * 20
BULK_DESTINATIONS = [DischargeDestination.OWN_HOUSING] * 4 + [DischargeDestination.RELATIVES_OR_FRIENDS] * 2
BULK_DESTINATIONS += [DischargeDestination.OTHER_SHELTER] * 2 + [DischargeDestination.PERPETRATOR]
BULK_DESTINATIONS += [DischargeDestination.UNKNOWN, DischargeDestination.OTHER]
RESIDENT_COLUMNS = [
    "id",
    "case_number",
    "first_name",
    "last_name",
    "alias",
    "personnummer",
    "birth_year",
    "languages",
    "needs_interpreter",
    "country_of_birth",
    "years_in_sweden",
    "education_level",
    "protection_level",
    "wishes",
    "dreams",
    "created_at",
    "created_by_id",
]
STAY_COLUMNS = [
    "id",
    "resident_id",
    "room_id",
    "intake",
    "discharge",
    "placed_by_social_services",
    "decision_date",
    "placing_municipality_id",
    "case_worker_contact",
    "home_municipality_id",
    "discharge_destination",
    "created_at",
    "created_by_id",
]


@dataclass
class StaySlot:
    """One stay on a room's timeline; the family living it is filled in once the residents are made."""

    id: int
    room_id: int
    beds: int
    intake: date
    discharge: date | None
    resident_id: int = 0
    children: tuple[int, ...] = ()


class _Bulk(BulkPart):
    name = "residents"

    def load(self) -> None:
        slots = self._stay_slots()
        residents = self._families(slots)
        self._stays(slots)
        self._contact_persons(residents)
        self._journal(slots)
        # For the seeders after this one: the stays with their families, and each resident's languages.
        self.run.shared["residents.stays"] = slots
        self.run.shared["residents.ids"] = [row[0] for row in residents]
        self.run.shared["residents.languages"] = {row[0]: row[7] for row in residents}

    def _stay_slots(self) -> list[StaySlot]:
        """Room timelines: one family per room at a time, a vacancy between families."""
        rng, v = self.rng, self.v
        wanted = round(v.residents * 1.12)  # some women come back
        span = (self.today - self.first_day).days
        rooms = max(2, math.ceil(wanted / (span / 75)))
        slots: list[tuple[int, int, date, date | None]] = []
        room_rows = []
        room_ids = iter(self.loader.ids(Room, rooms * 3))
        made = 0
        while len(slots) < wanted:
            room_id = next(room_ids)
            beds = rng.choice(BEDS)
            made += 1
            room_rows.append((room_id, f"Rum {made:04d}", beds, True))
            day = self.first_day + timedelta(days=rng.randint(0, 40))
            while day <= self.today:  # every room is in use up to today
                length = max(3, min(540, int(rng.lognormvariate(3.9, 0.7))))
                end = day + timedelta(days=length)
                if end > self.today:
                    slots.append((room_id, beds, day, None if rng.random() < 0.9 else end))
                    break
                slots.append((room_id, beds, day, end))
                day = end + timedelta(days=rng.randint(0, 14))
        # Too many: the earliest stays go (some rooms opened a little later).
        slots.sort(key=lambda s: (s[2], s[0]))
        slots = slots[len(slots) - wanted :]
        self.loader.copy(Room, ["id", "name", "beds", "is_active"], room_rows)
        self.rooms = len(room_rows)
        stay_ids = self.loader.ids(Stay, len(slots))
        return [
            StaySlot(pk, room, beds, intake, discharge)
            for pk, (room, beds, intake, discharge) in zip(stay_ids, slots, strict=True)
        ]

    def _families(self, slots: list[StaySlot]) -> list[tuple]:
        """A woman (new, or one coming back whose last stay has ended) with her children for every stay."""
        rng = self.rng
        n_new = min(self.v.residents, len(slots))
        returning = (
            set(rng.sample(range(len(slots) // 10, len(slots)), len(slots) - n_new)) if n_new < len(slots) else set()
        )
        resident_ids = iter(self.loader.ids(Resident, len(slots)))
        child_ids = iter(self.loader.ids(Child, len(slots) * 4))
        residents, children = [], []
        last_discharge: dict[int, date | None] = {}
        families: dict[int, tuple[int, ...]] = {}
        pool: list[int] = []
        counters: dict[int, int] = {}
        for index, slot in enumerate(slots):
            if index in returning:
                found = self._returning(slot, pool, last_discharge, families)
                if found is not None:
                    slot.resident_id, slot.children = found, families[found]
                    last_discharge[found] = slot.discharge
                    continue
            pk = next(resident_ids)
            year = slot.intake.year
            counters[year] = counters.get(year, 0) + 1
            residents.append(self._resident(pk, f"B-{year}-{counters[year]:03d}", slot))
            own = self._children(pk, slot, residents[-1], child_ids)
            children.extend(own)
            slot.resident_id, slot.children = pk, tuple(row[0] for row in own)
            families[pk] = slot.children
            last_discharge[pk] = slot.discharge
            pool.append(pk)
        self.loader.copy(Resident, RESIDENT_COLUMNS, residents)
        self.loader.copy(
            Child,
            ["id", "mother_id", "first_name", "birth_year", "protection_level", "designated_staff_id", "created_at"],
            children,
        )
        self.step(f"{len(residents):,} residents, {len(children):,} children, {self.rooms:,} rooms")
        CaseNumberCounter.continue_after(counters)
        return residents

    def _returning(self, slot: StaySlot, pool: list[int], last_discharge: dict, families: dict) -> int | None:
        """A recent resident whose last stay ended before this one begins and whose family fits the room."""
        for _ in range(8):
            if not pool:
                return None
            candidate = pool[self.rng.randrange(max(0, len(pool) - 400), len(pool))]
            ended = last_discharge[candidate]
            if ended is not None and ended <= slot.intake and len(families[candidate]) + 1 <= slot.beds:
                return candidate
        return None

    def _resident(self, pk: int, case_number: str, slot: StaySlot) -> tuple:
        rng, fake = self.rng, self.fake
        birth_year = slot.intake.year - rng.randint(19, 62)
        protected = rng.random() < 0.12
        if rng.random() < 0.9:
            country = rng.choices(list(COUNTRY_WEIGHTS), weights=list(COUNTRY_WEIGHTS.values()))[0]
        else:
            country = rng.choice(COUNTRIES)[0]
        languages = ["sv"] if country == "SE" else rng.choice(BULK_LANGUAGE_SETS)
        created = aware(slot.intake, rng.randint(9, 17), rng.randint(0, 59))
        text_share = rng.random() < 0.05
        return (
            pk,
            case_number,
            fake.first_name_female(),
            fake.last_name(),
            fake.first_name_female() if protected else "",
            encrypt(_personnummer(rng, birth_year)) if rng.random() < 0.8 else "",
            birth_year,
            languages,
            "sv" not in languages and rng.random() < 0.7,
            country,
            None if country == "SE" else rng.randint(0, 25),
            rng.choice(EducationLevel.values) if rng.random() < 0.7 else "",
            rng.choice([ProtectionLevel.CONFIDENTIALITY_MARKING, ProtectionLevel.PROTECTED_REGISTRATION])
            if protected
            else ProtectionLevel.NONE,
            encrypt("Att barnen ska få gå i skolan i lugn och ro.") if text_share else "",
            encrypt("Att plugga till undersköterska.") if text_share else "",
            created,
            rng.choice(self.staff_ids),
        )

    def _children(self, mother: int, slot: StaySlot, row: tuple, child_ids) -> list[tuple]:
        """Her children (as many as the room has beds for), with her protection level."""
        rng, fake = self.rng, self.fake
        birth_year, protection, created = row[6], row[12], row[15]
        per_resident = self.v.children / max(1, self.v.residents)
        n_children = min(slot.beds - 1, max(0, int(rng.gauss(per_resident * 1.3, 1.1) + 0.5)))
        return [
            (
                next(child_ids),
                mother,
                fake.first_name_female() if rng.random() < 0.5 else fake.first_name_male(),
                rng.randint(max(birth_year + 17, slot.intake.year - 17), slot.intake.year),
                protection,
                rng.choice(self.staff_ids),
                created,
            )
            for _ in range(n_children)
        ]

    def _stays(self, slots: list[StaySlot]) -> None:
        rng = self.rng
        stays, child_stays = [], []
        child_stay_ids = iter(self.loader.ids(ChildStay, sum(len(s.children) for s in slots)))
        for slot in slots:
            placed = rng.random() < 0.8
            stays.append(
                (
                    slot.id,
                    slot.resident_id,
                    slot.room_id,
                    slot.intake,
                    slot.discharge,
                    placed,
                    slot.intake - timedelta(days=rng.randint(0, 3)) if placed else None,
                    (self.home if rng.random() < 0.3 else rng.choice(self.municipalities)) if placed else None,
                    "Socialtjänsten, mottagningsgruppen" if placed else "",
                    rng.choice(self.near) if rng.random() < 0.5 else rng.choice(self.municipalities),
                    rng.choice(BULK_DESTINATIONS) if slot.discharge and slot.discharge <= self.today else "",
                    aware(slot.intake, 10),
                    rng.choice(self.staff_ids),
                )
            )
            child_stays.extend((next(child_stay_ids), child, slot.id) for child in slot.children)
        self.loader.copy(Stay, STAY_COLUMNS, stays)
        self.loader.copy(ChildStay, ["id", "child_id", "stay_id"], child_stays)
        self.step(f"{len(stays):,} stays, {len(child_stays):,} children's stays (no room over capacity)")

    def _contact_persons(self, residents: list[tuple]) -> None:
        rng = self.rng
        contact_persons = []
        through = Resident.contact_persons.through
        ids = iter(self.loader.ids(through, len(residents) * 2))
        for row in residents:
            for staff in rng.sample(self.staff_ids, k=min(len(self.staff_ids), rng.choice((1, 1, 2)))):
                contact_persons.append((next(ids), row[0], staff))
        self.loader.copy(through, ["id", "resident_id", "user_id"], contact_persons)

    def _journal(self, slots: list[StaySlot]) -> None:
        """A few entries per stay of the last two years (a few older ones too) and one per recent child."""
        rng = self.rng
        journal = []
        recent = self.today - timedelta(days=730)
        for slot in slots:
            n = rng.randint(2, 5) if slot.intake >= recent else (1 if rng.random() < 0.3 else 0)
            end = slot.discharge or self.today
            for k in range(n):
                entry_type, words = JOURNAL_TEXTS[k % len(JOURNAL_TEXTS)]
                day = slot.intake + timedelta(days=min((end - slot.intake).days, k * 7))
                at = aware(min(day, self.today), rng.randint(8, 20), rng.randint(0, 59))
                journal.append((slot.resident_id, None, entry_type, encrypt(words), rng.choice(self.staff_ids), at, at))
            for child in slot.children[:1]:
                if slot.intake >= recent:
                    at = aware(slot.intake, 15)
                    words = encrypt("Barnsamtal med ansvarig personal.")
                    journal.append((None, child, JournalEntryType.EVENT, words, rng.choice(self.staff_ids), at, at))
        ids = self.loader.ids(JournalEntry, len(journal))
        self.loader.copy(
            JournalEntry,
            ["id", "resident_id", "child_id", "entry_type", "text", "author_id", "created_at", "updated_at"],
            ((pk, *row) for pk, row in zip(ids, journal, strict=True)),
        )
        self.step(f"{len(journal):,} journal entries")


def seed_bulk(run: BulkRun) -> None:
    _Bulk(run).load()


register("residents", seed=seed, bulk=seed_bulk, fills=[Resident])
