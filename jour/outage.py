"""When the database is unreachable: a short 503 page with Retry-After, one log line per failed request.

A stopped or restarting PostgreSQL used to give a 500 for every request (and /healthz/), logged two or three
times: the view failed, and on the way out the middleware touched the session and the user again, each
time a new traceback. Now:

- `DatabaseOutageViewMiddleware` (last in MIDDLEWARE) answers a database error raised by a view with the
  503 page; `DatabaseOutageMiddleware` (first) replaces whatever an inner layer made of a later failure of
  the same request by that page;
- `server_error` (handler500) does the same for a database error raised by a middleware, and otherwise
  shows the 500 page;
- `note_outage` logs one line per request, with the cause (the error's class and first line, which names
  no person); `SkipLoggedOutages` drops django.request's tracebacks of a request already logged.

The page says "nothing was saved" only for a POST that failed before its transaction could commit
(ATOMIC_REQUESTS rolls it back); when the failure came at or after the commit, it says to check before
saving again. Recovery needs no restart: CONN_HEALTH_CHECKS drops a dead connection at the next request.
"""

from __future__ import annotations

import logging
import sys
from enum import StrEnum

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils import translation

from jour.lib.rollback import drop_messages

logger = logging.getLogger("jour.outage")

RETRY_AFTER_SECONDS = 30
DATABASE_ERRORS = (OperationalError, InterfaceError)
OUTAGE = "_jour_outage"  # request attribute: the cause, once logged
VIEW_STARTED = "_jour_view_started"
VIEW_RAISED = "_jour_view_raised"
_COMMIT_CODE = getattr(BaseDatabaseWrapper.commit, "__wrapped__", BaseDatabaseWrapper.commit).__code__


class Saved(StrEnum):
    """What the error page can say about the request's changes."""

    NOTHING_TO_SAVE = "nothing_to_save"  # a GET: nothing was being saved
    NOTHING = "nothing"  # rolled back before it could commit
    UNKNOWN = "unknown"  # the failure came at or after the commit


def database_error(exception: BaseException | None) -> BaseException | None:
    """The database error behind `exception` (itself, or what it was raised from), if any."""
    seen = 0
    while exception is not None and seen < 10:
        if isinstance(exception, DATABASE_ERRORS):
            return exception
        exception = exception.__cause__ or exception.__context__
        seen += 1
    return None


def cause(exception: BaseException) -> str:
    """The error's class and the first line of its message: the server, the port, never a value or a person."""
    first_line = str(exception).strip().splitlines()[0] if str(exception).strip() else ""
    return f"{type(exception).__name__}: {first_line[:200]}"


def note_outage(request: HttpRequest, exception: BaseException) -> None:
    """Log this request's failure, once, however many layers meet the dead database on its way out."""
    if getattr(request, OUTAGE, None) is not None:
        return
    setattr(request, OUTAGE, cause(exception))
    # The layers on the way out ask who she is (no-store, the menu cache); she is nobody until it is back,
    # rather than one more connection attempt each.
    from django.contrib.auth.models import AnonymousUser  # here: logging imports this module before the apps

    request.user = AnonymousUser()
    # The path holds ids only (no personal data in URLs); the query string is left out.
    logger.error("Database unavailable: %s %s (%s)", request.method, request.path, getattr(request, OUTAGE))


def _failed_in_commit(exception: BaseException) -> bool:
    traceback = exception.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code is _COMMIT_CODE:
            return True
        traceback = traceback.tb_next
    return False


def _saved(request: HttpRequest, exception: BaseException | None) -> Saved:
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return Saved.NOTHING_TO_SAVE
    if not getattr(request, VIEW_STARTED, False):
        return Saved.NOTHING  # failed before the view: nothing ran
    if getattr(request, VIEW_RAISED, False) and not (exception is not None and _failed_in_commit(exception)):
        return Saved.NOTHING  # the view's transaction rolled back
    return Saved.UNKNOWN


def _error_page(request: HttpRequest, template: str, *, saved: Saved, status: int) -> HttpResponse:
    # Rendered without the request: the context processors would query the database (menu, shelter name).
    retry = request.get_full_path() if saved == Saved.NOTHING_TO_SAVE else request.path
    drop_messages(request)  # the request's changes are rolled back (or unknown): no "saved" on the next page
    # Her language when the locale middleware got to set it; else Swedish, not what this thread served last.
    with translation.override(getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)):
        body = loader.render_to_string(template, {"saved": str(saved), "retry_url": retry, "status": status})
    response = HttpResponse(body, status=status)
    response["Cache-Control"] = "no-store, private"
    return response


def outage_response(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name == "healthz":  # the proxy's and the uptime check's answer
        response = JsonResponse({"status": "database unavailable"}, status=503)
    else:
        response = _error_page(request, "503.html", saved=_saved(request, exception), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """handler500: the 503 page when the database is behind it, otherwise the 500 page with the way back."""
    exception = sys.exc_info()[1]
    database = database_error(exception)
    if database is not None:
        note_outage(request, database)
        return outage_response(request, exception)
    try:
        return _error_page(request, "500.html", saved=_saved(request, exception), status=500)
    except Exception:  # the page itself failed: Django's plain answer
        return HttpResponseServerError("<h1>Server Error (500)</h1>")


class DatabaseOutageMiddleware:
    """First in MIDDLEWARE: a request that met the dead database ends as the one 503 page, whatever the inner
    layers made of their own failures on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, OUTAGE, None) is not None and response.status_code != 503:
            return outage_response(request)
        return response


class DatabaseOutageViewMiddleware:
    """Last in MIDDLEWARE, next to the view: notes that the view began, and turns its database error into
    the 503 page (the view's transaction has rolled back by then)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs) -> None:
        setattr(request, VIEW_STARTED, True)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        setattr(request, VIEW_RAISED, True)
        database = database_error(exception)
        if database is None:
            return None
        note_outage(request, database)
        return outage_response(request, exception)


class SkipLoggedOutages(logging.Filter):
    """Drops django.request's record (and traceback) of a request whose outage is logged already."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        return getattr(request, OUTAGE, None) is None
