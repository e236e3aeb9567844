"""How the audit log names a record, without importing the feature apps.

Each app that writes events about its objects adds an `audit_labels.py` with a labeller per object type:

    from jour.audit.labels import by_pk, labeller

    @labeller("residents.resident")
    def residents(ids: list[str]) -> dict[str, str]:
        return by_pk(Resident.objects.only("case_number"), ids, lambda r: r.case_number)

A labeller gets every id of its type on one page of the log and returns {id: label} with one query. Labels
never carry a protected person's name: case numbers, aliases, dates and the like. The modules are found by name
(`autodiscover_modules`) the first time the log needs a label, so `jour.audit` imports no feature app.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

Labeller = Callable[[list[str]], dict[str, str]]

_LABELLERS: dict[str, Labeller] = {}
_KINDS: dict[str, Any] = {}  # words for object types that are no model ("privacy.encryptionkeys")
_REVEAL_REASONS: dict[str, Any] = {}  # words for the reason codes a REVEAL event stores
_discovered = False


def labeller(*object_types: str, kind=None) -> Callable[[Labeller], Labeller]:
    """Register the decorated function as the labeller of these object types ("app_label.modelname").

    `kind` names the type in words when it is not a model (a model's verbose name is used otherwise).
    """

    def register(func: Labeller) -> Labeller:
        for object_type in object_types:
            _LABELLERS[object_type] = func
            if kind is not None:
                _KINDS[object_type] = kind
        return func

    return register


def reveal_reasons(choices: Iterable[tuple[str, Any]]) -> None:
    """Register the words for the reason codes of REVEAL events; the app that reveals owns the fixed list."""
    _REVEAL_REASONS.update(choices)


def reveal_reason(code: Any) -> Any | None:
    """The words for a reveal's reason code, or None for a code not on the list (older free text)."""
    registered()
    return _REVEAL_REASONS.get(code) if isinstance(code, str) else None


def registered() -> dict[str, Labeller]:
    global _discovered
    if not _discovered:
        autodiscover_modules("audit_labels")
        _discovered = True
    return _LABELLERS


def int_ids(ids: Iterable[str]) -> list[int]:
    """The ids that can be primary keys ("unknown" and the like are not)."""
    return [int(i) for i in ids if i.isdigit() and len(i) < 19]


def by_pk(queryset: models.QuerySet, ids: Iterable[str], label: Callable[[Any], str]) -> dict[str, str]:
    """{id: label(obj)} for the objects of `queryset` with these ids: the usual labeller, one query."""
    return {str(obj.pk): label(obj) for obj in queryset.filter(pk__in=int_ids(ids))}


def by_value(queryset: models.QuerySet, ids: Iterable[str], field: str) -> dict[str, str]:
    """{id: the value of `field`} (a path like "stay__resident__case_number" joins in the same query)."""
    return {str(pk): str(value) for pk, value in queryset.filter(pk__in=int_ids(ids)).values_list("pk", field)}


def labels_for(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Labels of the (object_type, object_id) pairs found: one labeller call (one query) per object type."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for object_type, object_id in pairs:
        if object_type and object_id:
            wanted[object_type].add(object_id)
    labellers = registered()
    labels: dict[tuple[str, str], str] = {}
    for object_type, ids in wanted.items():
        if func := labellers.get(object_type):
            labels.update(((object_type, object_id), label) for object_id, label in func(sorted(ids)).items())
    return labels


def label(labels: dict[tuple[str, str], str], object_type: str, object_id: str) -> str:
    """The record's label from labels_for(), or words for one that is gone or has no labeller."""
    if not (object_type and object_id):
        return ""
    if (object_type, object_id) in labels:
        return labels[object_type, object_id]
    if object_type in registered():
        # The labeller knows the type but not the row: it was deleted (erasure, retention purge).
        return _("no. %(id)s (deleted)") % {"id": object_id}
    return _("no. %(id)s") % {"id": object_id}


def model_for(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def kind(object_type: str, *, plural: bool = False) -> str:
    """What kind of record this is, in words ("resident", "stay"): the model's verbose name."""
    model = model_for(object_type)
    if model is None:
        registered()
        return str(_KINDS.get(object_type, object_type))
    return str(model._meta.verbose_name_plural if plural else model._meta.verbose_name)


def field_names(object_type: str, fields: Iterable[str]) -> list[str]:
    """The changed fields in words (the model's verbose names), in the order given."""
    model = model_for(object_type)
    names = []
    for name in fields:
        try:
            names.append(str(model._meta.get_field(name).verbose_name) if model else name)
        except FieldDoesNotExist:
            names.append(name.replace("_", " "))
    return names
