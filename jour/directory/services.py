"""Importing other shelters' public profiles into the directory, all or nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jour.shelter.models import Municipality

from .models import ShelterListing
from .schema import MAX_PROFILES_PER_FILE, Problem, schema_errors

MAX_FILE_BYTES = 5 * 1024 * 1024
# The coordinator sees this many problems; fixing them usually reveals the pattern behind the rest.
MAX_PROBLEMS_SHOWN = 10

UPDATED_FIELDS = [
    "municipality",
    "public_phone",
    "competences",
    "languages",
    "places",
    "free_places",
    "profile_updated_at",
    "imported_at",
]


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def _reject(message: str) -> tuple[list[dict], list[Problem]]:
    return [], [Problem(index=None, field="", message=message)]


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def read_profiles(*, content: bytes) -> tuple[list[dict], list[Problem]]:
    """Parse and check an import file: (profiles, []) when it is good, ([], problems) when not.

    The file is one public profile (a JSON object) or a JSON list of them. Every problem is
    listed (the caller shows the first few); reads the municipalities, writes nothing.
    """
    if len(content) > MAX_FILE_BYTES:
        return _reject(_("The file is larger than %(mb)s MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)})
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _reject(_("The file is not UTF-8 text."))
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        return _reject(
            _("The file is not valid JSON (line %(line)s, column %(column)s).")
            % {"line": error.lineno, "column": error.colno}
        )
    except (ValueError, RecursionError):
        return _reject(_("The file is not valid JSON."))
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        return _reject(_("The file must hold one profile (an object) or a list of profiles."))
    if not data:
        return _reject(_("The file holds no profiles."))
    if len(data) > MAX_PROFILES_PER_FILE:
        return _reject(_("The file holds more than %(n)s profiles.") % {"n": MAX_PROFILES_PER_FILE})

    problems: list[Problem] = []
    for index, profile in enumerate(data):
        problems.extend(Problem(index=index, field=field, message=msg) for field, msg in schema_errors(profile))
    if problems:
        return [], problems

    municipalities = Municipality.objects.in_bulk({profile["municipality"]["code"] for profile in data})
    seen: dict[tuple[str, str], int] = {}
    for index, profile in enumerate(data):
        municipality = municipalities.get(profile["municipality"]["code"])
        if municipality is None:
            problems.append(Problem(index, "municipality.code", _("is not a Swedish municipality code")))
        elif municipality.county_code != profile["region"]["code"]:
            problems.append(
                Problem(
                    index,
                    "region.code",
                    _("does not match the municipality (%(name)s is in %(county)s)")
                    % {"name": municipality.name, "county": municipality.county_name},
                )
            )
        places, free = profile["places"], profile["free_places"]
        if places is not None and free is not None and free > places:
            problems.append(Problem(index, "free_places", _("is more than the number of places")))
        key = (profile["organisation_number"], profile["name"].strip())
        if key in seen:
            problems.append(
                Problem(index, "name", _("the same shelter is already profile %(n)s") % {"n": seen[key] + 1})
            )
        else:
            seen[key] = index
    if problems:
        return [], problems
    return data, []


def import_listings(*, profiles: list[dict]) -> ImportResult:
    """Create or update one listing per profile (checked by `read_profiles`), in one transaction.

    A shelter is known by its organisation number and name: a re-import updates its listing.
    """
    listings = [
        ShelterListing(
            organisation_number=profile["organisation_number"],
            name=profile["name"].strip(),
            municipality_id=profile["municipality"]["code"],
            public_phone=profile["public_phone"],
            competences=profile["competences"],
            languages=profile["languages"],
            places=profile["places"],
            free_places=profile["free_places"],
            profile_updated_at=datetime.fromisoformat(profile["updated_at"]),
        )
        for profile in profiles
    ]
    keys = {(listing.organisation_number, listing.name) for listing in listings}
    with transaction.atomic():
        existing = {
            key
            for key in ShelterListing.objects.filter(name__in={name for _org, name in keys}).values_list(
                "organisation_number", "name"
            )
            if key in keys
        }
        ShelterListing.objects.bulk_create(
            listings,
            update_conflicts=True,
            unique_fields=["organisation_number", "name"],
            update_fields=UPDATED_FIELDS,
        )
    return ImportResult(created=len(keys) - len(existing), updated=len(existing))
