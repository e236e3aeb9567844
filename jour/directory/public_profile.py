"""Our own shelter's public profile, as the JSON document other jours and umbrella organisations collect."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from jour.shelter.models import ShelterProfile
from jour.shelter.vocabulary import Competence, Language
from residents.models import Room
from residents.stats import free_places

from .schema import FORMAT, SCHEMA


class ProfileIncomplete(Exception):
    """The shelter profile lacks what the public profile requires (its municipality)."""


def own_free_places(*, on: date) -> int | None:
    """Free places in our protected housing on `on`, from the residents' occupancy board; None if unknown.

    A jour that keeps no rooms in Jour has an unknown number of free places, not zero: other jours
    would otherwise take it for full.
    """
    if not Room.objects.filter(is_active=True).exists():
        return None
    return free_places(on=on)


def _public_organisation_number(value: str) -> str:
    match = re.fullmatch(r"(\d{6})-?(\d{4})", value or "")
    if not match:
        return ""
    number = f"{match.group(1)}-{match.group(2)}"
    # Never publish something that could be a personal identity number (a sole trader's).
    return number if re.fullmatch(SCHEMA["properties"]["organisation_number"]["pattern"], number) else ""


def build_public_profile(*, profile: ShelterProfile, now: datetime) -> dict[str, Any]:
    """The public profile document (schema in docs/directory.md): no personal data, no address.

    `updated_at` says how fresh the document is: `now` when it holds free places (a figure of the
    day), otherwise the last change of the profile.
    """
    municipality = profile.municipality
    if municipality is None:
        raise ProfileIncomplete("municipality")
    places = profile.places
    free = own_free_places(on=timezone.localdate(now))
    if free is not None and places is not None:
        free = max(0, min(free, places))
    return {
        "format": FORMAT,
        "name": profile.name,
        "organisation_number": _public_organisation_number(profile.organisation_number),
        "municipality": {"code": municipality.code, "name": municipality.name},
        "region": {"code": municipality.county_code, "name": municipality.county_name},
        "public_phone": profile.public_phone,
        # In vocabulary order, so that two exports of the same profile are identical.
        "competences": [code for code in Competence.values if code in profile.competences],
        "languages": [code for code in Language.values if code in profile.staff_languages],
        "places": places,
        "free_places": free,
        "updated_at": timezone.localtime(profile.updated_at if free is None else now).isoformat(timespec="seconds"),
    }
