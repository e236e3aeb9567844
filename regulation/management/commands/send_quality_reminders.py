"""E-mail reminders of systematic quality work: routines to review (to their owners) and late lex Sarah steps
(to the coordinators). Titles and dates only, never a person or what happened.

Run once a day: the quality_reminders timer of bin/install-server (manage.py run_task quality_reminders).
A reminder goes out on the day something falls due and then once a week while it stays open.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.mail import get_connection, send_mass_mail
from django.core.management.base import BaseCommand
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jour.accounts.models import Role, User
from jour.shelter.models import ShelterProfile
from regulation.models import Routine
from regulation.quality import REMINDER_DAYS, open_lex_sarah

REPEAT_DAYS = 7


def reminder_day(due: dt.date, today: dt.date) -> bool:
    """The day it falls due, then every REPEAT_DAYS days while it stays open."""
    late = (today - due).days
    return late >= 0 and late % REPEAT_DAYS == 0


class Command(BaseCommand):
    help = "E-mail routine owners about reviews due and coordinators about late lex Sarah steps."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count the e-mails without sending them")

    def handle(self, *args, dry_run: bool = False, **options):
        with translation.override(settings.LANGUAGE_CODE):
            messages = self._routines() + self._lex_sarah()
        if not dry_run and messages:
            send_mass_mail(messages, fail_silently=False, connection=get_connection())
        self.stdout.write(f"{len(messages)} reminder(s) {'to send' if dry_run else 'sent'}.")

    def _routines(self) -> list[tuple]:
        today = timezone.localdate()
        per_owner: dict[str, list[Routine]] = defaultdict(list)
        routines = Routine.objects.filter(
            is_active=True, owner__is_active=True, next_review_on__lte=today + dt.timedelta(days=REMINDER_DAYS)
        ).exclude(owner__email="")
        for routine in routines.select_related("owner").order_by("next_review_on", "id"):
            if reminder_day(routine.next_review_on - dt.timedelta(days=REMINDER_DAYS), today):
                per_owner[routine.owner.email].append(routine)
        shelter = ShelterProfile.load().name or "Jour"
        return [
            (
                _("Routines to review"),
                "\n".join(
                    [
                        _("Hello,"),
                        "",
                        _("These routines of yours are due for review:"),
                        "",
                        *[f"{r.next_review_on.isoformat()} {r.title}" for r in owned],
                        "",
                        _("Mark a routine as reviewed under Supervision → Routines in Jour."),
                        "",
                        shelter,
                    ]
                ),
                settings.DEFAULT_FROM_EMAIL,
                [email],
            )
            for email, owned in per_owner.items()
        ]

    def _lex_sarah(self) -> list[tuple]:
        today = timezone.localdate()
        late = [
            (report, step, due)
            for report in open_lex_sarah(today=today)
            for step, due in report.due_dates().items()
            if reminder_day(due + dt.timedelta(days=1), today)
        ]
        if not late:
            return []
        steps = {"risk_assessed": _("risk assessment"), "investigated": _("investigation"), "ivo": _("report to IVO")}
        lines = [
            _("Lex Sarah report of %(date)s: %(step)s was due %(due)s")
            % {"date": report.date.isoformat(), "step": steps[step], "due": due.isoformat()}
            for report, step, due in late
        ]
        body = "\n".join([_("Hello,"), "", *lines, "", ShelterProfile.load().name or "Jour"])
        coordinators = User.objects.filter(role=Role.COORDINATOR, is_active=True).exclude(email="")
        return [
            (_("Lex Sarah steps past their deadline"), body, settings.DEFAULT_FROM_EMAIL, [email])
            for email in coordinators.values_list("email", flat=True)
        ]
