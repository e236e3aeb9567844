"""The first coordinator of a new installation (issue 17): no Django admin, no superuser needed."""

from __future__ import annotations

import getpass
import os

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from jour.accounts.models import Role, User
from jour.audit.log import record
from jour.audit.models import Action

PASSWORD_VARIABLE = "JOUR_COORDINATOR_PASSWORD"


def login_url() -> str:
    base = settings.JOUR_URL.rstrip("/")
    if not base:
        hosts = [host for host in settings.ALLOWED_HOSTS if host not in ("*", "") and not host.startswith(".")]
        base = f"https://{hosts[0]}" if hosts else "http://127.0.0.1:8000"
    return base + reverse("accounts:login")


class Command(BaseCommand):
    help = (
        "Create a coordinator account (the first one of a new installation). Interactive, or --username with the "
        f"password in the environment variable {PASSWORD_VARIABLE}. Refuses while an active coordinator exists "
        "unless --another is given. Audited."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", help="non-interactive: the password comes from " + PASSWORD_VARIABLE)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="", help="where audit alerts are sent")
        parser.add_argument("--another", action="store_true", help="create one although a coordinator exists")

    def handle(self, *args, username, first_name, last_name, email, another, **options):
        active = User.objects.filter(role=Role.COORDINATOR, is_active=True)
        if active.exists() and not another:
            raise CommandError(
                f"An active coordinator exists ({active.count()}); she creates further accounts in Jour "
                "(Users). To add another coordinator here all the same, give --another."
            )
        if username:
            password = os.environ.get(PASSWORD_VARIABLE, "")
            if not password:
                raise CommandError(f"Set {PASSWORD_VARIABLE} to her password (never on the command line).")
        else:
            username, first_name, email, password = self._ask(first_name, email)
        if User.objects.filter(username=username).exists():
            raise CommandError(f"The username {username} is taken.")
        user = User(username=username, first_name=first_name, last_name=last_name, email=email, role=Role.COORDINATOR)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user.set_password(password)
        with transaction.atomic():
            user.save()
            # Like an account created in the app: the alert for a new coordinator fires.
            record(None, Action.CREATE, user, detail={"role": Role.COORDINATOR, "via": "create_coordinator"})
        self.stdout.write(
            f"Coordinator {username} is created. She logs in at {login_url()} and sets up two-factor "
            "authentication with her phone at the first login; then Jour shows her the checklist 'Kom igång'."
        )

    def _ask(self, first_name: str, email: str) -> tuple[str, str, str, str]:
        username = input("Username: ").strip()
        if not username:
            raise CommandError("A username is needed.")
        first_name = first_name or input("First name (optional): ").strip()
        email = email or input("E-mail for audit alerts (optional): ").strip()
        password = getpass.getpass("Password (at least 12 characters): ")
        if password != getpass.getpass("Password again: "):
            raise CommandError("The passwords differ.")
        return username, first_name, email, password
