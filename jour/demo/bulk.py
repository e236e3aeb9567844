"""The large and national demo scales: ten years of realistic Swedish data, loaded with COPY.

    large     one big jour: ~25 000 contacts, 400 residents with children, 80 contact women
    national  a national deployment: 1.5 million contacts, 30 000 residents with 45 000 children,
              3 000 contact women and 200 000 meetings

Deterministic for a given seed and day (dates are relative to today, so there are current residents).
Rooms are filled one family at a time on a timeline per room, and a returning woman's next stay starts
after her last one ended, so the database rules (no overlapping stays, no room over capacity, both
enforced by migration residents/0002 on every COPYed row) always hold. Counters the apps hand out
numbers from (case numbers B-YYYY-NNN, recurring codes K-YYYY-NNNN) are left at the highest number used.
"""

from __future__ import annotations

import bisect
import math
import random
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone
from faker import Faker

from jour.accounts.models import Role, User
from jour.calls.models import (
    AgeBand,
    Caller,
    Channel,
    HousingOutcome,
    Kind,
    Outcome,
    RecurringContact,
    RecurringContactSequence,
    Relation,
    Residence,
    SupportContact,
    Topic,
    ViolenceType,
    YesNoUnknown,
)
from jour.crypto import encrypt
from jour.shelter.models import Municipality, ShelterProfile
from residents.choices import COUNTRIES, DischargeDestination, EducationLevel, ProtectionLevel
from residents.models import CaseNumberCounter, Child, ChildStay, JournalEntry, JournalEntryType, Resident, Room, Stay
from residents.plans.models import (
    Activity,
    ActivityStatus,
    ActivityWho,
    Authority,
    Goal,
    HouseMeeting,
    ImplementationPlan,
    LifeArea,
    MeetingTopic,
    Occasion,
    OrientationProgress,
    OrientationStatus,
    OrientationTopic,
    PlanFollowUp,
    SafetyPlan,
    SelfAssessment,
    SupportEntry,
    SupportKind,
    item_points,
)
from volunteers.models import (
    AVAILABILITY_SLOTS,
    DEFAULT_SESSION_HOURS,
    DEFAULT_TOPICS,
    Attendance,
    EndReason,
    HelpArea,
    Match,
    MatchStatus,
    Meeting,
    MeetingStatus,
    MeetingType,
    StudyCircle,
    StudySession,
    VolunteerProfile,
    VolunteerStatus,
)

from .copy import Loader


@dataclass(frozen=True)
class Volumes:
    contacts: int
    recurring: int
    residents: int
    children: int
    volunteers: int
    meetings: int
    staff: int
    years: int = 10


SCALES = {
    "large": Volumes(
        contacts=25_000, recurring=700, residents=400, children=600, volunteers=80, meetings=4_000, staff=14
    ),
    "national": Volumes(
        contacts=1_500_000,
        recurring=40_000,
        residents=30_000,
        children=45_000,
        volunteers=3_000,
        meetings=200_000,
        staff=160,
    ),
}

KINDS = [Kind.SUPPORT] * 70 + [Kind.INFORMATION] * 12 + [Kind.SILENT] * 6 + [Kind.HANG_UP] * 5
KINDS += [Kind.WRONG_NUMBER] * 4 + [Kind.PRANK] * 2 + [Kind.TEST]
CHANNELS = [Channel.PHONE] * 60 + [Channel.EMAIL] * 12 + [Channel.CHAT] * 10 + [Channel.SMS] * 6
CHANNELS += [Channel.MEETING] * 10 + [Channel.OTHER] * 2
CALLERS = [Caller.WOMAN] * 70 + [Caller.RELATIVE] * 12 + [Caller.PROFESSIONAL] * 10 + [Caller.MAN] * 3
CALLERS += [Caller.OTHER] * 2 + [Caller.UNKNOWN] * 3
# Calls come mostly in office hours and evenings.
HOURS = [8, 9, 9, 10, 10, 10, 11, 11, 12, 13, 13, 14, 14, 15, 15, 16, 17, 18, 19, 20, 20, 21, 22, 23, 2]
INTERPRETER_LANGUAGES = ["arabiska", "persiska", "somaliska", "tigrinja", "dari", "polska", "ryska", "ukrainska"]
NOTES = [
    "Ville prata om oro inför umgänge med barnen.",
    "Informerade om skyddat boende och kontakt med socialtjänsten.",
    "Stödsamtal, erbjöd uppföljande samtal.",
    "Frågor om kontaktförbud och polisanmälan.",
]
LANGUAGE_SETS = [["sv"]] * 6 + [["ar", "sv"], ["so"], ["ti", "en"], ["fa", "prs"], ["sv", "en"], ["ku", "tr"], ["pl"]]
LANGUAGE_SETS += [["uk", "ru"], ["ar"], ["en"], ["sq"], ["th"], ["es"]]
COUNTRY_WEIGHTS = {"SE": 50, "SY": 6, "IQ": 5, "SO": 5, "ER": 4, "AF": 5, "IR": 4, "TR": 2, "PL": 2, "UA": 3}
BEDS = [2] * 15 + [3] * 30 + [4] * 35 + [5] * 20
DESTINATIONS = [DischargeDestination.OWN_HOUSING] * 4 + [DischargeDestination.RELATIVES_OR_FRIENDS] * 2
DESTINATIONS += [DischargeDestination.OTHER_SHELTER] * 2 + [DischargeDestination.PERPETRATOR]
DESTINATIONS += [DischargeDestination.UNKNOWN, DischargeDestination.OTHER]
JOURNAL = [
    (JournalEntryType.EVENT, "Inskrivning. Gick igenom husets rutiner och säkerhetsregler."),
    (JournalEntryType.AUTHORITY_CONTACT, "Telefonkontakt med handläggaren om fortsatt placering."),
    (JournalEntryType.ASSESSMENT, "Bedömer att hon känner sig tryggare och sover bättre."),
    (JournalEntryType.EVENT, "Följde med till Skatteverket angående skyddad folkbokföring."),
    (JournalEntryType.OTHER, "Samtal om vardagsrutiner och ekonomi."),
]
GOALS = {
    LifeArea.SAFETY: "Jag vill känna mig trygg när jag går ut.",
    LifeArea.HOUSING: "Jag vill ha en egen lägenhet till hösten.",
    LifeArea.ECONOMY: "Jag vill ha ett eget bankkonto och BankID.",
    LifeArea.LEGAL: "Jag vill förstå vad som händer i vårdnadstvisten.",
    LifeArea.HEALTH: "Jag vill sova bättre och orka mer.",
    LifeArea.LANGUAGE: "Jag vill kunna prata svenska med barnens lärare.",
    LifeArea.DIGITAL: "Jag vill kunna använda 1177 och Skatteverkets e-tjänster själv.",
    LifeArea.WORK: "Jag vill börja på SFI och sedan söka jobb.",
    LifeArea.CHILDREN: "Jag vill att barnen ska komma in i skolan och få vänner.",
    LifeArea.SOCIAL: "Jag vill träffa andra och ha något roligt att göra på helgerna.",
}
ACTIVITIES = [
    "Boka tid hos Skatteverket",
    "Ansöka om bostad via bostadsförmedlingen",
    "Ringa försäkringskassan om underhållsstöd",
    "Anmäla till SFI",
    "Följa med till tingsrätten",
    "Boka läkartid på vårdcentralen",
    "Öppna bankkonto",
    "Söka förskoleplats",
]
PURPOSES = ["Ansökan om skyddad folkbokföring", "Möte om försörjningsstöd", "Förhör", "Bostadsvisning", "Läkarbesök"]
PROFESSIONS = ["Sjuksköterska", "Jurist", "Lärare", "Barnmorska", "HR-specialist", "IT-konsult", "Frisör", "Pensionär"]
PROFESSIONS += ["Socionom", "Undersköterska", "Ekonom", "Student", "Bibliotekarie", "Förskollärare"]
INTERESTS = ["promenader, matlagning", "läsning, stickning", "fotboll, natur", "musik, film", "trädgård, bakning"]
VOLUNTEER_LANGUAGES = [["sv"], ["sv", "en"], ["sv", "en"], ["sv", "ar"], ["sv", "fa", "en"], ["sv", "so"]]
VOLUNTEER_LANGUAGES += [["sv", "ti"], ["sv", "en", "es"], ["sv", "fi"], ["sv", "pl"], ["sv", "ku", "tr"]]
PLACES = ["Ett café i centrum", "Promenad i parken", "Biblioteket", "Per telefon", "Stadsbiblioteket", "Lekparken"]
MEETING_TYPES = [MeetingType.WALK] * 3 + [MeetingType.FIKA] * 3 + [MeetingType.PHONE] * 2
MEETING_TYPES += [MeetingType.SWEDISH] * 2 + [MeetingType.HOUSING, MeetingType.ACCOMPANIMENT, MeetingType.OTHER]
SEASONS = ["Våren", "Hösten"]


def _weighted(rng: random.Random, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _aware(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_current_timezone())


def _personnummer(rng: random.Random, year: int) -> str:
    """YYYYMMDD-NNNC with a valid check digit (Luhn over the last ten digits); demo data only."""
    digits = f"{year % 100:02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999):03d}"
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    check = (10 - total % 10) % 10
    return f"{year}{digits[2:6]}-{digits[6:]}{check}"


@dataclass
class StaySlot:
    id: int
    room_id: int
    beds: int
    intake: date
    discharge: date | None
    resident_id: int = 0
    children: tuple[int, ...] = ()


class Generator:
    def __init__(self, *, volumes: Volumes, seed: int, log=print):
        self.v = volumes
        self.rng = random.Random(seed)
        self.fake = Faker("sv_SE")
        self.fake.seed_instance(seed)
        self.log = log
        self.loader = Loader()
        self.today = timezone.localdate()
        self.first_day = date(self.today.year - volumes.years + 1, 1, 1)
        self.started = time.perf_counter()

    def step(self, message: str) -> None:
        self.log(f"  {time.perf_counter() - self.started:6.1f} s  {message}")

    # -- the whole run ------------------------------------------------------------------------------------

    def run(self, users: dict[str, User]) -> dict[str, int]:
        if Resident.objects.exists() or SupportContact.objects.exists() or VolunteerProfile.objects.exists():
            raise CommandError("The large and national scales load into an empty database (no residents/contacts).")
        self.demo_users = users
        self.home = ShelterProfile.load().municipality_id or "0136"
        self.municipalities = list(Municipality.objects.order_by("code").values_list("code", flat=True))
        self.near = [c for c in self.municipalities if c[:2] == self.home[:2]] or [self.home]
        self._users()
        self._residents()
        self._contacts()
        self._plans()
        self._volunteers()
        self.loader.finish()
        self.step("ids and statistics refreshed")
        return self.loader.counts

    # -- accounts -----------------------------------------------------------------------------------------

    def _users(self) -> None:
        n_staff, n_vol = self.v.staff, self.v.volunteers
        demo_staff = [u.pk for u in self.demo_users.values() if u.role in (Role.STAFF, Role.COORDINATOR)]
        demo_volunteers = [u.pk for u in self.demo_users.values() if u.role == Role.VOLUNTEER]
        new_staff = max(0, n_staff - len(demo_staff))
        new_vol = max(0, n_vol - len(demo_volunteers))
        ids = self.loader.ids(User, new_staff + new_vol)
        rows = []
        joined = _aware(self.first_day, 9)
        for i, pk in enumerate(ids):
            staff = i < new_staff
            number = i + 1 if staff else i - new_staff + 1
            rows.append(
                (
                    pk,
                    f"personal-{number:04d}" if staff else f"kontaktkvinna-{number:05d}",
                    self.fake.first_name_female(),
                    self.fake.last_name(),
                    Role.STAFF if staff else Role.VOLUNTEER,
                    "!",  # unusable password: these accounts only populate the data
                    joined,
                )
            )
        self.loader.copy(User, ["id", "username", "first_name", "last_name", "role", "password", "date_joined"], rows)
        self.staff_ids = demo_staff + list(ids[:new_staff])
        self.volunteer_user_ids = demo_volunteers + list(ids[new_staff:])
        self.step(f"{len(rows):,} accounts")

    # -- residents, children, rooms, stays, journals ------------------------------------------------------

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

    def _residents(self) -> None:
        rng, fake = self.rng, self.fake
        slots = self._stay_slots()
        n_new = min(self.v.residents, len(slots))
        returning = (
            set(rng.sample(range(len(slots) // 10, len(slots)), len(slots) - n_new)) if n_new < len(slots) else set()
        )
        resident_ids = iter(self.loader.ids(Resident, len(slots)))
        child_ids = iter(self.loader.ids(Child, len(slots) * 4))
        children_per_resident = self.v.children / max(1, self.v.residents)
        residents, children = [], []
        last_discharge: dict[int, date | None] = {}
        families: dict[int, tuple[int, ...]] = {}
        pool: list[int] = []
        counters: dict[int, int] = {}
        for index, slot in enumerate(slots):
            if index in returning:
                found = None
                for _ in range(8):
                    if not pool:
                        break
                    candidate = pool[rng.randrange(max(0, len(pool) - 400), len(pool))]
                    ended = last_discharge[candidate]
                    if ended is not None and ended <= slot.intake and len(families[candidate]) + 1 <= slot.beds:
                        found = candidate
                        break
                if found is not None:
                    slot.resident_id, slot.children = found, families[found]
                    last_discharge[found] = slot.discharge
                    continue
            pk = next(resident_ids)
            year = slot.intake.year
            counters[year] = counters.get(year, 0) + 1
            birth_year = slot.intake.year - rng.randint(19, 62)
            protected = rng.random() < 0.12
            country = _weighted(rng, COUNTRY_WEIGHTS) if rng.random() < 0.9 else rng.choice(COUNTRIES)[0]
            languages = ["sv"] if country == "SE" else rng.choice(LANGUAGE_SETS)
            created = _aware(slot.intake, rng.randint(9, 17), rng.randint(0, 59))
            text_share = rng.random() < 0.05
            residents.append(
                (
                    pk,
                    f"B-{year}-{counters[year]:03d}",
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
            )
            room_for = slot.beds - 1
            n_children = min(room_for, max(0, int(rng.gauss(children_per_resident * 1.3, 1.1) + 0.5)))
            own = []
            for _ in range(n_children):
                cid = next(child_ids)
                own.append(cid)
                children.append(
                    (
                        cid,
                        pk,
                        fake.first_name_female() if rng.random() < 0.5 else fake.first_name_male(),
                        rng.randint(max(birth_year + 17, slot.intake.year - 17), slot.intake.year),
                        residents[-1][12],
                        rng.choice(self.staff_ids),
                        created,
                    )
                )
            slot.resident_id, slot.children = pk, tuple(own)
            families[pk] = slot.children
            last_discharge[pk] = slot.discharge
            pool.append(pk)
        self.loader.copy(
            Resident,
            [
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
            ],
            residents,
        )
        self.loader.copy(
            Child,
            ["id", "mother_id", "first_name", "birth_year", "protection_level", "designated_staff_id", "created_at"],
            children,
        )
        self.resident_ids = [r[0] for r in residents]
        self.protected = {r[0] for r in residents if r[12] != ProtectionLevel.NONE}
        self.resident_languages = {r[0]: r[7] for r in residents}
        self.step(f"{len(residents):,} residents, {len(children):,} children, {self.rooms:,} rooms")
        self._counters(CaseNumberCounter, counters)

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
                    rng.choice(DESTINATIONS) if slot.discharge and slot.discharge <= self.today else "",
                    _aware(slot.intake, 10),
                    rng.choice(self.staff_ids),
                )
            )
            child_stays.extend((next(child_stay_ids), child, slot.id) for child in slot.children)
        self.loader.copy(
            Stay,
            [
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
            ],
            stays,
        )
        self.loader.copy(ChildStay, ["id", "child_id", "stay_id"], child_stays)
        self.slots = slots
        self.step(f"{len(stays):,} stays, {len(child_stays):,} children's stays (no room over capacity)")

        contact_persons = []
        through = Resident.contact_persons.through
        ids = iter(self.loader.ids(through, len(self.resident_ids) * 2))
        for pk in self.resident_ids:
            for staff in rng.sample(self.staff_ids, k=min(len(self.staff_ids), rng.choice((1, 1, 2)))):
                contact_persons.append((next(ids), pk, staff))
        self.loader.copy(through, ["id", "resident_id", "user_id"], contact_persons)

        journal = []
        recent = self.today - timedelta(days=730)
        for slot in slots:
            n = rng.randint(2, 5) if slot.intake >= recent else (1 if rng.random() < 0.3 else 0)
            end = slot.discharge or self.today
            for k in range(n):
                entry_type, words = JOURNAL[k % len(JOURNAL)]
                day = slot.intake + timedelta(days=min((end - slot.intake).days, k * 7))
                at = _aware(min(day, self.today), rng.randint(8, 20), rng.randint(0, 59))
                journal.append((slot.resident_id, None, entry_type, encrypt(words), rng.choice(self.staff_ids), at, at))
            for child in slot.children[:1]:
                if slot.intake >= recent:
                    at = _aware(slot.intake, 15)
                    journal.append(
                        (
                            None,
                            child,
                            JournalEntryType.EVENT,
                            encrypt("Barnsamtal med ansvarig personal."),
                            rng.choice(self.staff_ids),
                            at,
                            at,
                        )
                    )
        ids = self.loader.ids(JournalEntry, len(journal))
        self.loader.copy(
            JournalEntry,
            ["id", "resident_id", "child_id", "entry_type", "text", "author_id", "created_at", "updated_at"],
            ((pk, *row) for pk, row in zip(ids, journal, strict=True)),
        )
        self.step(f"{len(journal):,} journal entries")

    def _counters(self, model, counters: dict[int, int]) -> None:
        """Leave the per-year counter at the highest number used, so the app continues after it."""
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            for year, last in counters.items():
                cursor.execute(
                    f"INSERT INTO {table} (year, last) VALUES (%s, %s) "  # noqa: S608 - table name only
                    f"ON CONFLICT (year) DO UPDATE SET last = GREATEST({table}.last, EXCLUDED.last)",
                    [year, last],
                )

    # -- support contacts and recurring contacts ----------------------------------------------------------

    def _place(self) -> tuple[str, str | None]:
        place = self.rng.random()
        if place < 0.55:
            return Residence.MUNICIPALITY, self.home
        if place < 0.75:
            return Residence.MUNICIPALITY, self.rng.choice(self.near)
        if place < 0.9:
            return Residence.MUNICIPALITY, self.rng.choice(self.municipalities)
        return (Residence.ABROAD if place < 0.92 else Residence.UNKNOWN), None

    def _contacts(self) -> None:
        rng, v = self.rng, self.v
        span_days = (self.today - self.first_day).days
        recurring, numbers = [], {}
        rec_ids = self.loader.ids(RecurringContact, v.recurring)
        existing = dict(RecurringContactSequence.objects.values_list("year", "last"))
        rec_years = []
        for pk in rec_ids:
            created = self.first_day + timedelta(days=rng.randrange(span_days))
            year = created.year
            numbers[year] = numbers.get(year, existing.get(year, 0)) + 1
            residence, municipality = self._place()
            recurring.append(
                (
                    pk,
                    RecurringContact.format_code(year, numbers[year]),
                    year,
                    numbers[year],
                    self.fake.first_name_female() if rng.random() < 0.6 else "",
                    rng.choice(AgeBand.values),
                    residence,
                    municipality,
                    rng.choice(self.staff_ids),
                    _aware(created, 12),
                )
            )
            rec_years.append(created)
        self.loader.copy(
            RecurringContact,
            [
                "id",
                "code",
                "year",
                "number",
                "pseudonym",
                "age_band",
                "residence",
                "municipality_id",
                "created_by_id",
                "created_at",
            ],
            recurring,
        )
        self._counters(RecurringContactSequence, numbers)
        # A recurring contact calls from the day her code was made: index them by that day.
        order = sorted(range(len(recurring)), key=lambda i: rec_years[i])
        rec_sorted_days = [rec_years[i] for i in order]
        rec_sorted_ids = [recurring[i][0] for i in order]
        self.step(f"{len(recurring):,} recurring contacts")

        # In time order, as contacts are logged in real life: a year's rows sit together on disk.
        tz = timezone.get_current_timezone()
        origin = datetime(self.first_day.year, 1, 1, tzinfo=tz).timestamp()
        end = datetime(self.today.year, self.today.month, self.today.day, tzinfo=tz).timestamp()  # up to midnight
        moments = sorted(origin + rng.random() * (end - origin) for _ in range(v.contacts))
        staff_ids, residents = self.staff_ids, self.resident_ids
        values_violence, values_topics = ViolenceType.values, Topic.values
        relations = Relation.values
        ids = self.loader.ids(SupportContact, v.contacts)

        def rows():
            for pk, moment in zip(ids, moments, strict=True):
                at = datetime.fromtimestamp(moment, tz).replace(hour=rng.choice(HOURS))
                if at.timestamp() > end:
                    at = datetime.fromtimestamp(moment, tz)
                kind = rng.choice(KINDS)
                data = kind in (Kind.SUPPORT, Kind.INFORMATION)
                recurring_id = resident_id = None
                if data and rng.random() < 0.3:
                    upto = bisect.bisect_right(rec_sorted_days, at.date())
                    if upto:
                        recurring_id = rec_sorted_ids[rng.randrange(upto)]
                elif data and residents and rng.random() < 0.01:
                    resident_id = rng.choice(residents)
                residence, municipality = self._place()
                housing = data and rng.random() < 0.05
                staff = rng.choice(staff_ids)
                outcomes = []
                if data and rng.random() < 0.35:
                    outcomes = rng.sample(Outcome.values, k=rng.choice((1, 1, 2)))
                interpreter = data and rng.random() < 0.04
                yield (
                    pk,
                    at,
                    rng.choice(CHANNELS),
                    "in" if rng.random() < 0.92 else "out",
                    rng.randint(3, 75) if data else None,
                    staff,
                    kind,
                    rng.choice(CALLERS) if data else Caller.UNKNOWN,
                    rng.choice(AgeBand.values) if data else AgeBand.UNKNOWN,
                    residence,
                    municipality,
                    rng.choice(YesNoUnknown.values) if data else YesNoUnknown.UNKNOWN,
                    rng.sample(values_violence, k=rng.choice((0, 1, 1, 2, 3))) if data else [],
                    rng.choice(relations) if data and rng.random() < 0.7 else "",
                    rng.choice(YesNoUnknown.values) if data else YesNoUnknown.UNKNOWN,
                    rng.sample(values_topics, k=rng.choice((0, 1, 2, 2, 3))) if data else [],
                    outcomes,
                    housing,
                    rng.choice(HousingOutcome.values) if housing and rng.random() < 0.8 else "",
                    interpreter,
                    rng.choice(INTERPRETER_LANGUAGES) if interpreter else "",
                    recurring_id,
                    resident_id,
                    "",  # notes are optional and encrypted: left empty for speed, see below
                    staff,
                    at,
                    at,
                )

        self.loader.copy(
            SupportContact,
            [
                "id",
                "started_at",
                "channel",
                "direction",
                "duration_minutes",
                "staff_id",
                "kind",
                "caller",
                "age_band",
                "residence",
                "municipality_id",
                "social_services_contact",
                "violence_types",
                "perpetrator_relation",
                "children_affected",
                "topics",
                "outcomes",
                "housing_requested",
                "housing_outcome",
                "interpreter_used",
                "interpreter_language",
                "recurring_contact_id",
                "resident_id",
                "note",
                "created_by_id",
                "created_at",
                "updated_at",
            ],
            rows(),
        )
        # A note on the most recent contacts only (the list shows whether there is one).
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM calls_supportcontact WHERE kind IN ('support', 'information') "
                "ORDER BY started_at DESC LIMIT %s",
                [min(2000, v.contacts // 10)],
            )
            recent = [row[0] for row in cursor.fetchall()]
            notes = [(encrypt(rng.choice(NOTES)), pk) for pk in recent if rng.random() < 0.5]
            cursor.executemany("UPDATE calls_supportcontact SET note = %s WHERE id = %s", notes)
        self.step(f"{v.contacts:,} support contacts ({len(notes):,} with a note)")

    # -- implementation plans and the support around them --------------------------------------------------

    def _plans(self) -> None:
        rng = self.rng
        staff = self.staff_ids
        recent = self.today - timedelta(days=3 * 365)
        plan_slots = [s for s in self.slots if rng.random() < (0.7 if s.intake >= recent else 0.2)]
        plan_ids = self.loader.ids(ImplementationPlan, len(plan_slots))
        plans, goals, activities, follow_ups, assessments = [], [], [], [], []
        goal_id = iter(self.loader.ids(Goal, len(plan_slots) * 4))
        activity_id = iter(self.loader.ids(Activity, len(plan_slots) * 8))
        follow_id = iter(self.loader.ids(PlanFollowUp, len(plan_slots) * 2))
        areas = LifeArea.values
        for pk, slot in zip(plan_ids, plan_slots, strict=True):
            end = slot.discharge or self.today
            length = max(1, (end - slot.intake).days)
            created = _aware(slot.intake + timedelta(days=min(length - 1, rng.randint(1, 10))), 11)
            open_stay = slot.discharge is None or slot.discharge > self.today
            plans.append(
                (
                    pk,
                    slot.id,
                    self.today + timedelta(days=rng.randint(3, 40)) if open_stay else None,
                    created,
                    rng.choice(staff),
                    created,
                )
            )
            for area in rng.sample(areas, k=rng.randint(2, 4)):
                gid = next(goal_id)
                goals.append((gid, pk, area, encrypt(GOALS[area]), created))
                for _ in range(rng.randint(1, 2)):
                    when = slot.intake + timedelta(days=rng.randint(3, max(3, length)))
                    status = (
                        ActivityStatus.DONE
                        if when < self.today
                        else rng.choice([ActivityStatus.PLANNED, ActivityStatus.ONGOING])
                    )
                    activities.append(
                        (
                            next(activity_id),
                            gid,
                            rng.choice(ACTIVITIES),
                            rng.choice(ActivityWho.values),
                            when,
                            status,
                            created,
                        )
                    )
            for k in range(rng.randint(0, 2)):
                held = slot.intake + timedelta(days=min(length, 30 * (k + 1)))
                if held <= self.today:
                    follow_ups.append(
                        (
                            next(follow_id),
                            pk,
                            held,
                            encrypt("Gick igenom planen tillsammans."),
                            rng.choice(staff),
                            _aware(held, 13),
                        )
                    )
            for occasion, day in [(Occasion.INTAKE, slot.intake)] + (
                [(Occasion.DISCHARGE, slot.discharge - timedelta(days=1))] if not open_stay and length > 14 else []
            ):
                base = 2 if occasion == Occasion.INTAKE else 3
                answers = [max(1, min(4, base + rng.choice((-1, 0, 0, 1)))) for _ in range(10)]
                # Reverse-scored items: a low self-esteem answers them "agree".
                answers = [5 - a if n in (2, 5, 6, 8, 9) else a for n, a in enumerate(answers, start=1)]
                score = sum(item_points(n, a) for n, a in enumerate(answers, start=1))
                assessments.append(
                    (slot.resident_id, occasion, day, *answers, score, rng.choice(staff), _aware(day, 14))
                )
        self.loader.copy(
            ImplementationPlan,
            ["id", "stay_id", "next_follow_up_on", "created_at", "created_by_id", "updated_at"],
            plans,
        )
        self.loader.copy(Goal, ["id", "plan_id", "area", "text", "created_at"], goals)
        self.loader.copy(Activity, ["id", "goal_id", "what", "who", "when", "status", "created_at"], activities)
        self.loader.copy(PlanFollowUp, ["id", "plan_id", "held_on", "note", "author_id", "created_at"], follow_ups)
        ids = self.loader.ids(SelfAssessment, len(assessments))
        self.loader.copy(
            SelfAssessment,
            ["id", "resident_id", "occasion", "answered_on"]
            + [f"item_{n}" for n in range(1, 11)]
            + ["score", "entered_by_id", "created_at"],
            ((pk, *row) for pk, row in zip(ids, assessments, strict=True)),
        )
        self.plan_stays = [s.id for s in plan_slots]
        self.step(
            f"{len(plans):,} plans, {len(goals):,} goals, {len(activities):,} activities, "
            f"{len(assessments):,} self-assessments"
        )

        support, safety, orientation = [], [], []
        topics = list(OrientationTopic.objects.values_list("pk", flat=True))
        seen: set[int] = set()
        for slot in plan_slots:
            end = min(slot.discharge or self.today, self.today)
            length = max(1, (end - slot.intake).days)
            for _ in range(rng.randint(0, 4)):
                support.append(
                    (
                        slot.resident_id,
                        rng.choice(SupportKind.values),
                        rng.choice(Authority.values),
                        rng.choice(PURPOSES),
                        slot.intake + timedelta(days=rng.randrange(length)),
                        rng.choice(staff),
                        rng.choice((30, 60, 90, 120, 180)),
                    )
                )
            if slot.resident_id in seen:
                continue
            seen.add(slot.resident_id)
            if rng.random() < 0.6:
                safety.append(
                    (
                        slot.resident_id,
                        slot.intake + timedelta(days=2),
                        "Personalen",
                        rng.choice(["freda_short", "freda_danger", "patriark", "none"]),
                        rng.random() < 0.7,
                        rng.random() < 0.6,
                        slot.intake + timedelta(days=90),
                        _aware(slot.intake, 16),
                    )
                )
            for topic in rng.sample(topics, k=min(len(topics), rng.randint(0, 5))):
                orientation.append(
                    (
                        slot.resident_id,
                        topic,
                        rng.choice(OrientationStatus.values),
                        slot.intake + timedelta(days=rng.randrange(length)),
                    )
                )
        ids = self.loader.ids(SupportEntry, len(support))
        self.loader.copy(
            SupportEntry,
            ["id", "resident_id", "kind", "authority", "purpose", "on", "staff_member_id", "duration_minutes"],
            ((pk, *row) for pk, row in zip(ids, support, strict=True)),
        )
        ids = self.loader.ids(SafetyPlan, len(safety))
        self.loader.copy(
            SafetyPlan,
            [
                "id",
                "resident_id",
                "risk_assessed_on",
                "risk_assessed_by",
                "risk_tool",
                "location_services_checked",
                "social_media_checked",
                "review_on",
                "updated_at",
            ],
            ((pk, *row) for pk, row in zip(ids, safety, strict=True)),
        )
        ids = self.loader.ids(OrientationProgress, len(orientation))
        self.loader.copy(
            OrientationProgress,
            ["id", "resident_id", "topic_id", "status", "on"],
            ((pk, *row) for pk, row in zip(ids, orientation, strict=True)),
        )

        # The weekly house meeting, with some of the women living there that day.
        meetings, attendees = [], []
        by_intake = sorted(self.slots, key=lambda s: s.intake)
        intakes = [s.intake for s in by_intake]
        day = self.first_day + timedelta(days=(7 - self.first_day.weekday()) % 7 + 2)  # a Wednesday
        weeks = (self.today - day).days // 7 + 1
        meeting_ids = iter(self.loader.ids(HouseMeeting, weeks))
        through = HouseMeeting.attendees.through
        attendee_ids = iter(self.loader.ids(through, weeks * 10))
        while day <= self.today:
            mid = next(meeting_ids)
            meetings.append(
                (
                    mid,
                    day,
                    rng.sample(MeetingTopic.values, k=rng.randint(1, 2)),
                    "Kort genomgång av veckan.",
                    rng.choice(staff),
                    _aware(day, 18),
                )
            )
            lo = bisect.bisect_left(intakes, day - timedelta(days=541))
            upto = bisect.bisect_right(intakes, day)
            living = [s.resident_id for s in by_intake[lo:upto] if s.discharge is None or s.discharge > day]
            for resident in rng.sample(living, k=min(len(living), rng.randint(2, 10))):
                attendees.append((next(attendee_ids), mid, resident))
            day += timedelta(days=7)
        self.loader.copy(HouseMeeting, ["id", "held_on", "topics", "minutes", "created_by_id", "created_at"], meetings)
        self.loader.copy(through, ["id", "housemeeting_id", "resident_id"], attendees)
        self.step(
            f"{len(support):,} support entries, {len(safety):,} safety plans, {len(orientation):,} orientation rows, "
            f"{len(meetings):,} house meetings"
        )

    # -- contact women, study circles, matches, meetings --------------------------------------------------

    def _volunteers(self) -> None:
        rng, v = self.rng, self.v
        users = self.volunteer_user_ids
        demo = {u.pk for u in self.demo_users.values() if u.role == Role.VOLUNTEER}
        profile_ids = self.loader.ids(VolunteerProfile, len(users))
        span_days = (self.today - self.first_day).days
        profiles, joined = [], {}
        statuses = [VolunteerStatus.ACTIVE] * 6 + [VolunteerStatus.IN_TRAINING, VolunteerStatus.APPLICANT]
        statuses += [VolunteerStatus.PAUSED, VolunteerStatus.ENDED, VolunteerStatus.ENDED]
        status_of = {}
        for pk, user in zip(profile_ids, users, strict=True):
            start = self.first_day + timedelta(days=rng.randrange(span_days))
            status = VolunteerStatus.ACTIVE if user in demo else rng.choice(statuses)
            if status == VolunteerStatus.IN_TRAINING or status == VolunteerStatus.APPLICANT:
                start = self.today - timedelta(days=rng.randint(10, 60))
            trained = status not in (VolunteerStatus.APPLICANT, VolunteerStatus.IN_TRAINING)
            joined[pk] = start
            status_of[pk] = status
            profiles.append(
                (
                    pk,
                    user,
                    rng.choice(PROFESSIONS),
                    ["sv", "ar", "en"] if user in demo else rng.choice(VOLUNTEER_LANGUAGES),
                    rng.choice(INTERESTS),
                    rng.sample(HelpArea.values, k=rng.randint(2, 5)),
                    rng.sample(AVAILABILITY_SLOTS, k=rng.randint(3, 8)),
                    rng.choice((1, 2, 2, 3)),
                    start + timedelta(days=60) if trained else None,
                    start + timedelta(days=30) if trained else None,
                    status,
                    "Flyttat till annan ort" if status in (VolunteerStatus.PAUSED, VolunteerStatus.ENDED) else "",
                    _aware(start, 10),
                )
            )
        self.loader.copy(
            VolunteerProfile,
            [
                "id",
                "user_id",
                "profession",
                "languages",
                "interests",
                "help_areas",
                "availability",
                "capacity",
                "pledge_signed_on",
                "record_extract_seen_on",
                "status",
                "status_reason",
                "created_at",
            ],
            profiles,
        )

        # Study circles: a spring and an autumn circle per year, each with up to 14 new contact women.
        by_start = sorted(profile_ids, key=lambda p: joined[p])
        circles, sessions, participants, attendance = [], [], [], []
        groups = [by_start[i : i + 14] for i in range(0, len(by_start), 14)]
        circle_ids = self.loader.ids(StudyCircle, len(groups))
        session_ids = iter(self.loader.ids(StudySession, len(groups) * 8))
        through = StudyCircle.participants.through
        participant_ids = iter(self.loader.ids(through, len(by_start)))
        attendance_ids = iter(self.loader.ids(Attendance, len(by_start) * 8))
        coordinator = self.demo_users.get("samordnare")
        for circle_id, group in zip(circle_ids, groups, strict=True):
            first = joined[group[0]]
            circles.append(
                (
                    circle_id,
                    f"{SEASONS[first.month > 6]} {first.year} ({circle_id})",
                    "Sara Samordnare",
                    _aware(first, 9),
                )
            )
            own_sessions = []
            for number, topic in enumerate(DEFAULT_TOPICS, start=1):
                sid = next(session_ids)
                on = first + timedelta(weeks=number)
                own_sessions.append((sid, on))
                sessions.append((sid, circle_id, number, on, DEFAULT_SESSION_HOURS, str(topic)))
            for profile in group:
                participants.append((next(participant_ids), circle_id, profile))
                status = status_of[profile]
                attended = (
                    8 if status not in (VolunteerStatus.APPLICANT, VolunteerStatus.IN_TRAINING) else rng.randint(0, 7)
                )
                for index, (sid, on) in enumerate(own_sessions):
                    if on > self.today or index >= attended:
                        continue
                    make_up = rng.random() < 0.06
                    attendance.append(
                        (
                            next(attendance_ids),
                            sid,
                            profile,
                            make_up,
                            on + timedelta(days=10) if make_up else None,
                            DEFAULT_SESSION_HOURS,
                            coordinator.pk if coordinator else None,
                        )
                    )
        self.loader.copy(StudyCircle, ["id", "name", "leader", "created_at"], circles)
        self.loader.copy(StudySession, ["id", "circle_id", "number", "date", "hours", "topic"], sessions)
        self.loader.copy(through, ["id", "studycircle_id", "volunteerprofile_id"], participants)
        self.loader.copy(
            Attendance,
            ["id", "session_id", "volunteer_id", "make_up", "make_up_on", "hours", "recorded_by_id"],
            attendance,
        )
        self.step(f"{len(profiles):,} contact women, {len(circles):,} study circles, {len(attendance):,} attendances")

        # Matches: a share of the stays get a contact woman who was trained when the stay began.
        trained = sorted(
            (p for p in profile_ids if status_of[p] not in (VolunteerStatus.APPLICANT, VolunteerStatus.IN_TRAINING)),
            key=lambda p: joined[p],
        )
        trained_since = [joined[p] + timedelta(days=60) for p in trained]
        user_of = dict(zip(profile_ids, users, strict=True))
        demo_profiles = [p for p, row in zip(profile_ids, profiles, strict=True) if row[1] in demo]
        per_match = 12
        wanted = max(1, v.meetings // per_match)
        candidates = [s for s in self.slots if s.intake >= self.first_day + timedelta(days=200)]
        chosen = rng.sample(candidates, k=min(len(candidates), wanted))
        current = [s for s in self.slots if s.discharge is None and s.intake <= self.today]
        # The demo contact women each support a few women living here now (their phone view has content).
        for slot in current[: 3 * len(demo_profiles)]:
            if slot not in chosen:
                chosen.append(slot)
        chosen.sort(key=lambda s: s.intake)
        match_ids = self.loader.ids(Match, len(chosen))
        matches, meetings = [], []
        open_pairs: set[tuple[int, int]] = set()
        demo_slots = (
            {s.id: demo_profiles[i % len(demo_profiles)] for i, s in enumerate(current[: 3 * len(demo_profiles)])}
            if demo_profiles
            else {}
        )
        tz = timezone.get_current_timezone()
        meeting_budget = v.meetings
        for pk, slot in zip(match_ids, chosen, strict=True):
            start = slot.intake + timedelta(days=rng.randint(7, 30))
            if slot.id in demo_slots:
                volunteer = demo_slots[slot.id]
                start = min(start, self.today - timedelta(days=14))
            else:
                upto = bisect.bisect_right(trained_since, slot.intake)
                if not upto:
                    continue
                volunteer = trained[rng.randrange(max(0, upto - 300), upto)]
                for _ in range(5):  # an open match goes to someone still active
                    if status_of[volunteer] == VolunteerStatus.ACTIVE:
                        break
                    volunteer = trained[rng.randrange(max(0, upto - 300), upto)]
            ended_stay = slot.discharge is not None and slot.discharge <= self.today
            end_on = None
            if ended_stay:
                end_on = slot.discharge + timedelta(days=rng.randint(0, 120))  # after-care goes on a while
                if end_on > self.today:
                    end_on = None
            status = MatchStatus.ENDED if end_on else MatchStatus.ACTIVE
            if status != MatchStatus.ENDED:
                if (volunteer, slot.resident_id) in open_pairs:
                    continue
                open_pairs.add((volunteer, slot.resident_id))
            proposed = _aware(start - timedelta(days=3), 10)
            languages = [c for c in self.resident_languages.get(slot.resident_id, []) if c in ("sv", "en", "ar")][:2]
            matches.append(
                (
                    pk,
                    volunteer,
                    slot.resident_id,
                    status,
                    languages,
                    rng.sample([HelpArea.WALKS, HelpArea.FIKA, HelpArea.SWEDISH, HelpArea.HOUSING], k=2),
                    rng.randint(20, 60),
                    rng.choice(self.staff_ids),
                    proposed,
                    rng.choice(self.staff_ids),
                    proposed + timedelta(days=1),
                    proposed + timedelta(days=2),
                    start,
                    end_on,
                    rng.choice([EndReason.COMPLETED, EndReason.COMPLETED, EndReason.MOVED, EndReason.RESIDENT_WISH])
                    if end_on
                    else "",
                )
            )
            last = end_on or self.today + timedelta(days=21)
            day = start
            n = 0
            user_id = user_of[volunteer]
            while day < last and n < per_match * 4 and meeting_budget > 0:
                future = day > self.today
                held = not future and rng.random() < 0.93
                meetings.append(
                    (
                        pk,
                        datetime(
                            day.year,
                            day.month,
                            day.day,
                            rng.choice((10, 13, 14, 15, 17)),
                            rng.choice((0, 30)),
                            tzinfo=tz,
                        ),
                        rng.choice(MEETING_TYPES),
                        rng.choice(PLACES),
                        MeetingStatus.PLANNED if future else (MeetingStatus.HELD if held else MeetingStatus.CANCELLED),
                        Decimal(rng.choice(("1", "1.5", "2", "2.5"))) if held and not future else None,
                        user_id,
                        _aware(min(day, self.today), 9),
                    )
                )
                n += 1
                meeting_budget -= 1
                day += timedelta(days=rng.choice((5, 7, 7, 7, 10, 14)))
        self.loader.copy(
            Match,
            [
                "id",
                "volunteer_id",
                "resident_id",
                "status",
                "wished_languages",
                "wished_activities",
                "score",
                "proposed_by_id",
                "proposed_at",
                "approved_by_id",
                "approved_at",
                "accepted_at",
                "started_on",
                "ended_on",
                "end_reason",
            ],
            matches,
        )
        ids = self.loader.ids(Meeting, len(meetings))
        self.loader.copy(
            Meeting,
            [
                "id",
                "match_id",
                "starts_at",
                "meeting_type",
                "place",
                "status",
                "duration_hours",
                "created_by_id",
                "created_at",
            ],
            ((pk, *row) for pk, row in zip(ids, meetings, strict=True)),
        )
        self.step(f"{len(matches):,} matches, {len(meetings):,} meetings")


def seed_bulk(*, volumes: Volumes, seed: int, users: dict[str, User], log=print) -> dict[str, int]:
    """Load generated data for every app with COPY; returns rows per table. Call inside a transaction."""
    return Generator(volumes=volumes, seed=seed, log=log).run(users)


def seed_registers(*, rng: random.Random, years: int) -> None:
    """A few rows a year in the report registers for the earlier years (the reporting seeder adds last year's)."""
    from reporting.models import CompetenceDevelopment, OutreachActivity, OutreachKind

    today = timezone.localdate()
    outreach, courses = [], []
    for year in range(today.year - years + 1, today.year - 1):
        for _ in range(rng.randint(4, 9)):
            outreach.append(
                OutreachActivity(
                    date=date(year, 1, 1) + timedelta(days=rng.randrange(365)),
                    kind=rng.choice(OutreachKind.values),
                    title=rng.choice(["Jourens arbete", "Våld i nära relationer", "Orange day", "Informationsbord"]),
                    audience=rng.choice(["SFI-elever", "Allmänheten", "Vårdpersonal", "Socionomstudenter"]),
                    participants=rng.choice([None, 15, 25, 40, 60]),
                )
            )
        for _ in range(rng.randint(2, 4)):
            courses.append(
                CompetenceDevelopment(
                    date=date(year, 1, 1) + timedelta(days=rng.randrange(365)),
                    title=rng.choice(["Barnperspektivet", "Hedersrelaterat våld", "Digital säkerhet"]),
                    provider=rng.choice(["Länsstyrelsen", "Unizon", "Kompetenscentrum"]),
                    hours=Decimal(rng.choice(["2", "3", "6", "7.5"])),
                    staff_participants=rng.randint(1, 6),
                )
            )
    OutreachActivity.objects.bulk_create(outreach)
    CompetenceDevelopment.objects.bulk_create(courses)
