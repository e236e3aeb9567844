"""Fetching one object for a page: through the model's `for_user` scope, or 404.

Every person-data model's queryset has `for_user(user)` (what this account may see at all); each app defines
one getter per model on top of this helper (e.g. `residents.scope.get_resident_for_user`), and
tests/test_scoped_lookups.py fails when a view reads such a model without its scope. The object fetched is
what the page shows, for the audit event the policy declares (jour.audit.log.shows_fetched).
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from jour.audit.log import shows_fetched

M = TypeVar("M", bound=models.Model)


def get_for_user(request: HttpRequest, queryset: models.QuerySet[M], **lookup) -> M:
    obj = get_object_or_404(queryset.for_user(request.user), **lookup)
    shows_fetched(request, obj)
    return obj
