"""E-mail each contact woman about tomorrow's meetings: time and type only, never a name or a place.

Run once a day, e.g. from cron:  0 17 * * *  cd /srv/jour && .venv/bin/python manage.py send_meeting_reminders
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection, send_mass_mail
from django.core.management.base import BaseCommand
from django.utils import timezone, translation
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from jour.shelter.models import ShelterProfile
from volunteers.models import MatchStatus, Meeting, MeetingStatus


class Command(BaseCommand):
    help = "E-mail each contact woman the time and type of her meetings tomorrow (no names)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count the e-mails without sending them")

    def handle(self, *args, dry_run: bool = False, **options):
        with translation.override(settings.LANGUAGE_CODE):
            sent = self._send(dry_run=dry_run)
        self.stdout.write(f"{sent} reminder(s) {'to send' if dry_run else 'sent'}.")

    def _send(self, *, dry_run: bool) -> int:
        tomorrow = timezone.localdate() + timedelta(days=1)
        meetings = (
            Meeting.objects.filter(
                status=MeetingStatus.PLANNED,
                starts_at__date=tomorrow,
                match__status=MatchStatus.ACTIVE,
                match__volunteer__user__is_active=True,
            )
            .exclude(match__volunteer__user__email="")
            .select_related("match__volunteer__user")
            .only("starts_at", "meeting_type", "match__volunteer__user__email")
            .order_by("match__volunteer__user_id", "starts_at")
        )
        per_volunteer: dict[str, list[Meeting]] = defaultdict(list)
        for meeting in meetings:
            per_volunteer[meeting.match.volunteer.user.email].append(meeting)
        shelter = ShelterProfile.load().name or "Jour"
        messages = []
        for email, her_meetings in per_volunteer.items():
            lines = [
                f"{time_format(timezone.localtime(m.starts_at), 'H:i')} {m.get_meeting_type_display()}"
                for m in her_meetings
            ]
            body = "\n".join(
                [
                    _("Hello,"),
                    "",
                    _("A reminder of your meetings tomorrow, %(date)s:") % {"date": tomorrow.isoformat()},
                    "",
                    *lines,
                    "",
                    _("See the details under My meetings in Jour. If you cannot come, tell the staff."),
                    "",
                    shelter,
                ]
            )
            messages.append((_("Your meetings tomorrow"), body, settings.DEFAULT_FROM_EMAIL, [email]))
        if not dry_run and messages:
            send_mass_mail(messages, fail_silently=False, connection=get_connection())
        return len(messages)
