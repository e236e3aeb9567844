"""The Django admin as Jour uses it: for the technical superuser, and no side door.

Every add, change and delete made through the admin is written to Jour's audit log (the admin's own
django_admin_log is not reviewed by anyone and misses bulk deletes). The site remembers the request it is
serving; model signals write an audit event for any row saved or deleted while it does.

Every read is audited too: the admin still shows the workers' accounts (names, e-mail) and the lockout's
records (usernames as typed, addresses, browsers), so a GET of a model's list, record, history, delete
confirmation or password page writes a VIEW event, as the access middleware does for the app's READ pages —
for every model the registry of personal data says holds any (jour/privacy/registry.py); a model it does not
know counts as personal. Municipalities and groups are read unaudited.
"""

from __future__ import annotations

import contextvars
from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

_admin_request: contextvars.ContextVar = contextvars.ContextVar("jour_admin_request", default=None)

# Rows the admin writes as a side effect of being used, or that are the log itself.
NOT_AUDITED = frozenset({"audit.auditevent", "audit.alertnotice", "admin.logentry", "sessions.session"})


class AuditedAdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def serving(request, *args, **kwargs):
            token = _admin_request.set(request)
            try:
                response = inner(request, *args, **kwargs)
            finally:
                _admin_request.reset(token)
            if request.method in READ_METHODS and 200 <= response.status_code < 300:
                _record_read(request, view, kwargs, response)
            return response

        return serving


READ_METHODS = frozenset({"GET", "HEAD"})
# The URL keyword naming the record on a model admin's pages (change, history, delete; the password page).
RECORD_KWARGS = ("object_id", "id")


def _record_read(request, view, kwargs, response) -> None:
    """A successful GET of a model admin's page showing personal data: one VIEW event, like an app page's."""
    model_admin = getattr(view, "__self__", None)
    if not isinstance(model_admin, admin.ModelAdmin) or not _holds_personal_data(model_admin.model):
        return  # the index, the superuser's own pages, codes and labels
    from jour.audit.log import record
    from jour.audit.models import Action

    object_id = next((str(kwargs[key]) for key in RECORD_KWARGS if kwargs.get(key) is not None), "")
    detail = {"admin": True}
    if not object_id:
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is None:
            return  # the empty add form shows no one
        detail["rows"] = len(changelist.result_list)
    record(request, Action.VIEW, object_type=model_admin.model._meta.label_lower, object_id=object_id, detail=detail)


def _holds_personal_data(model) -> bool:
    from jour.privacy.registry import registry

    entry = registry.entry(model)
    return entry is None or entry.holds_personal_data


class JourAdminConfig(AdminConfig):
    default_site = "jour.accounts.admin_site.AuditedAdminSite"

    def ready(self):
        super().ready()
        pre_save.connect(_remember_before, dispatch_uid="jour-admin-audit-pre")
        post_save.connect(_saved, dispatch_uid="jour-admin-audit-save")
        post_delete.connect(_deleted, dispatch_uid="jour-admin-audit-delete")
        m2m_changed.connect(_m2m_changed, dispatch_uid="jour-admin-audit-m2m")


def _audited(instance) -> bool:
    return _admin_request.get() is not None and instance._meta.label_lower not in NOT_AUDITED


def _attnames(instance) -> list[str]:
    return [field.attname for field in instance._meta.concrete_fields]


def _remember_before(sender, instance, raw=False, **kwargs):
    if raw or not _audited(instance) or instance._state.adding or instance.pk is None:
        return
    instance._jour_admin_before = sender._base_manager.filter(pk=instance.pk).values(*_attnames(instance)).first()


def _saved(sender, instance, created, raw=False, **kwargs):
    if raw or not _audited(instance):
        return
    from jour.audit.log import record
    from jour.audit.models import Action

    before = getattr(instance, "_jour_admin_before", None) or {}
    changed = [
        field.name
        for field in instance._meta.concrete_fields
        if not created and before.get(field.attname) != getattr(instance, field.attname)
    ]
    if not created and not changed:
        return
    detail = {"admin": True}
    if instance._meta.label_lower == "accounts.user" and (created or "role" in changed):
        detail["role"] = instance.role
    if instance._meta.label_lower == "accounts.user" and "is_superuser" in changed:
        detail["superuser"] = instance.is_superuser
    record(_admin_request.get(), Action.CREATE if created else Action.CHANGE, instance, fields=changed, detail=detail)


def _deleted(sender, instance, **kwargs):
    if not _audited(instance):
        return
    from jour.audit.log import record
    from jour.audit.models import Action

    record(_admin_request.get(), Action.DELETE, instance, detail={"admin": True})


def _m2m_changed(sender, instance, action, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or not _audited(instance):
        return
    from jour.audit.log import record
    from jour.audit.models import Action

    relation = model._meta.label_lower
    record(
        _admin_request.get(),
        Action.CHANGE,
        instance,
        fields=[relation],
        detail={
            "admin": True,
            "relation": relation,
            "change": action.removeprefix("post_"),
            "count": len(pk_set or ()),
        },
    )
