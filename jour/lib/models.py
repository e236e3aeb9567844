"""Who created or changed a record, and when (set by the system, never typed into a form); used form tokens.

class Stay(Authored): ...                       # created_at, created_by
class SafetyPlan(Changed): ...                  # updated_at, updated_by
author = staff_reference(_("author"), protect=True)
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def staff_reference(verbose_name, *, protect: bool = False, blank: bool = True, **options) -> models.ForeignKey:
    """A reference to the account that did something, with no reverse accessor on the user ("+").

    By default the record outlives the account (SET_NULL); `protect` keeps the account as long as the record
    refers to it (an author whose name the record must always show).
    """
    if protect:
        return models.ForeignKey(
            settings.AUTH_USER_MODEL, verbose_name=verbose_name, on_delete=models.PROTECT, related_name="+", **options
        )
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=blank,
        related_name="+",
        **options,
    )


class Authored(models.Model):
    """When the record was created and by whom."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = staff_reference(_("created by"))

    class Meta:
        abstract = True


class Changed(models.Model):
    """When the record was last changed and by whom."""

    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    updated_by = staff_reference(_("changed by"))

    class Meta:
        abstract = True


class UsedFormToken(models.Model):
    """A form's one-time token, consumed by its first successful POST (jour/lib/formtoken.py).

    Holds a keyed hash of the token (with the user and the form's path), never the token or a value
    typed in the form, and where that first POST led (a path with ids only).
    """

    digest = models.CharField(max_length=64, unique=True)
    location = models.CharField(max_length=500)
    used_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"form token used {self.used_at:%Y-%m-%d %H:%M}"
