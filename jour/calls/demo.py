"""Demo support contacts with recurring callers.

The demo scale (`seed`): a few hundred over the last two years, through the models. The large and national
scales (`seed_bulk`): ten years of contacts loaded with COPY (jour/demo/bulk.py), the recurring codes' counter
left at the highest number used. Deterministic for a given rng (seed). Pseudonyms come from Faker (sv_SE);
there are no other person data.
"""

from __future__ import annotations

import bisect
import random
from datetime import date, datetime, timedelta

from django.db import connection
from django.utils import timezone
from faker import Faker

from jour.crypto import encrypt
from jour.demo.bulk import BulkPart, BulkRun, aware
from jour.demo.registry import register
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
    RecurringContactSequence,
    Relation,
    Residence,
    SupportContact,
    Topic,
    ViolenceType,
    YesNoUnknown,
)

CONTACTS = 400
RECURRING = 18
KIND_WEIGHTS = [(Kind.SUPPORT, 70), (Kind.INFORMATION, 12), (Kind.SILENT, 6), (Kind.HANG_UP, 5),
                (Kind.WRONG_NUMBER, 4), (Kind.PRANK, 2), (Kind.TEST, 1)]  # fmt: skip
CHANNEL_WEIGHTS = [(Channel.PHONE, 60), (Channel.EMAIL, 12), (Channel.CHAT, 10), (Channel.SMS, 6),
                   (Channel.MEETING, 10), (Channel.OTHER, 2)]  # fmt: skip
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
    staff = [u for u in users.values() if u.works_here]
    home = ShelterProfile.load().municipality_id
    neighbours = list(Municipality.objects.filter(code__in=NEIGHBOURS).values_list("code", flat=True))
    recurring = []
    for _ in range(RECURRING):
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
    for _ in range(CONTACTS):
        day = (now - timedelta(days=rng.randint(0, 730))).astimezone(tz).date()
        started = datetime(
            day.year, day.month, day.day, rng.randint(8, 21), rng.choice((0, 10, 20, 30, 40, 50)), tzinfo=tz
        )
        started = min(started, now - timedelta(minutes=5))
        kind = _weighted(rng, KIND_WEIGHTS)
        channel = _weighted(rng, CHANNEL_WEIGHTS)
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


# -- the large and national scales: COPY ------------------------------------------------------------------

KINDS = [kind for kind, weight in KIND_WEIGHTS for _ in range(weight)]
CHANNELS = [channel for channel, weight in CHANNEL_WEIGHTS for _ in range(weight)]
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
RECURRING_COLUMNS = [
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
]
CONTACT_COLUMNS = [
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
]


class _Bulk(BulkPart):
    name = "calls"

    def load(self) -> None:
        recurring = self._recurring()
        self._contacts(recurring)
        self._notes()

    def _place(self) -> tuple[str, str | None]:
        place = self.rng.random()
        if place < 0.55:
            return Residence.MUNICIPALITY, self.home
        if place < 0.75:
            return Residence.MUNICIPALITY, self.rng.choice(self.near)
        if place < 0.9:
            return Residence.MUNICIPALITY, self.rng.choice(self.municipalities)
        return (Residence.ABROAD if place < 0.92 else Residence.UNKNOWN), None

    def _recurring(self) -> tuple[list[date], list[int]]:
        """Recurring contacts with their yearly codes; returns the days they were made on and their ids, in
        the order of those days (a recurring contact calls from the day her code was made)."""
        rng = self.rng
        span_days = (self.today - self.first_day).days
        rows, numbers, days = [], {}, []
        existing = dict(RecurringContactSequence.objects.values_list("year", "last"))
        for pk in self.loader.ids(RecurringContact, self.v.recurring):
            created = self.first_day + timedelta(days=rng.randrange(span_days))
            year = created.year
            numbers[year] = numbers.get(year, existing.get(year, 0)) + 1
            residence, municipality = self._place()
            rows.append(
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
                    aware(created, 12),
                )
            )
            days.append(created)
        self.loader.copy(RecurringContact, RECURRING_COLUMNS, rows)
        RecurringContactSequence.continue_after(numbers)
        order = sorted(range(len(rows)), key=lambda i: days[i])
        self.step(f"{len(rows):,} recurring contacts")
        return [days[i] for i in order], [rows[i][0] for i in order]

    def _contacts(self, recurring: tuple[list[date], list[int]]) -> None:
        """In time order, as contacts are logged in real life: a year's rows sit together on disk."""
        rng, v = self.rng, self.v
        tz = timezone.get_current_timezone()
        origin = datetime(self.first_day.year, 1, 1, tzinfo=tz).timestamp()
        end = datetime(self.today.year, self.today.month, self.today.day, tzinfo=tz).timestamp()  # up to midnight
        moments = sorted(origin + rng.random() * (end - origin) for _ in range(v.contacts))
        recurring_days, recurring_ids = recurring
        staff_ids, residents = self.staff_ids, self.run.shared.get("residents.ids", [])
        # Looked up once: a choice's .values builds a new list on every call, and this runs a million times.
        age_bands, yes_no, outcomes_values = AgeBand.values, YesNoUnknown.values, Outcome.values
        violence_types, topics, relations, housing_outcomes = (
            ViolenceType.values,
            Topic.values,
            Relation.values,
            HousingOutcome.values,
        )
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
                    upto = bisect.bisect_right(recurring_days, at.date())
                    if upto:
                        recurring_id = recurring_ids[rng.randrange(upto)]
                elif data and residents and rng.random() < 0.01:
                    resident_id = rng.choice(residents)
                residence, municipality = self._place()
                housing = data and rng.random() < 0.05
                staff = rng.choice(staff_ids)
                outcomes = []
                if data and rng.random() < 0.35:
                    outcomes = rng.sample(outcomes_values, k=rng.choice((1, 1, 2)))
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
                    rng.choice(age_bands) if data else AgeBand.UNKNOWN,
                    residence,
                    municipality,
                    rng.choice(yes_no) if data else YesNoUnknown.UNKNOWN,
                    rng.sample(violence_types, k=rng.choice((0, 1, 1, 2, 3))) if data else [],
                    rng.choice(relations) if data and rng.random() < 0.7 else "",
                    rng.choice(yes_no) if data else YesNoUnknown.UNKNOWN,
                    rng.sample(topics, k=rng.choice((0, 1, 2, 2, 3))) if data else [],
                    outcomes,
                    housing,
                    rng.choice(housing_outcomes) if housing and rng.random() < 0.8 else "",
                    interpreter,
                    rng.choice(INTERPRETER_LANGUAGES) if interpreter else "",
                    recurring_id,
                    resident_id,
                    "",  # notes are optional and encrypted: left empty for speed, see _notes
                    staff,
                    at,
                    at,
                )

        self.loader.copy(SupportContact, CONTACT_COLUMNS, rows())

    def _notes(self) -> None:
        """A note on the most recent contacts only (the list shows whether there is one)."""
        table = connection.ops.quote_name(SupportContact._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {table} WHERE kind IN ('support', 'information') "  # noqa: S608 - table name only
                "ORDER BY started_at DESC LIMIT %s",
                [min(2000, self.v.contacts // 10)],
            )
            recent = [row[0] for row in cursor.fetchall()]
            notes = [(encrypt(self.rng.choice(NOTES)), pk) for pk in recent if self.rng.random() < 0.5]
            cursor.executemany(f"UPDATE {table} SET note = %s WHERE id = %s", notes)  # noqa: S608 - table name only
        self.step(f"{self.v.contacts:,} support contacts ({len(notes):,} with a note)")


def seed_bulk(run: BulkRun) -> None:
    _Bulk(run).load()


register("calls", seed=seed, bulk=seed_bulk, after=["residents"], fills=[SupportContact])
