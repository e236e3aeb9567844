"""The registry of personal data: one list, two guarantees.

Every model of every installed app is declared by the app that owns it, in the app's module
`personal_data.py` (imported at start-up by `autodiscover`): whose data the model holds, the lookup
path from the model to each subject whose record can be erased, and for **every field** what a
purge or an erasure does with it and whether it is encrypted at rest. The app contributes its
retention purgers here too (pretix's `register_data_shredders` is the model).

The two guarantees read the same declarations:
- retention and erasure: `erase()` reduces a subject's record to the statistical shell the
  declarations describe, and `jour.privacy.purge` runs the registered purgers;
- encryption at rest: a field declared encrypted must be an encrypted field class and every clear
  text column carries a reviewed reason (tests/privacy/test_registry.py, tests/security/).

`problems()` lists what is unclassified or inconsistent; its test fails on any, so a new model or
field cannot be forgotten. jour/privacy only runs the registry: it imports no feature app.

How to classify a new field: docs/data-protection.md, "The registry of personal data".
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models, transaction
from django.db.models import Q
from django.utils.module_loading import autodiscover_modules

from jour.crypto import BlindIndexField, EncryptedTextField

# Whose data a model holds, in words (`about=`): shown in the docs' table and the review.
RESIDENT = "resident"
CHILD = "child"
VOLUNTEER = "volunteer"
CALLER = "caller"
WORKER = "worker"  # staff and volunteer accounts, the association's own people
NOBODY = "nobody"  # no personal data: codes, labels, counters, the association's public data


class Treatment(enum.StrEnum):
    """What a purge or an erasure does with a field."""

    KEEP = "keep"  # kept for statistics: not identifying alone (birth year, dates, municipality, choices)
    BLANK = "blank"  # emptied: set to the field's default or empty value
    REPLACE = "replace"  # replaced by a value computed from the row (case number -> X-<pk>)
    DELETE = "delete"  # the whole row is deleted
    NOT_PERSONAL = "not personal"  # codes, choices, labels, technical columns


@dataclass(frozen=True)
class Rule:
    """The treatment of one field. `why` is the reviewed reason a value may stay or stand in clear."""

    treatment: Treatment
    why: str = ""
    encrypted: bool = False
    replacement: Any = None  # REPLACE: a constant, or a callable taking the row

    def __post_init__(self):
        if self.treatment in (Treatment.KEEP, Treatment.NOT_PERSONAL, Treatment.REPLACE) and not self.why.strip():
            raise ImproperlyConfigured(f"A field kept, replaced or not personal needs a reason ({self.treatment}).")
        if self.encrypted and self.treatment is Treatment.NOT_PERSONAL:
            raise ImproperlyConfigured("A field that is not personal needs no encryption: say what it holds.")


def keep(why: str, *, encrypted: bool = False) -> Rule:
    """Kept when her record is purged or erased: what the reports count. Say what it counts."""
    return Rule(Treatment.KEEP, why, encrypted)


def blank(why: str = "", *, encrypted: bool = False) -> Rule:
    """Emptied when her record is purged or erased. A clear text column needs `why` (the column test)."""
    return Rule(Treatment.BLANK, why, encrypted)


def replace(replacement, why: str, *, encrypted: bool = False) -> Rule:
    """Replaced by `replacement` (a constant, or a callable taking the row) when her record is erased."""
    return Rule(Treatment.REPLACE, why, encrypted, replacement)


def delete(why: str = "", *, encrypted: bool = False) -> Rule:
    """The row is deleted (by the subject's erasure or the app's purger); nothing of it is kept."""
    return Rule(Treatment.DELETE, why, encrypted)


def not_personal(why: str) -> Rule:
    """No data about a person: a code, a choice, a label or a technical column. Say which."""
    return Rule(Treatment.NOT_PERSONAL, why)


# Reasons used on many models.
ROW_ID = not_personal("the row's number")
LOCK_VERSION = not_personal("how many times the row was saved: the edit-conflict check (jour/lib/versioning.py)")
WORKER_LINK = keep("the staff account that did it: one of the association's own workers, for accountability")
WHEN_RECORDED = keep("when the row was written: a date, not identifying alone")


@dataclass(frozen=True)
class PersonalModel:
    """One model's declaration."""

    model: type[models.Model]
    about: str
    subjects: dict[str, tuple[str, ...]]
    fields: dict[str, Rule]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def deletes_rows(self) -> bool:
        return any(rule.treatment is Treatment.DELETE for rule in self.fields.values())

    @property
    def holds_personal_data(self) -> bool:
        return any(rule.treatment is not Treatment.NOT_PERSONAL for rule in self.fields.values())

    def rows_of(self, subject: str, record: models.Model) -> models.QuerySet:
        """The rows reached from `record`, the subject's own record, through the declared lookup paths."""
        query = Q()
        for path in self.subjects[subject]:
            query |= Q(pk=record.pk) if path == "" else Q(**{path: record})
        return self.model._base_manager.filter(query)


@dataclass(frozen=True)
class Subject:
    """A person whose record can be erased (on request or by a retention purge), declared by her app.

    `lookup_field`: the field the coordinator names her by (the case number, matched without regard
    to case), with its help text and the error when nobody has it; None to choose her from a list.
    `erase_refusal` says why she cannot be erased now (an open stay), or None.
    `law_check`: the coordinator confirms that no documentation duty keeps the record.
    `redacted`: models (labels) of other persons, shown in her extract only as "(another person)";
    `extract_hidden`: fields of related models that are about those other persons, left out of it.
    `account`: the forward relation to her login account, shown first in her extract.
    """

    key: str
    model: type[models.Model]
    label: Any
    erase_warning: Any
    extract_file_prefix: str
    lookup_field: str | None = None
    lookup_help: Any = ""
    lookup_error: Any = ""
    erase_refusal: Callable[[models.Model], Any] = lambda record: None
    law_check: bool = False
    redacted: tuple[str, ...] = ()
    extract_hidden: dict[str, frozenset[str]] = field(default_factory=dict)
    account: str | None = None
    choice_queryset: Callable[[models.QuerySet], models.QuerySet] = lambda queryset: queryset


Purger = Callable[..., dict[str, list[str]]]


@dataclass
class Registry:
    models: dict[type[models.Model], PersonalModel] = field(default_factory=dict)
    subjects: dict[str, Subject] = field(default_factory=dict)
    purgers: list[Purger] = field(default_factory=list)
    purged_models: set[type[models.Model]] = field(default_factory=set)

    def register(
        self,
        model: type[models.Model],
        *,
        about: str,
        fields: dict[str, Rule],
        subjects: dict[str, str | Iterable[str]] | None = None,
    ) -> PersonalModel:
        """Declare `model`: whose data it holds, how it reaches each subject, every field's treatment."""
        if model in self.models:
            raise ImproperlyConfigured(f"{model._meta.label} is declared twice in the registry of personal data.")
        paths = {key: (value,) if isinstance(value, str) else tuple(value) for key, value in (subjects or {}).items()}
        entry = PersonalModel(model=model, about=about, subjects=paths, fields=dict(fields))
        self.models[model] = entry
        return entry

    def subject(self, subject: Subject) -> Subject:
        if subject.key in self.subjects:
            raise ImproperlyConfigured(f"The subject {subject.key!r} is declared twice.")
        self.subjects[subject.key] = subject
        return subject

    def purger(self, *touches: type[models.Model]) -> Callable[[Purger], Purger]:
        """Decorator: a retention purger `f(*, policy, now, dry_run) -> {category: [ids]}` (see purge.py).

        `touches` names the models it blanks or deletes rows of, for the completeness check.
        """

        def register(function: Purger) -> Purger:
            self.purgers.append(function)
            self.purged_models.update(touches)
            return function

        return register

    def entry(self, model: type[models.Model]) -> PersonalModel | None:
        return self.models.get(model)

    def reaching(self, subject: str) -> list[PersonalModel]:
        """The models an erasure of `subject` touches: deletions first, the subject's own record last."""
        entries = [entry for entry in self.models.values() if subject in entry.subjects]
        return sorted(entries, key=lambda entry: (not entry.deletes_rows, "" in entry.subjects[subject]))

    def person_data_labels(self) -> set[str]:
        """The models holding personal data (what a register extract walks)."""
        return {entry.label for entry in self.models.values() if entry.holds_personal_data}


registry = Registry()


def autodiscover() -> None:
    """Import every installed app's `personal_data` module (PrivacyConfig.ready)."""
    autodiscover_modules("personal_data")


# Running the declarations ---------------------------------------------------------------------


def blank_value(model_field: models.Field):
    """What BLANK writes: the field's default, else NULL, else the empty string."""
    if model_field.has_default():
        return model_field.get_default()
    if model_field.null:
        return None
    if model_field.empty_strings_allowed:
        return ""
    raise ImproperlyConfigured(f"{model_field} cannot be blanked: give it a default, null=True, or another treatment.")


def _anonymise(entry: PersonalModel, rows: models.QuerySet) -> None:
    meta = entry.model._meta
    constants: dict[str, Any] = {}
    per_row: dict[str, Callable] = {}
    cleared_relations: list[str] = []
    for name, rule in entry.fields.items():
        model_field = meta.get_field(name)
        if rule.treatment is Treatment.BLANK:
            if model_field.many_to_many:
                cleared_relations.append(name)
            else:
                constants[name] = blank_value(model_field)
        elif rule.treatment is Treatment.REPLACE:
            if callable(rule.replacement):
                per_row[name] = rule.replacement
            else:
                constants[name] = rule.replacement
    if per_row or cleared_relations:
        for row in list(rows):
            if per_row:
                values = {name: replacement(row) for name, replacement in per_row.items()}
                entry.model._base_manager.filter(pk=row.pk).update(**values)
            for name in cleared_relations:
                getattr(row, name).clear()
    if constants:
        rows.update(**constants)


@transaction.atomic
def erase(subject: str, record: models.Model, *, reason: str, by=None):
    """Reduce `record` (a subject's own record) to the statistical shell the declarations describe.

    Rows of models declared DELETE go; every other row reached through the declared paths has its
    BLANK fields emptied and its REPLACE fields replaced; KEEP and NOT_PERSONAL fields stay. The
    erasure is marked in ErasedRecord, so neither the purge nor the erasure page offers it again.
    """
    from jour.crypto import forget_decrypted

    from .models import ErasedRecord

    if subject not in registry.subjects:
        raise ImproperlyConfigured(f"No subject {subject!r} in the registry of personal data.")
    for entry in registry.reaching(subject):
        rows = entry.rows_of(subject, record)
        if entry.deletes_rows:
            # Newest first: a correction (a later row) protects the row it corrects.
            for row in rows.order_by("-pk"):
                row.delete()
        else:
            _anonymise(entry, rows)
    forget_decrypted()  # nothing of her stays in this process's memory either
    return ErasedRecord.objects.create(
        object_type=record._meta.label_lower, object_id=str(record.pk), reason=reason, erased_by=by
    )


def not_erased(queryset: models.QuerySet) -> models.QuerySet:
    """The records of `queryset` not yet reduced to a statistical shell (one EXISTS, in SQL)."""
    from django.db.models import Exists, OuterRef, TextField
    from django.db.models.functions import Cast

    from .models import ErasedRecord

    erased = ErasedRecord.objects.filter(
        object_type=queryset.model._meta.label_lower, object_id=Cast(OuterRef("pk"), TextField())
    )
    return queryset.exclude(Exists(erased))


# The completeness check -----------------------------------------------------------------------

# Column types the column test reads: what could hold a name or a free text in clear.
TEXT_COLUMNS = (models.CharField, models.TextField, models.JSONField, models.GenericIPAddressField)


def _is_text_column(model_field: models.Field) -> bool:
    from django.contrib.postgres.fields import ArrayField

    return isinstance(model_field, TEXT_COLUMNS + (ArrayField,))


def classified_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields a declaration must classify: every concrete field and every many-to-many field."""
    return [*model._meta.concrete_fields, *model._meta.many_to_many]


def _path_problems(entry: PersonalModel) -> list[str]:
    problems = []
    for key, paths in entry.subjects.items():
        subject = registry.subjects.get(key)
        if subject is None:
            problems.append(f"{entry.label}: no subject {key!r} is declared")
            continue
        for path in paths:
            model = entry.model
            try:
                for part in path.split("__") if path else []:
                    model = model._meta.get_field(part).related_model
            except FieldDoesNotExist:
                problems.append(f"{entry.label}: the path {path!r} to {key} does not resolve")
                continue
            if model is not subject.model:
                problems.append(f"{entry.label}: the path {path!r} leads to {model}, not to the {key}")
    return problems


def problems(model_list: Iterable[type[models.Model]] | None = None) -> list[str]:
    """Everything unclassified or inconsistent in the registry, one line each (empty when all is well)."""
    found: list[str] = []
    for model in apps.get_models() if model_list is None else model_list:
        label = model._meta.label_lower
        entry = registry.entry(model)
        if entry is None:
            found.append(f"{label}: the model is not in the registry of personal data")
            continue
        names = {f.name for f in classified_fields(model)}
        found += [f"{label}.{name}: unclassified" for name in sorted(names - entry.fields.keys())]
        found += [f"{label}.{name}: declared, but the model has no such field" for name in entry.fields.keys() - names]
        for model_field in classified_fields(model):
            rule = entry.fields.get(model_field.name)
            if rule is None:
                continue
            where = f"{label}.{model_field.name}"
            if rule.encrypted != isinstance(model_field, EncryptedTextField):
                found.append(
                    f"{where}: declared {'encrypted' if rule.encrypted else 'clear'} but the field class is "
                    f"{type(model_field).__name__}"
                )
            if rule.treatment is Treatment.BLANK and not model_field.many_to_many:
                try:
                    blank_value(model_field)
                except ImproperlyConfigured:
                    found.append(f"{where}: cannot be blanked (no default, not null, not text)")
            if isinstance(model_field, BlindIndexField) and rule.treatment is Treatment.KEEP:
                found.append(f"{where}: a blind index goes with the value it indexes: blank it")
        if entry.deletes_rows:
            kept = [
                name for name, rule in entry.fields.items() if rule.treatment in (Treatment.BLANK, Treatment.REPLACE)
            ]
            found += [f"{label}.{name}: the rows are deleted, nothing is blanked or replaced" for name in kept]
        if entry.subjects:
            found += _path_problems(entry)
        elif any(
            rule.treatment is not Treatment.KEEP and rule.treatment is not Treatment.NOT_PERSONAL
            for rule in entry.fields.values()
        ):
            if entry.model not in registry.purged_models:
                found.append(
                    f"{label}: fields are blanked, replaced or deleted, but no subject and no purger reaches them"
                )
    return found


def clear_text_columns_without_reason(model_list: Iterable[type[models.Model]] | None = None) -> list[str]:
    """Text, char, array, JSON and IP columns stored in clear without a reviewed reason (issue 14's test)."""
    found = []
    for model in apps.get_models() if model_list is None else model_list:
        entry = registry.entry(model)
        for model_field in model._meta.concrete_fields:
            if not _is_text_column(model_field) or isinstance(model_field, EncryptedTextField):
                continue
            rule = entry.fields.get(model_field.name) if entry else None
            if rule is None or not rule.why.strip():
                found.append(f"{model._meta.label_lower}.{model_field.name} ({type(model_field).__name__})")
    return found
