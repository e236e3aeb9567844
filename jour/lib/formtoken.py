"""No double create: a create form's one-time token, so a double-clicked "Spara" stores one record.

The page renders `{% form_token %}` (a random token in a hidden field; no query, no session write). The
create view is decorated with `@create_once`: after the view has saved and answers with its redirect, the
token is consumed in the same transaction with one INSERT … ON CONFLICT DO NOTHING into a table whose
key is unique. A second POST with the same token (the double click, a reload of the POST, a second tab of
the same page) finds it taken — waiting, if both arrive together, until the first has committed — and
its whole transaction is rolled back: nothing it created, no audit event of it. It is redirected to where
the first POST led, with a message that the form was already saved.

A POST without a token (a script, a page from before this check) is saved as before. Tokens are kept for
TOKEN_DAYS days and then removed by the retention purge (jour/privacy/personal_data.py).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import UsedFormToken

TOKEN_FIELD = "form_token"
TOKEN_DAYS = 2
ALREADY_SAVED = _("This form was already saved (sent twice?). It was stored once; here it is.")


def new_token() -> str:
    return secrets.token_urlsafe(18)


def hidden_input() -> str:
    """The hidden field a create form carries (the `{% form_token %}` tag)."""
    return format_html('<input type="hidden" name="{}" value="{}">', TOKEN_FIELD, new_token())


def _digest(request: HttpRequest, token: str) -> str:
    user = getattr(request, "user", None)
    key = f"{getattr(user, 'pk', '')}:{request.path}:{token}"
    return hashlib.sha256(key.encode()).hexdigest()


def _saved(response: HttpResponse) -> bool:
    return response.status_code in (301, 302, 303) and response.has_header("Location")


def _consume(digest: str, location: str) -> str | None:
    """Take the token; None when this POST was the first, else where the first one led."""
    table = UsedFormToken._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (digest, location, used_at) VALUES (%s, %s, now()) "  # noqa: S608 (our table)
            "ON CONFLICT (digest) DO NOTHING RETURNING id",
            [digest, location[:500]],
        )
        if cursor.fetchone() is not None:
            return None
        cursor.execute(f"SELECT location FROM {table} WHERE digest = %s", [digest])  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else location


def create_once(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a create view: a POST whose token was used already saves nothing and goes where the first led."""

    @wraps(view)
    def once(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        token = request.POST.get(TOKEN_FIELD, "") if request.method == "POST" else ""
        if not token:
            return view(request, *args, **kwargs)
        if not connection.in_atomic_block:  # ATOMIC_REQUESTS is on; without it, be atomic here
            with transaction.atomic():
                return once(request, *args, **kwargs)
        response = view(request, *args, **kwargs)
        if not _saved(response):
            return response
        first = _consume(_digest(request, token), response["Location"])
        if first is None:
            return response
        transaction.set_rollback(True)  # undo everything this second POST did, audit events included
        for _message in messages.get_messages(request):  # and drop its "saved" message
            pass
        messages.info(request, ALREADY_SAVED)
        return HttpResponseRedirect(first)

    return once
