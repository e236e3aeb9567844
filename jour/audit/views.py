from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from .alerts import ALERT_DAYS, recent_alerts
from .describe import AUDIT_LOG, describe, record_title
from .forms import AuditLogForm
from .log import shows
from .models import AuditEvent
from .paging import keyset_page

PAGE_SIZE = 50


def audit_log(request: HttpRequest) -> HttpResponse:
    """The whole log for the coordinator, newest first, filtered by account, kind of event and dates.

    The filter form is posted and redirects here with ids and codes only (see forms.py).
    """
    if request.method == "POST":
        form = AuditLogForm(request.POST)
        if form.is_valid() and not form.needs_choice:
            return redirect(f"{reverse('audit:log')}?{form.query()}")
    else:
        form = AuditLogForm.from_query(request.GET)
    page = lines = None
    if request.method == "GET" and form.is_valid() and not form.needs_choice:
        page = keyset_page(form.filter(AuditEvent.objects.all()), request.GET, PAGE_SIZE)
        lines = describe(page.rows)
        shows(request, object_type=AUDIT_LOG, list="audit_log", rows=len(lines))
    context = {"form": form, "page": page, "lines": lines, "alerts": recent_alerts(), "alert_days": ALERT_DAYS}
    return render(request, "audit/log.html", context)


def object_log(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    """Who has accessed this record: every event naming it, newest first."""
    events = AuditEvent.objects.filter(object_type=object_type, object_id=object_id)
    page = keyset_page(events, request.GET, PAGE_SIZE)
    # The log names the record whose history was read (it is not listed in that history: no read of her data).
    shows(request, object_type=AUDIT_LOG, record=f"{object_type}/{object_id}", rows=len(page.rows))
    context = {"page": page, "lines": describe(page.rows), "title": record_title(object_type, object_id)}
    return render(request, "audit/object_log.html", context)
