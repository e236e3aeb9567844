import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jour.accounts.models import Role, User
from jour.audit.alerts import find_alerts
from jour.audit.models import AlertNotice


class Command(BaseCommand):
    help = "E-mail each new audit alert to the active coordinators (run every 15 minutes from cron or a timer)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="how far back to look")

    def handle(self, *args, hours, **options):
        if not settings.AUDIT_ALERT_EMAILS:
            self.stdout.write("AUDIT_ALERT_EMAILS is off: nothing sent.")
            return
        recipients = list(
            User.objects.filter(role=Role.COORDINATOR, is_active=True).exclude(email="").values_list("email", flat=True)
        )
        alerts = find_alerts(since=timezone.now() - dt.timedelta(hours=hours))
        already = set(AlertNotice.objects.filter(key__in=[a.key for a in alerts]).values_list("key", flat=True))
        sent = 0
        with translation.override(settings.LANGUAGE_CODE):
            for alert in alerts:
                if alert.key in already or not recipients:
                    continue
                # Kind and time only: the coordinator reads the details in Jour, behind her login.
                body = _("Jour has an audit alert: %(label)s (%(time)s). Open the audit log in Jour to review it.") % {
                    "label": alert.label,
                    "time": timezone.localtime(alert.at).strftime("%Y-%m-%d %H:%M"),
                }
                send_mail(_("Jour: audit alert"), body, None, recipients)
                AlertNotice.objects.create(key=alert.key)
                sent += 1
        self.stdout.write(f"{sent} alert(s) sent.")
