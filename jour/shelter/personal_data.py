"""The shelter's own public profile and Sweden's municipalities: no personal data. See jour/privacy/registry.py."""

from jour.privacy.registry import NOBODY, ROW_ID, not_personal, registry

from .models import Municipality, ShelterProfile

registry.register(
    Municipality,
    about=NOBODY,
    fields={
        "code": not_personal("the official four-digit code"),
        "name": not_personal("the municipality's name"),
        "county_code": not_personal("the official county code"),
        "county_name": not_personal("the county's name"),
    },
)

registry.register(
    ShelterProfile,
    about=NOBODY,
    fields={
        "id": ROW_ID,
        "name": not_personal("the association's name"),
        "organisation_number": not_personal("the association's public organisation number"),
        "municipality": not_personal("the shelter's municipality"),
        "public_phone": not_personal("the association's public phone number"),
        "opening_hours": not_personal("public opening hours"),
        "telephone_hours": not_personal("public telephone hours"),
        "competences": not_personal("codes from a fixed list"),
        "staff_languages": not_personal("language codes"),
        "places": not_personal("a number of places"),
        "updated_at": not_personal("when the profile changed"),
    },
)
