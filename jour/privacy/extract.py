"""Register extract (GDPR art. 15): everything Jour holds about one person, and who accessed it.

The extract walks the relations pointing at her record (children, stays, journal, plans, matches,
meetings, attached support contacts, ...) instead of listing models by hand, so a model added later
is included without anyone remembering to add it here: completeness is the legal requirement.
Which models hold personal data, and what of them is about another person, comes from the registry
of personal data (registry.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from jour.audit.models import AuditEvent

from .registry import Subject, Treatment, registry

# Bookkeeping that is no data about her, and secrets that are no one's business.
SKIPPED_FIELDS = {"id", "created_by", "recorded_by", "calendar_token", "password"}


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


def _shown(model: type[models.Model], name: str, hidden: frozenset[str]) -> bool:
    """Everything about her, except bookkeeping, another person's data and what is no one's data."""
    if name in SKIPPED_FIELDS or name in hidden:
        return False
    entry = registry.entry(model)
    rule = entry.fields.get(name) if entry else None
    return rule is None or rule.treatment is not Treatment.NOT_PERSONAL


def _rows(obj: models.Model, redacted: set[type[models.Model]], hidden: frozenset[str] = frozenset()):
    rows = []
    for model_field in obj._meta.concrete_fields:
        if not _shown(type(obj), model_field.name, hidden):
            continue
        rows.append((str(model_field.verbose_name).capitalize(), _display(obj, model_field, redacted)))
    for m2m in obj._meta.many_to_many:
        if not _shown(type(obj), m2m.name, hidden):
            continue
        values = [_("(another person)") if type(v) in redacted else str(v) for v in getattr(obj, m2m.name).all()]
        rows.append((str(m2m.verbose_name).capitalize(), ", ".join(values)))
    return rows


def _related_objects(obj: models.Model, person_data: set[str]):
    """Objects of models holding personal data that point at `obj` (reverse foreign keys and one-to-ones)."""
    for relation in obj._meta.related_objects:
        if relation.many_to_many or relation.related_model._meta.label_lower not in person_data:
            continue
        accessor = relation.get_accessor_name()
        if relation.one_to_one:
            related = getattr(obj, accessor, None) if hasattr(obj, accessor) else None
            if related is not None:
                yield related
        else:
            yield from getattr(obj, accessor).all()


@dataclass
class _Walk:
    seen: set = field(default_factory=set)
    redacted: set[type[models.Model]] = field(default_factory=set)
    hidden: dict[str, frozenset[str]] = field(default_factory=dict)
    person_data: set[str] = field(default_factory=set)

    def section(self, obj: models.Model) -> Section:
        label = obj._meta.label_lower
        self.seen.add((label, obj.pk))
        rows = _rows(obj, self.redacted, self.hidden.get(label, frozenset()))
        section = Section(title=f"{str(obj._meta.verbose_name).capitalize()} {obj}", rows=rows)
        for related in _related_objects(obj, self.person_data):
            if (related._meta.label_lower, related.pk) not in self.seen:
                section.children.append(self.section(related))
        return section


def build_extract(root: models.Model, *, subject: Subject | None = None) -> Extract:
    """All data reachable from `root`, and every audit event naming any of those objects.

    The subject's `redacted` models (other persons, e.g. residents in a volunteer's extract) show as
    "(another person)" and its `extract_hidden` fields (what a match says about the resident) are left out.
    """
    from django.apps import apps

    walk = _Walk(person_data=registry.person_data_labels())
    if subject is not None:
        walk.redacted = {apps.get_model(label) for label in subject.redacted}
        walk.hidden = dict(subject.extract_hidden)
    section = walk.section(root)
    seen = walk.seen
    query = Q()
    for object_type, pk in seen:
        query |= Q(object_type=object_type, object_id=str(pk))
    log = list(AuditEvent.objects.filter(query).order_by("at", "id")) if seen else []
    return Extract(sections=[section], access_log=log, object_count=len(seen))


def account_section(account: models.Model) -> Section:
    """Her login account, first in her extract: the fields the registry holds as personal data."""
    return Section(title=_("Account"), rows=_rows(account, set()))
