"""The large and national demo scales: ten years of realistic Swedish data, loaded with COPY.

    large     one big jour: ~25 000 contacts, 400 residents with children, 80 contact women
    national  a national deployment: 1.5 million contacts, 30 000 residents with 45 000 children,
              3 000 contact women and 200 000 meetings

This module loads the accounts and runs every app's bulk seeder (its `demo.py`, see `registry.py`) in
dependency order; each app generates its own tables. Deterministic for a given seed and day (dates are
relative to today, so there are current residents): each app draws from a random generator of its own,
so one app's data does not change when another app's seeder changes or a new one is added.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from django.core.management.base import CommandError
from django.utils import timezone
from faker import Faker

from jour.accounts.models import Role, User
from jour.shelter.models import Municipality, ShelterProfile

from .copy import Loader
from .registry import rng_for, seeders


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


def aware(day: date, hour: int, minute: int = 0) -> datetime:
    """That day at that time in the jour's time zone."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_current_timezone())


class BulkRun:
    """What the apps' bulk seeders share: the volumes, the days, the accounts, the COPY loader, and in
    `shared` what one app's seeder leaves for those after it (e.g. the residents' stays)."""

    def __init__(self, *, scale: str, volumes: Volumes, seed: int, users: dict[str, User], log=print):
        self.scale = scale
        self.volumes = volumes
        self.seed = seed
        self.demo_users = users
        self.log = log
        self.loader = Loader()
        self.today = timezone.localdate()
        self.first_day = date(self.today.year - volumes.years + 1, 1, 1)
        self.started = time.perf_counter()
        self.shared: dict[str, object] = {}
        self.home = ShelterProfile.load().municipality_id or "0136"
        self.municipalities = list(Municipality.objects.order_by("code").values_list("code", flat=True))
        self.near = [c for c in self.municipalities if c[:2] == self.home[:2]] or [self.home]
        self.staff_ids: list[int] = []
        self.volunteer_user_ids: list[int] = []

    def rng(self, name: str) -> random.Random:
        return rng_for(self.seed, name)

    def faker(self, name: str) -> Faker:
        fake = Faker("sv_SE")
        fake.seed_instance(f"{self.seed}:{name}")
        return fake

    def step(self, message: str) -> None:
        self.log(f"  {time.perf_counter() - self.started:6.1f} s  {message}")


class BulkPart:
    """One app's bulk seeder: its own random generator and Faker, the run's loader, days and accounts."""

    name = ""

    def __init__(self, run: BulkRun):
        self.run = run
        self.v = run.volumes
        self.rng = run.rng(self.name)
        self.loader = run.loader
        self.today = run.today
        self.first_day = run.first_day
        self.staff_ids = run.staff_ids
        self.home, self.municipalities, self.near = run.home, run.municipalities, run.near
        self.step = run.step

    @cached_property
    def fake(self) -> Faker:
        return self.run.faker(self.name)


class _Accounts(BulkPart):
    name = "accounts"

    def load(self) -> None:
        """Staff and contact women's accounts besides the demo logins (unusable passwords: they only populate)."""
        demo_users = self.run.demo_users.values()
        demo_staff = [u.pk for u in demo_users if u.role in (Role.STAFF, Role.COORDINATOR)]
        demo_volunteers = [u.pk for u in demo_users if u.role == Role.VOLUNTEER]
        new_staff = max(0, self.v.staff - len(demo_staff))
        new_vol = max(0, self.v.volunteers - len(demo_volunteers))
        ids = self.loader.ids(User, new_staff + new_vol)
        rows = []
        joined = aware(self.first_day, 9)
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
        self.run.staff_ids[:] = demo_staff + list(ids[:new_staff])
        self.run.volunteer_user_ids[:] = demo_volunteers + list(ids[new_staff:])
        self.step(f"{len(rows):,} accounts")


def seed_bulk(
    *, volumes: Volumes, seed: int, users: dict[str, User], scale: str = "large", log=print
) -> dict[str, int]:
    """Load every app's generated data; returns rows per COPYed table. Call inside a transaction."""
    order = seeders()
    if any(model.objects.exists() for seeder in order for model in seeder.fills):
        raise CommandError("The large and national scales load into an empty database (no residents/contacts).")
    run = BulkRun(scale=scale, volumes=volumes, seed=seed, users=users, log=log)
    _Accounts(run).load()
    for seeder in order:
        run.loader.move_sequences()  # a seeder writing through the ORM gets ids after the COPYed ones
        if seeder.bulk is not None:
            seeder.bulk(run)
        else:
            seeder.seed(scale=scale, rng=run.rng(seeder.name), users=users)
            run.step(f"seeded {seeder.name}")
    run.loader.finish()
    run.step("ids and statistics refreshed")
    return run.loader.counts
