"""The one way to write to the audit trail. Later apps call `audit.record(...)`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from axes.helpers import get_client_ip_address
from django.db import models
from django.http import HttpRequest

from .models import Action, AuditEvent


def record(
    request: HttpRequest | None,
    action: Action | str,
    obj: models.Model | None = None,
    *,
    user=None,
    object_type: str = "",
    object_id: Any = "",
    fields: Iterable[str] = (),
    detail: dict | None = None,
) -> AuditEvent:
    """Append one event. Pass the object (or its type and id), never sensitive values.

    `fields` names what changed; `detail` holds counts or codes only.
    """
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk
    resolver_match = getattr(request, "resolver_match", None)
    return AuditEvent.objects.create(
        actor=user,
        actor_username=user.get_username() if user is not None else "",
        action=action,
        object_type=object_type,
        object_id="" if object_id is None else str(object_id),
        fields=sorted(fields),
        detail=detail or {},
        view_name=resolver_match.view_name if resolver_match else "",
        ip_address=get_client_ip_address(request) if request is not None else None,
    )


def record_form_save(
    request: HttpRequest, form, obj: models.Model, *, created: bool, detail: dict | None = None
) -> AuditEvent | None:
    """Audit a create, or a change naming the fields the form changed; nothing if nothing changed."""
    if created:
        return record(request, Action.CREATE, obj, detail=detail)
    if not form.has_changed():
        return None
    return record(request, Action.CHANGE, obj, fields=form.changed_data, detail=detail)


def record_form_view(request: HttpRequest, obj: models.Model) -> AuditEvent | None:
    """An edit page shows her data too: audit the GET (the POST is audited as the change)."""
    if request.method != "GET":
        return None
    return record(request, Action.VIEW, obj)


def record_list_view(request: HttpRequest, object_type: str, *, rows: int, page: str = "list") -> AuditEvent:
    """A list that shows persons by name: one event naming the kind of record and how many rows were shown."""
    return record(request, Action.VIEW, object_type=object_type, detail={"list": page, "rows": rows})
