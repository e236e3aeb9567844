import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jour.accounts.models import Role, User
from jour.audit.alerts import refresh_alerts
from jour.audit.models import AuditAlert


class Command(BaseCommand):
    help = "E-mail each new audit alert to the active coordinators (run every 15 minutes from cron or a timer)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="how far back to look")

    def handle(self, *args, hours, **options):
        now = timezone.now()
        refresh_alerts(now=now)  # also keeps the log page's alerts fresh when nobody opens it
        if not settings.AUDIT_ALERT_EMAILS:
            self.stdout.write("AUDIT_ALERT_EMAILS is off: nothing sent.")
            return
        recipients = list(
            User.objects.filter(role=Role.COORDINATOR, is_active=True).exclude(email="").values_list("email", flat=True)
        )
        if not recipients:
            self.stdout.write("0 alert(s) sent.")
            return
        unsent = AuditAlert.objects.filter(at__gte=now - dt.timedelta(hours=hours), notified_at__isnull=True)
        sent = 0
        with translation.override(settings.LANGUAGE_CODE):
            for alert in unsent.order_by("at", "id"):
                # Kind and time only: the coordinator reads the details in Jour, behind her login.
                body = _("Jour has an audit alert: %(label)s (%(time)s). Open the audit log in Jour to review it.") % {
                    "label": alert.label,
                    "time": timezone.localtime(alert.at).strftime("%Y-%m-%d %H:%M"),
                }
                send_mail(_("Jour: audit alert"), body, None, recipients)
                AuditAlert.objects.filter(pk=alert.pk).update(notified_at=timezone.now())
                sent += 1
        self.stdout.write(f"{sent} alert(s) sent.")
