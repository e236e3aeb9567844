from django.conf import settings
from django.core.management.base import BaseCommand
from django_otp.oath import TOTP

from jour.accounts.devices import AuthenticatorAppDevice
from jour.demo.accounts import DEMO_PASSWORD, DEMO_USERS, require_demo_mode


class Command(BaseCommand):
    help = "Print the demo logins and the current two-factor code of each demo account (demo mode only)."

    def handle(self, *args, **options):
        require_demo_mode()
        # make run sets JOUR_URL to where it serves (PORT, HOST).
        url = (settings.JOUR_URL or "http://127.0.0.1:8000").rstrip("/")
        self.stdout.write(f"Demo logins at {url}/ (password for all: {DEMO_PASSWORD})")
        for username, _first, _last, role, _key in DEMO_USERS:
            device = AuthenticatorAppDevice.objects.filter(user__username=username, confirmed=True).first()
            code = ""
            if device is not None:
                totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
                code = f"  two-factor code now: {totp.token():06d}"
            self.stdout.write(f"  {role.label:<18} {username:<15}{code}")
        self.stdout.write(
            "Codes change every 30 seconds: run `make demo-code` (or manage.py demo_logins) for fresh ones."
        )
