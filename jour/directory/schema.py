"""The public shelter profile: its JSON Schema and a small validator for the part of JSON Schema it uses.

The schema is documented in docs/directory.md (a test keeps the two equal). The validator is ours so that
imports and tests need no extra dependency, and so that its messages are short, translated and name the field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from jour.shelter.vocabulary import Competence, Language

FORMAT = "jour-public-profile/1"

# Text without control characters (a NUL cannot even be stored, a line break has no place in a name).
PRINTABLE = "^[^\\u0000-\\u001f\\u007f]*$"

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "urn:jour:public-shelter-profile:1",
    "title": "Public shelter profile",
    "description": "What a shelter (kvinnojour) publishes about itself for referrals. No personal data, no address.",
    "type": "object",
    "additionalProperties": False,
    "required": [
        "format",
        "name",
        "organisation_number",
        "municipality",
        "region",
        "public_phone",
        "competences",
        "languages",
        "places",
        "free_places",
        "updated_at",
    ],
    "properties": {
        "format": {"const": FORMAT},
        "name": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": PRINTABLE},
        # Third digit 2-9: an organisation number, never a personal identity number (months are 01-12).
        "organisation_number": {"type": "string", "pattern": "^([0-9]{2}[2-9][0-9]{3}-[0-9]{4})?$"},
        "municipality": {
            "type": "object",
            "additionalProperties": False,
            "required": ["code", "name"],
            "properties": {
                "code": {"type": "string", "pattern": "^[0-9]{4}$"},
                "name": {"type": "string", "minLength": 1, "maxLength": 100, "pattern": PRINTABLE},
            },
        },
        "region": {
            "type": "object",
            "additionalProperties": False,
            "required": ["code", "name"],
            "properties": {
                "code": {"type": "string", "pattern": "^[0-9]{2}$"},
                "name": {"type": "string", "minLength": 1, "maxLength": 100, "pattern": PRINTABLE},
            },
        },
        "public_phone": {"type": "string", "maxLength": 30, "pattern": PRINTABLE},
        "competences": {
            "type": "array",
            "maxItems": 50,
            "uniqueItems": True,
            "items": {"enum": list(Competence.values)},
        },
        "languages": {
            "type": "array",
            "maxItems": 50,
            "uniqueItems": True,
            "items": {"enum": list(Language.values)},
        },
        "places": {"type": ["integer", "null"], "minimum": 0, "maximum": 9999},
        "free_places": {"type": ["integer", "null"], "minimum": 0, "maximum": 9999},
        "updated_at": {"type": "string", "format": "date-time"},
    },
}

# An import file holds one profile or a list of at most this many.
MAX_PROFILES_PER_FILE = 1000


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an import file: which profile (0-based, None for the file), which field, what."""

    index: int | None
    field: str
    message: str


_TYPE_CHECKS = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
}


def _type_message(types: list[str]) -> str:
    names = {
        "string": _("a text"),
        "integer": _("a whole number"),
        "number": _("a number"),
        "boolean": _("true or false"),
        "null": _("null"),
        "object": _("an object"),
        "array": _("a list"),
    }
    if len(types) == 1:
        return _("must be %(type)s") % {"type": names[types[0]]}
    return _("must be %(first)s or %(second)s") % {"first": names[types[0]], "second": names[types[1]]}


def _is_datetime_with_offset(value: str) -> bool:
    """An ISO timestamp with an offset, from 2000 up to a day ahead (a clock a little fast is no error)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})", value):
        return False
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            return False
        moment = moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return False
    return datetime(2000, 1, 1, tzinfo=UTC) <= moment <= timezone.now() + timedelta(days=1)


def _python_pattern(pattern: str) -> str:
    """JSON Schema's patterns are ECMA-262: there `$` is the very end, in Python it also matches before a final
    line break (which would let "802400-1234\\n" through)."""
    return pattern[:-1] + r"\Z" if pattern.endswith("$") and not pattern.endswith(r"\$") else pattern


def schema_errors(value: Any, schema: dict[str, Any] = SCHEMA, path: str = "") -> list[tuple[str, str]]:
    """(field path, message) for each way `value` breaks `schema`; empty when it is valid.

    Supports the keywords SCHEMA uses: type, const, enum, required, properties, additionalProperties
    (false), minLength, maxLength, pattern, minimum, maximum, items, maxItems, uniqueItems, format date-time.
    """
    errors: list[tuple[str, str]] = []
    where = path or "–"
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_TYPE_CHECKS[t](value) for t in types):
            return [(where, _type_message(types))]
    if "const" in schema and value != schema["const"]:
        errors.append((where, _("must be %(value)s") % {"value": schema["const"]}))
    if "enum" in schema and value not in schema["enum"]:
        shown = value if isinstance(value, str | int) and len(str(value)) <= 40 and str(value).isprintable() else "…"
        errors.append((where, _("“%(value)s” is not in the vocabulary") % {"value": shown}))
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            errors.append((where, _("must not be empty")))
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            errors.append((where, _("is too long (at most %(n)s characters)") % {"n": schema["maxLength"]}))
        if "pattern" in schema and not re.search(_python_pattern(schema["pattern"]), value):
            if schema["pattern"] == PRINTABLE:
                errors.append((where, _("must not contain control characters (such as line breaks or NUL)")))
            else:
                errors.append((where, _("has the wrong format")))
        if schema.get("format") == "date-time" and not _is_datetime_with_offset(value):
            errors.append((where, _("must be a date and time with time zone, like 2026-03-01T10:00:00+01:00")))
    if isinstance(value, int) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append((where, _("must be at least %(n)s") % {"n": schema["minimum"]}))
        if "maximum" in schema and value > schema["maximum"]:
            errors.append((where, _("must be at most %(n)s") % {"n": schema["maximum"]}))
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                errors.append((f"{path}.{name}" if path else name, _("is missing")))
        for name, item in value.items():
            child = f"{path}.{name}" if path else str(name)
            if name in properties:
                errors.extend(schema_errors(item, properties[name], child))
            elif schema.get("additionalProperties") is False:
                # Refusing unknown fields keeps addresses and personal data out of the directory.
                errors.append((child, _("is not a field of the public profile")))
    if isinstance(value, list):
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            # Checked first: the items of an oversized list are not worth the work.
            return [*errors, (where, _("holds too many values (at most %(n)s)") % {"n": schema["maxItems"]})]
        if "items" in schema:
            for position, item in enumerate(value):
                errors.extend(schema_errors(item, schema["items"], f"{path}[{position}]"))
        if schema.get("uniqueItems"):
            seen: set[str] = set()
            for item in value:
                key = json.dumps(item, sort_keys=True)
                if key in seen:
                    errors.append((where, _("lists “%(value)s” twice") % {"value": item}))
                    break
                seen.add(key)
    return errors
