import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jour.audit.log import record
from jour.audit.models import Action
from jour.directory.public_profile import ProfileIncomplete, build_public_profile
from jour.shelter.models import ShelterProfile


class Command(BaseCommand):
    help = "Write the shelter's public profile (JSON, see docs/directory.md) to standard output or a file."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write instead of standard output")

    def handle(self, *args, output=None, **options):
        profile = ShelterProfile.load()
        try:
            document = build_public_profile(profile=profile, now=timezone.now())
        except ProfileIncomplete as error:
            raise CommandError("Set the shelter's municipality in the shelter profile first.") from error
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
        record(None, Action.EXPORT, profile, detail={"format": "json", "document": "public_profile", "via": "command"})
