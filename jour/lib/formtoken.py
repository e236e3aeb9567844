"""No double save: a form's one-time token, so a double-clicked "Spara" stores one record, not two.

Each create and edit form of person data carries a random token in a hidden field (`OnceForm`, part of
every `VersionedForm`, or `{% form_token %}` in a page without such a form): no query, no session write.
The view is decorated with `@save_once`. When the view has saved and answers with its redirect, the token
is consumed in the same transaction by one INSERT … ON CONFLICT DO NOTHING into a table whose key is
unique. A second POST with the same token (the double click, the back button and send again) finds it
taken — waiting, if both arrive together, until the first has committed — and its whole transaction is
rolled back: nothing it created, no audit event of it. It is redirected to where the first POST led, with
a message that the form was already saved. The same happens when the second POST of an edit form is
refused as stale (its own first click saved the record) or loses the race for the row (StaleVersion).

A POST without a token (a script, a page from before this check) is saved as before. Used tokens are kept
TOKEN_DAYS days and then removed by the retention purge (jour/privacy/personal_data.py).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from functools import wraps

from django import forms
from django.contrib import messages
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import UsedFormToken
from .rollback import drop_messages

TOKEN_FIELD = "form_token"
TOKEN_DAYS = 2
ALREADY_SAVED = _("This form was already saved (sent twice?). It was stored once; here it is.")


def new_token() -> str:
    return secrets.token_urlsafe(18)


def hidden_input() -> str:
    """The hidden field a create form carries (the `{% form_token %}` tag)."""
    return format_html('<input type="hidden" name="{}" value="{}">', TOKEN_FIELD, new_token())


class OnceForm:
    """Form mixin: the one-time token as a hidden field, rendered wherever the form's hidden fields are."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[TOKEN_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, max_length=64, initial=new_token
        )

    @property
    def changed_data(self) -> list[str]:
        return [name for name in super().changed_data if name != TOKEN_FIELD]


def _posted_token(request: HttpRequest) -> str:
    """The form's token (a prefixed form posts it as `<prefix>-form_token`; the first one counts)."""
    if request.method != "POST":
        return ""
    token = request.POST.get(TOKEN_FIELD, "")
    if not token:
        suffix = f"-{TOKEN_FIELD}"
        token = next((value for key, value in request.POST.items() if key.endswith(suffix) and value), "")
    return token[:64]


def _digest(request: HttpRequest, token: str) -> str:
    user = getattr(request, "user", None)
    key = f"{getattr(user, 'pk', '')}:{request.path}:{token}"
    return hashlib.sha256(key.encode()).hexdigest()


def _saved(response: HttpResponse) -> bool:
    return response.status_code in (301, 302, 303) and response.has_header("Location")


def _consume(digest: str, location: str) -> str | None:
    """Take the token; None when this POST is the first to, else where the first one led."""
    table = UsedFormToken._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (digest, location, used_at) VALUES (%s, %s, now()) "  # noqa: S608 (our table)
            "ON CONFLICT (digest) DO NOTHING RETURNING id",
            [digest, location[:500]],
        )
        if cursor.fetchone() is not None:
            return None
    return _used(digest) or location


def _used(digest: str) -> str | None:
    """Where the POST that used this token led, if one did."""
    return UsedFormToken.objects.filter(digest=digest).values_list("location", flat=True).first()


def _already_saved(request: HttpRequest, first: str) -> HttpResponse:
    transaction.set_rollback(True)  # undo everything this second POST did, audit events included
    drop_messages(request)  # and what it said
    messages.info(request, ALREADY_SAVED)
    return HttpResponseRedirect(first)


def save_once(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a create or edit view: a POST whose token was used already saves nothing and goes where the first led.

    Costs one INSERT on a successful save and one SELECT on a refused one; nothing on a GET.
    """

    @wraps(view)
    def once(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        token = _posted_token(request)
        if not token:
            return view(request, *args, **kwargs)
        if not connection.in_atomic_block:  # ATOMIC_REQUESTS is on; without it, be atomic here
            with transaction.atomic():
                return once(request, *args, **kwargs)
        from .versioning import StaleVersion  # versioning's forms carry this module's token

        digest = _digest(request, token)
        try:
            response = view(request, *args, **kwargs)
        except StaleVersion:
            first = _used(digest)
            if first is None:
                raise
            return _already_saved(request, first)
        first = _consume(digest, response["Location"]) if _saved(response) else _used(digest)
        return response if first is None else _already_saved(request, first)

    return once
