"""Demo users, one per role. Their TOTP keys are public on purpose: refused outside demo mode."""

from django.conf import settings
from django.core.management.base import CommandError

from jour.accounts.devices import AuthenticatorAppDevice
from jour.accounts.models import Role, User
from jour.shelter.models import Municipality, ShelterProfile

DEMO_PASSWORD = "demo-jour-2026"
DEMO_USERS = [
    ("samordnare", "Sara", "Samordnare", Role.COORDINATOR, "3132333435363738393031323334353637383930"),
    ("personal", "Pia", "Personal", Role.STAFF, "4142434445464748494a4b4c4d4e4f5051525354"),
    ("personal2", "Parisa", "Personal", Role.STAFF, "5152535455565758595a5b5c5d5e5f6061626364"),
    ("kontaktkvinna", "Karin", "Kontaktkvinna", Role.VOLUNTEER, "6162636465666768696a6b6c6d6e6f7071727374"),
    ("kontaktkvinna2", "Kerstin", "Kontaktkvinna", Role.VOLUNTEER, "7172737475767778797a7b7c7d7e7f8081828384"),
]


def require_demo_mode() -> None:
    if not settings.DEMO:
        raise CommandError("Demo data and demo logins exist only with DEBUG=1 and JOUR_DEMO=1, never in production.")


def seed_accounts() -> dict[str, User]:
    require_demo_mode()
    profile = ShelterProfile.load()
    if profile.municipality_id is None:
        profile.name = "Kvinnojouren Demo"
        profile.organisation_number = "802000-0009"
        profile.municipality = Municipality.objects.get(code="0136")
        profile.public_phone = "08-123 456 78"
        profile.opening_hours = "Mån–fre 09–16"
        profile.telephone_hours = "Alla dagar 09–21"
        profile.save()
    users = {}
    for username, first, last, role, key in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "role": role}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if key and not AuthenticatorAppDevice.objects.filter(user=user, confirmed=True).exists():
            AuthenticatorAppDevice.objects.create(user=user, name="demo", key=key, confirmed=True)
        users[username] = user
    return users
