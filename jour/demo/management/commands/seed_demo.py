import time

from django.core.management.base import BaseCommand
from django.db import transaction

from jour.accounts.models import User
from jour.demo.accounts import require_demo_mode, seed_accounts
from jour.demo.bulk import SCALES, seed_bulk
from jour.demo.registry import rng_for, seeders


class Command(BaseCommand):
    help = "Fill the database with realistic, deterministic Swedish demo data (every app's demo.py seeder)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["demo", *SCALES], default="demo")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--if-empty", action="store_true", help="do nothing when demo users already exist")

    def handle(self, *args, scale, seed, if_empty, **options):
        require_demo_mode()
        if if_empty and User.objects.filter(username="samordnare").exists():
            self.stdout.write("Demo data already loaded.")
            return
        started = time.perf_counter()
        with transaction.atomic():
            users = seed_accounts()
            if scale == "demo":
                for seeder in seeders():
                    seeder.seed(scale=scale, rng=rng_for(seed, seeder.name), users=users)
                    self.stdout.write(f"  seeded {seeder.name}")
            else:
                seed_bulk(scale=scale, volumes=SCALES[scale], seed=seed, users=users, log=self.stdout.write)
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Demo data ({scale}) loaded in {elapsed:.0f} s."))
