"""Other shelters' public profiles: no personal data. See jour/privacy/registry.py."""

from jour.privacy.registry import NOBODY, ROW_ID, not_personal, registry

from .models import ShelterListing

registry.register(
    ShelterListing,
    about=NOBODY,
    fields={
        "id": ROW_ID,
        "organisation_number": not_personal("an association's public organisation number"),
        "name": not_personal("an association's name"),
        "municipality": not_personal("its municipality"),
        "public_phone": not_personal("its public phone number"),
        "competences": not_personal("codes from a fixed list"),
        "languages": not_personal("language codes"),
        "places": not_personal("a number of places"),
        "free_places": not_personal("a number of places"),
        "profile_updated_at": not_personal("when its profile changed"),
        "imported_at": not_personal("when it was imported"),
    },
)
