"""Register extract (GDPR art. 15): everything Jour holds about one person, and who accessed it.

The extract walks the relations pointing at her record (children, stays, journal, plans, matches,
meetings, attached support contacts, ...) instead of listing models by hand, so a model added later
is included without anyone remembering to add it here: completeness is the legal requirement.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from jour.audit.models import AuditEvent

# Only the apps that hold data about the people Jour supports or the volunteers are walked.
PERSON_DATA_APPS = {"residents", "plans", "volunteers", "calls"}
# Bookkeeping that is no data about her.
SKIPPED_FIELDS = {"id", "created_by", "recorded_by", "calendar_token"}


@dataclass
class Section:
    title: str
    rows: list[tuple[str, str]]
    children: list[Section] = field(default_factory=list)


@dataclass
class Extract:
    sections: list[Section]
    access_log: list[AuditEvent]
    object_count: int


def _display(obj: models.Model, model_field: models.Field, redacted: set[type[models.Model]]) -> str:
    if model_field.is_relation:
        related = getattr(obj, model_field.name, None)
        if related is None:
            return ""
        if type(related) in redacted:
            return _("(another person)")
        return str(related)
    if model_field.choices:
        value = getattr(obj, model_field.attname)
        if isinstance(value, list):
            labels = dict(model_field.base_field.choices) if hasattr(model_field, "base_field") else {}
            return ", ".join(str(labels.get(v, v)) for v in value)
        return str(getattr(obj, f"get_{model_field.name}_display")())
    value = getattr(obj, model_field.attname)
    if isinstance(value, list):
        base_choices = dict(getattr(getattr(model_field, "base_field", None), "choices", None) or [])
        return ", ".join(str(base_choices.get(v, v)) for v in value)
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


# In a contact woman's extract, what a match says about the woman she met is the resident's data.
ABOUT_THE_RESIDENT = {
    "volunteers.match": {
        "not_wanted",
        "wished_languages",
        "wished_activities",
        "wished_times",
        "interpreter_arranged",
        "score",
    }
}


def _rows(obj: models.Model, redacted: set[type[models.Model]]) -> list[tuple[str, str]]:
    rows = []
    hidden = ABOUT_THE_RESIDENT.get(obj._meta.label_lower, set()) if redacted else set()
    for model_field in obj._meta.concrete_fields:
        if model_field.name in SKIPPED_FIELDS or model_field.name in hidden:
            continue
        rows.append((str(model_field.verbose_name).capitalize(), _display(obj, model_field, redacted)))
    for m2m in obj._meta.many_to_many:
        if m2m.name in SKIPPED_FIELDS:
            continue
        values = [_("(another person)") if type(v) in redacted else str(v) for v in getattr(obj, m2m.name).all()]
        rows.append((str(m2m.verbose_name).capitalize(), ", ".join(values)))
    return rows


def _related_objects(obj: models.Model):
    """Objects in person-data apps that point at `obj` (reverse foreign keys and one-to-ones)."""
    for relation in obj._meta.related_objects:
        if relation.many_to_many or relation.related_model._meta.app_label not in PERSON_DATA_APPS:
            continue
        accessor = relation.get_accessor_name()
        if relation.one_to_one:
            related = getattr(obj, accessor, None) if hasattr(obj, accessor) else None
            if related is not None:
                yield related
        else:
            yield from getattr(obj, accessor).all()


def _walk(obj: models.Model, seen: set, redacted: set[type[models.Model]]) -> Section:
    seen.add((obj._meta.label_lower, obj.pk))
    section = Section(title=f"{str(obj._meta.verbose_name).capitalize()} {obj}", rows=_rows(obj, redacted))
    for related in _related_objects(obj):
        if (related._meta.label_lower, related.pk) not in seen:
            section.children.append(_walk(related, seen, redacted))
    return section


def build_extract(root: models.Model, *, redacted: set[type[models.Model]] = frozenset()) -> Extract:
    """All data reachable from `root`, and every audit event naming any of those objects.

    `redacted` models (other persons, e.g. residents in a volunteer's extract) show as "(another person)".
    """
    seen: set[tuple[str, object]] = set()
    section = _walk(root, seen, set(redacted))
    query = Q()
    for object_type, pk in seen:
        query |= Q(object_type=object_type, object_id=str(pk))
    log = list(AuditEvent.objects.filter(query).order_by("at", "id")) if seen else []
    return Extract(sections=[section], access_log=log, object_count=len(seen))
