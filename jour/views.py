from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone

from . import outage
from .today import groups_for


def home(request: HttpRequest) -> HttpResponse:
    """Today's work for staff and the coordinator; the contact woman goes straight to her meetings."""
    if request.user.is_volunteer:
        return redirect("volunteers:index")
    return render(request, "home.html", {"groups": groups_for(request), "today": timezone.localdate()})


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
