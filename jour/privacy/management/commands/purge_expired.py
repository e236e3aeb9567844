from django.core.management.base import BaseCommand
from django.utils import timezone

from jour.privacy.purge import run_purge


class Command(BaseCommand):
    help = "Delete or anonymise personal data whose retention period has ended. Run daily; safe to repeat."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list what would go and change nothing")

    def handle(self, *args, dry_run, **options):
        purged = run_purge(now=timezone.now(), dry_run=dry_run)
        verb = "would purge" if dry_run else "purged"
        for category, identifiers in purged.items():
            shown = ", ".join(identifiers[:20]) + (" …" if len(identifiers) > 20 else "")
            self.stdout.write(f"{verb} {len(identifiers):>6} {category}" + (f": {shown}" if identifiers else ""))
