"""Demo data for the directory: the demo shelter's own competences and other jours' public profiles.

The jours are invented (names after their municipality, made-up numbers) and imported through the
same service as a real file. Deterministic for a given rng.
"""

from __future__ import annotations

import json
import random
from datetime import timedelta

from django.utils import timezone

from jour.demo.registry import register
from jour.shelter.models import Municipality, ShelterProfile
from jour.shelter.validators import luhn_ok
from jour.shelter.vocabulary import Competence, Language

from .schema import FORMAT
from .services import import_listings, read_profiles

LISTINGS = {"demo": 12, "large": 60, "national": 200}
KINDS = ["Kvinnojouren", "Tjejjouren", "Kvinno- och tjejjouren", "Stödcentrum för kvinnor,"]
# Languages other than Swedish, weighted roughly by how often jours meet them.
LANGUAGE_POOL = ["en", "en", "en", "ar", "ar", "fa", "so", "ti", "ku", "tr", "bs", "pl", "es", "ru", "uk", "fi"]


def _organisation_number(rng: random.Random) -> str:
    body = f"802{rng.randint(0, 999999):06d}"
    digit = next(d for d in range(10) if luhn_ok(body + str(d)))
    return f"{body[:6]}-{body[6:]}{digit}"


def _own_profile(rng: random.Random) -> None:
    profile = ShelterProfile.load()
    if profile.competences or profile.staff_languages:
        return
    profile.competences = [Competence.HONOUR_VIOLENCE, Competence.CHILDREN_ACTIVITIES, Competence.YOUNG_WOMEN]
    profile.staff_languages = [Language.SV, Language.EN, Language.AR, Language.SO]
    profile.places = profile.places or 14
    profile.save()


def _profiles(*, count: int, rng: random.Random) -> list[dict]:
    municipalities = list(Municipality.objects.order_by("code"))
    chosen = rng.sample(municipalities, min(count, len(municipalities)))
    now = timezone.now()
    profiles = []
    for municipality in chosen:
        competences = [code for code in Competence.values if rng.random() < 0.3]
        languages = ["sv", *sorted(set(rng.sample(LANGUAGE_POOL, rng.randint(0, 3))))]
        places = rng.choice([None, 4, 6, 8, 10, 12, 16])
        free = None if places is None or rng.random() < 0.2 else rng.randint(0, min(places, 4))
        profiles.append(
            {
                "format": FORMAT,
                "name": f"{rng.choice(KINDS)} {municipality.name}",
                "organisation_number": _organisation_number(rng),
                "municipality": {"code": municipality.code, "name": municipality.name},
                "region": {"code": municipality.county_code, "name": municipality.county_name},
                "public_phone": f"010-{rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                "competences": competences,
                "languages": languages,
                "places": places,
                "free_places": free,
                "updated_at": (now - timedelta(days=rng.randint(0, 400), hours=rng.randint(0, 23))).isoformat(),
            }
        )
    return profiles


def seed(*, scale: str, rng: random.Random, users: dict) -> None:
    _own_profile(rng)
    # Through the same checks as an uploaded file, so the demo also proves the format.
    content = json.dumps(_profiles(count=LISTINGS.get(scale, LISTINGS["demo"]), rng=rng)).encode()
    profiles, problems = read_profiles(content=content)
    if problems:
        raise ValueError(f"demo directory profiles do not validate: {problems[:3]}")
    import_listings(profiles=profiles)


register("directory", seed=seed)
