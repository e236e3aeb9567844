import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from jour.accounts.models import User
from jour.demo.accounts import require_demo_mode, seed_accounts
from jour.demo.registry import SEEDERS

# The large and national scales generate the big tables in bulk (jour/demo/bulk.py); these small
# seeders still run after it for what has no volume (the jour directory, report registers, a draft report).
BULK_ALSO_RUNS = ("directory", "reporting")


class Command(BaseCommand):
    help = "Fill the database with realistic, deterministic Swedish demo data."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["demo", "large", "national"], default="demo")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--if-empty", action="store_true", help="do nothing when demo users already exist")

    def handle(self, *args, scale, seed, if_empty, **options):
        require_demo_mode()
        if if_empty and User.objects.filter(username="samordnare").exists():
            self.stdout.write("Demo data already loaded.")
            return
        rng = random.Random(seed)
        started = time.perf_counter()
        with transaction.atomic():
            users = seed_accounts()
            if scale == "demo":
                seeders = SEEDERS
            else:
                from jour.demo.bulk import SCALES, seed_bulk, seed_registers

                seed_bulk(volumes=SCALES[scale], seed=seed, users=users, log=self.stdout.write)
                seed_registers(rng=rng, years=SCALES[scale].years)
                seeders = [(name, seeder) for name, seeder in SEEDERS if name in BULK_ALSO_RUNS]
            for name, seeder in seeders:
                seeder(scale=scale, rng=rng, users=users)
                self.stdout.write(f"  seeded {name}")
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Demo data ({scale}) loaded in {elapsed:.0f} s."))
