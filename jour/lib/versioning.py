"""No lost update: a version column on every edited model of person data, checked on every save.

Two people open the same record (a resident, a plan, a safety plan, a report's answers); the first saves.
Without a check the second save would silently write back everything the first one changed. So:

- `Versioned` (model mixin) adds `lock_version`, raised by one on every save of an existing row through a
  conditional `UPDATE … SET lock_version = n + 1 WHERE id = … AND lock_version = n`, in the same savepoint
  as the row's own UPDATE. When no row matches, someone saved in between: `StaleVersion`, nothing written.
- `VersionedForm` (ModelForm mixin) carries the version the page was loaded with in a hidden field, and
  a fingerprint of the values it showed (keyed hashes, no values). A save based on an older version is
  refused while the form validates, next to the form: which fields someone else changed (their labels,
  with old and new value, as her own form would show them); her typed input stays in the form; where
  she had not touched a field the other person changed, the form now shows the new value; where both
  changed it, hers stays and the field says what was saved. The form then carries the current version,
  so saving again is a decision she takes having seen the changes, never a silent overwrite.
- A save that loses the race between the form's check and the UPDATE (both within a second) raises
  `StaleVersion` from the model; `StaleVersionMiddleware` answers with a 409 page (the request's
  transaction is rolled back: nothing half-saved).

A POST without the hidden field (a script, a page from before this check) is saved as before; every form
page renders it (tests/lib/test_versioning.py and tests/test_lost_update.py check each edit form).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.query import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils import formats
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .formsets import STALE_OR_TAMPERED
from .formtoken import TOKEN_FIELD, OnceForm
from .rollback import drop_messages

VERSION_FIELD = "lock_version"
FINGERPRINT_FIELD = "lock_fingerprint"
HIDDEN_FIELDS = (VERSION_FIELD, FINGERPRINT_FIELD, TOKEN_FIELD)
SHOWN_VALUE_CHARS = 60

STALE_MESSAGE = _("Someone else saved this record after you opened it: %(changes)s.")
STALE_ADVICE = _(
    "Nothing was saved. Your input is kept below; where you had not changed a field, it now shows what they "
    "saved. Check it and save again."
)
STALE_NO_FIELDS = _("Someone else saved this record after you opened it.")
BOTH_CHANGED = _("Someone else saved %(value)s here meanwhile. Your input is kept: saving again replaces theirs.")


class StaleVersion(Exception):
    """A save based on a version that is no longer the stored one (someone saved in between)."""

    def __init__(self, obj: models.Model):
        super().__init__(f"{obj._meta.label} {obj.pk}: saved by someone else meanwhile")
        self.obj = obj


class Versioned(models.Model):
    """A model whose saves are conditional on the version they started from (see the module's text)."""

    # db_default too: rows written in SQL (COPY of the demo, bench loads, raw inserts) start at 1 as well.
    lock_version = models.PositiveIntegerField(_("version"), default=1, db_default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, VERSION_FIELD}
        using = kwargs.get("using") or self._state.db
        expected = self.lock_version
        try:
            # No savepoint of its own (like Django's save of a parent row): inside the request's transaction
            # both UPDATEs stand or fall together, and StaleVersion is raised outside the block, so it does
            # not mark the request's transaction for rollback; a caller that catches it can go on.
            with transaction.atomic(using=using, savepoint=False):
                rows = type(self)._base_manager.using(using).filter(pk=self.pk, lock_version=expected)
                bumped = rows.update(lock_version=expected + 1)
                if bumped:
                    self.lock_version = expected + 1
                    super().save(*args, **kwargs)
        except BaseException:
            self.lock_version = expected
            raise
        if not bumped:
            raise StaleVersion(self)


# Forms -----------------------------------------------------------------------------------------------


def _canonical(field: forms.Field, value) -> str:
    """One string per value, the same for a stored value (the form's initial) and a cleaned one."""
    try:
        value = field.prepare_value(value)
    except (TypeError, ValueError, AttributeError):
        pass
    if isinstance(value, QuerySet | list | tuple | set | frozenset):
        return "\x1f".join(sorted(_canonical_scalar(item) for item in value))
    return _canonical_scalar(value)


def _canonical_scalar(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, dt.datetime):  # prepare_value made it local time; a form keeps minutes only
        return value.replace(second=0, microsecond=0, tzinfo=None).isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


class VersionedForm(OnceForm):
    """ModelForm mixin (`class ResidentForm(VersionedForm, forms.ModelForm)`) for a `Versioned` model.

    Also carries the form's one-time token (jour/lib/formtoken.py), against a double-clicked save.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # 0 for a record not yet saved: two people opening the form of a plan nobody has written yet must
        # not both create-or-overwrite it.
        self.fields[VERSION_FIELD] = forms.IntegerField(
            widget=forms.HiddenInput,
            required=False,
            min_value=0,
            initial=self.instance.lock_version if self.instance.pk is not None else 0,
        )
        self.fields[FINGERPRINT_FIELD] = forms.CharField(
            # Computed when the page renders (a callable), over the fields the form finally has.
            widget=forms.HiddenInput,
            required=False,
            max_length=4000,
            initial=self._fingerprint_of_stored,
        )

    # What the page showed --------------------------------------------------------------------------

    def _shown_fields(self) -> list[str]:
        return [name for name in self.fields if name not in HIDDEN_FIELDS]

    def _digest(self, name: str, value) -> str:
        key = f"{self.instance._meta.label_lower}:{name}:{_canonical(self.fields[name], value)}"
        return salted_hmac("jour.lib.versioning", key).hexdigest()[:12]

    def _stored_value(self, name: str):
        return self.get_initial_for_field(self.fields[name], name)

    def _fingerprint_of_stored(self) -> str:
        return ",".join(f"{name}={self._digest(name, self._stored_value(name))}" for name in self._shown_fields())

    @staticmethod
    def _parse_fingerprint(text: str) -> dict[str, str]:
        pairs = (part.partition("=") for part in (text or "").split(",") if part)
        return {name: digest for name, _sep, digest in pairs}

    @cached_property
    def changed_data(self) -> list[str]:
        return [name for name in super().changed_data if name not in HIDDEN_FIELDS]

    # The check -------------------------------------------------------------------------------------

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound or self.instance.pk is None or self.empty_permitted and not self.has_changed():
            return
        if VERSION_FIELD in self.errors:
            self.add_error(None, ValidationError(STALE_OR_TAMPERED, code="stale"))
            return
        loaded = self.cleaned_data.get(VERSION_FIELD)
        if loaded is None:  # a POST without the field: saved as before
            return
        if loaded != self.instance.lock_version:
            self._refuse_stale()
            return
        # Checked again by the UPDATE itself: a save in between (the same second) raises StaleVersion.
        self.instance.lock_version = loaded

    def _refuse_stale(self) -> None:
        shown = self._parse_fingerprint(self.data.get(self.add_prefix(FINGERPRINT_FIELD), ""))
        changes, mutable = [], self.data.copy()
        for name in self._shown_fields():
            field, stored = self.fields[name], self._stored_value(name)
            stored_digest = self._digest(name, stored)
            if name in shown and shown[name] == stored_digest:
                continue  # nobody changed it
            hers_untouched = (
                name in shown
                and name in self.cleaned_data
                and (self._digest(name, self.cleaned_data[name]) == shown[name])
            )
            if name not in shown and name not in self.changed_data:
                continue  # no fingerprint to go by, and her value is the stored one
            label = str(self[name].label or name)
            new = _shown(field, stored)
            if hers_untouched:
                changes.append(
                    gettext("%(field)s (%(old)s → %(new)s)")
                    % {"field": label, "old": _shown(field, self.cleaned_data[name]), "new": new}
                )
                _write_data(mutable, self[name], field, stored)
            else:
                changes.append(gettext("%(field)s (now %(new)s)") % {"field": label, "new": new})
                self._both_changed.append((name, new))
        mutable[self.add_prefix(VERSION_FIELD)] = str(self.instance.lock_version)
        mutable[self.add_prefix(FINGERPRINT_FIELD)] = self._fingerprint_of_stored()
        self.data = mutable
        message = STALE_MESSAGE % {"changes": ", ".join(changes)} if changes else STALE_NO_FIELDS
        self.add_error(None, ValidationError(f"{message} {STALE_ADVICE}", code="stale"))
        for name, new in self._both_changed:
            if name in self.fields:
                self.add_error(name, ValidationError(BOTH_CHANGED, code="stale", params={"value": new}))

    @cached_property
    def _both_changed(self) -> list[tuple[str, str]]:
        return []

    @property
    def is_stale(self) -> bool:
        """Whether this form was refused because someone else saved the record after it was loaded."""
        return any(error.code == "stale" for error in self.errors.as_data().get("__all__", []))


def _shown(field: forms.Field, value) -> str:
    """A value as the form would show it: a choice's label, a date in the local format, shortened text."""
    if isinstance(field.widget, forms.PasswordInput):
        return "…"
    prepared = _canonical(field, value)
    if prepared == "":
        return gettext("(empty)")
    choices = getattr(field, "choices", None)
    if choices is not None:
        labels = {}
        for key, label in choices:
            if isinstance(label, list | tuple):  # an option group
                labels.update({str(k): str(v) for k, v in label})
            else:
                labels[str(key)] = str(label)
        text = ", ".join(labels.get(part, part) for part in prepared.split("\x1f"))
    elif isinstance(value, bool):
        text = gettext("yes") if value else gettext("no")
    elif isinstance(value, dt.date | dt.datetime | Decimal | int | float):
        text = formats.localize(field.prepare_value(value))
    else:
        text = prepared
    return f"«{Truncator(text).chars(SHOWN_VALUE_CHARS)}»"


def _write_data(data, bound_field: forms.BoundField, field: forms.Field, value) -> None:
    """Put a stored value into a form's submitted data, in the shape its widget submits."""
    widget, name = field.widget, bound_field.html_name
    prepared = field.prepare_value(value)
    if isinstance(widget, forms.MultiWidget):
        parts = widget.decompress(prepared)
        for suffix, sub_widget, part in zip(widget.widgets_names, widget.widgets, parts, strict=False):
            _set(data, f"{name}{suffix}", sub_widget.format_value(part))
    elif isinstance(widget, forms.CheckboxInput):
        data[name] = "true" if prepared else "false"
    elif isinstance(prepared, QuerySet | list | tuple | set) and getattr(widget, "allow_multiple_selected", False):
        data.setlist(name, [str(item.pk if isinstance(item, models.Model) else item) for item in prepared])
    else:
        _set(data, name, widget.format_value(prepared))


def _set(data, name: str, formatted) -> None:
    if isinstance(formatted, list | tuple):
        data.setlist(name, [str(item) for item in formatted])
    else:
        data[name] = "" if formatted is None else str(formatted)


# Without a form (a button that changes a record's state) --------------------------------------------


def loaded_version(data: Mapping) -> int | None:
    """The version a page without a VersionedForm posted in its hidden `lock_version` field, if any."""
    try:
        value = int(data.get(VERSION_FIELD, ""))
    except (TypeError, ValueError):
        return None
    return value if value > 0 else None


def is_stale(obj: Versioned, data: Mapping) -> bool:
    """Whether a posted version is older than the stored one; sets it on `obj` so its save checks it too."""
    loaded = loaded_version(data)
    if loaded is None:
        return False
    if loaded != obj.lock_version:
        return True
    obj.lock_version = loaded
    return False


def versioned_models() -> Iterable[type[models.Model]]:
    from django.apps import apps

    return [model for model in apps.get_models() if issubclass(model, Versioned)]


class StaleVersionMiddleware:
    """Answers a save that lost the race with another (StaleVersion from a model) with a 409 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, StaleVersion):
            return None
        drop_messages(request)  # rolled back: a "saved" queued before the losing save is not true
        content = loader.render_to_string(
            "409.html", {"saved": "nothing", "retry_url": request.get_full_path()}, request=request
        )
        return HttpResponse(content, status=409)
