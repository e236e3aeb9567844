import random

from django.core.management.base import BaseCommand
from django.db import transaction

from jour.accounts.models import User
from jour.demo.accounts import require_demo_mode, seed_accounts
from jour.demo.registry import SEEDERS


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
        with transaction.atomic():
            users = seed_accounts()
            for name, seeder in SEEDERS:
                seeder(scale=scale, rng=rng, users=users)
                self.stdout.write(f"  seeded {name}")
        self.stdout.write(self.style.SUCCESS(f"Demo data ({scale}) loaded."))
