"""The one way to write to the audit trail.

Changes, reveals and logins are written where they happen with `record(...)`. Reads and exports are written
by the access middleware after a successful GET of a page whose policy entry declares READ or EXPORT
(jour/access/policy.py): a view only says *what* it shows with `shows(...)` — or not even that, when it
fetched its object through a scoped getter (`jour.access.scope.get_for_user`), which names it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.http import HttpRequest

from jour.lib.client_ip import client_ip

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
        ip_address=client_ip(request) if request is not None else None,
    )


# Reads: what the page shows ----------------------------------------------------------------------

_SUBJECT = "_audit_subject"


def shows(
    request: HttpRequest, obj: models.Model | None = None, *, object_type: str = "", actor=None, **detail
) -> None:
    """Name what this page shows (the object, or a kind of record with counts); replaces a fetched subject.

    `actor` names the account a token-authenticated page acts for (the calendar feed); `detail` counts or codes.
    """
    setattr(request, _SUBJECT, (obj, object_type, actor, detail))


def shows_fetched(request: HttpRequest, obj: models.Model) -> None:
    """The first object a page fetched through its scoped getter is what it shows, unless the view says more."""
    if getattr(request, _SUBJECT, None) is None:
        shows(request, obj)


def record_page(request: HttpRequest, action: Action | str) -> AuditEvent:
    """The event of a page the policy audits, naming what the view said it shows (else the URL's ids)."""
    obj, object_type, actor, detail = getattr(request, _SUBJECT, None) or (None, "", None, {})
    if obj is None and not object_type:
        detail = {"url": {k: str(v) for k, v in request.resolver_match.kwargs.items()}, **detail}
    return record(request, action, obj, user=actor, object_type=object_type, detail=detail)


# Changes ----------------------------------------------------------------------------------------


def record_form_save(
    request: HttpRequest, form, obj: models.Model, *, created: bool, detail: dict | None = None
) -> AuditEvent | None:
    """Audit a create, or a change naming the fields the form changed; nothing if nothing changed."""
    if created:
        return record(request, Action.CREATE, obj, detail=detail)
    if not form.has_changed():
        return None
    return record(request, Action.CHANGE, obj, fields=form.changed_data, detail=detail)
