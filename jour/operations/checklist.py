"""The coordinator's first-run checklist, "Kom igång": what a new installation needs before real work.

Each item is read from the data (a fixed number of queries); none is ticked by hand. Once every item is
done the completion is stored (FirstRun) and the checklist disappears from the start page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_otp_webauthn.models import WebAuthnCredential

from jour.accounts.devices import AuthenticatorAppDevice
from jour.accounts.models import Role, User
from jour.privacy.models import RetentionPolicy
from jour.shelter.models import ShelterProfile

from .models import FirstRun, Task, TaskRun
from .runs import stale_timers


@dataclass(frozen=True)
class Item:
    key: str
    label: Promise
    done: bool
    hint: Promise
    url_name: str = ""


def items() -> list[Item]:
    unenrolled = (
        User.objects.filter(is_active=True, role__in=[Role.STAFF, Role.COORDINATOR])
        # An authenticator app or a passkey: either is a second factor.
        .annotate(
            app=Exists(AuthenticatorAppDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            passkey=Exists(WebAuthnCredential.objects.filter(user=OuterRef("pk"), confirmed=True)),
        )
        .filter(app=False, passkey=False)
    )
    runs = set(TaskRun.objects.filter(task__in=[Task.BACKUP, Task.RESTORE_DRILL]).values_list("task", flat=True))
    return [
        Item(
            "profile",
            _("Shelter profile"),
            ShelterProfile.objects.filter(municipality__isnull=False).exists(),
            _("The association's name and municipality, opening hours and what you offer."),
            "shelter:profile_edit",
        ),
        Item(
            "rooms",
            _("Rooms"),
            # By name: the platform imports no feature app (the protected housing lives in residents/).
            apps.get_model("residents", "Room").objects.exists(),
            _("The rooms or apartments of the protected housing, with their beds."),
            "residents:room_list",
        ),
        Item(
            "staff",
            _("Staff accounts with two-factor authentication"),
            User.objects.filter(is_active=True, role=Role.STAFF).exists() and not unenrolled.exists(),
            _("An account for each staff member; every staff member and coordinator has set up two-factor."),
            "accounts:user_list",
        ),
        Item(
            "retention",
            _("Retention policy reviewed"),
            RetentionPolicy.objects.filter(updated_by__isnull=False).exists(),
            _("Check how long personal data is kept, and save the policy."),
            "privacy:retention",
        ),
        Item(
            "backup",
            _("A backup taken and a restore tested"),
            runs == {Task.BACKUP, Task.RESTORE_DRILL},
            _("The nightly encrypted backup has run, and the restore drill (bin/restore --drill) has succeeded."),
        ),
        Item(
            "timers",
            _("Timers running"),
            not stale_timers(),
            _("Purge, audit alerts, reminders, session clean-up and backup have each succeeded within two days."),
        ),
    ]


def first_run_completed() -> bool:
    return FirstRun.objects.filter(completed_at__isnull=False).exists()


def pending_items() -> list[Item] | None:
    """The checklist while it is not complete (None once it was complete)."""
    if first_run_completed():
        return None
    current = items()
    if all(item.done for item in current):
        FirstRun.objects.update_or_create(id=FirstRun.SINGLETON_ID, defaults={"completed_at": timezone.now()})
        return None
    return current
