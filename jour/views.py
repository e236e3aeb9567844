from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static

from . import outage


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


def healthz(request: HttpRequest) -> HttpResponse:
    """For the proxy and uptime checks: the app runs and reaches its database (503 and Retry-After if not)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except outage.DATABASE_ERRORS as error:
        outage.note_outage(request, error)
        return outage.outage_response(request)
    return JsonResponse({"status": "ok"})


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: send them to the icon in static/."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
