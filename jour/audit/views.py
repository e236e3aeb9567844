import datetime as dt

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .alerts import find_alerts
from .filters import AuditEventFilter
from .models import AuditEvent

PAGE_SIZE = 50
ALERT_DAYS = 14


def audit_log(request: HttpRequest) -> HttpResponse:
    """The whole log for the coordinator, filtered by user, action and date."""
    events = AuditEventFilter(request.GET or None, queryset=AuditEvent.objects.all())
    page = Paginator(events.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    alerts = find_alerts(since=timezone.now() - dt.timedelta(days=ALERT_DAYS))
    return render(
        request, "audit/log.html", {"filter": events, "page": page, "alerts": alerts, "alert_days": ALERT_DAYS}
    )


def object_log(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    """Who has accessed this record: every event naming one person record."""
    events = AuditEvent.objects.filter(object_type=object_type, object_id=object_id)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/object_log.html", {"page": page, "object_type": object_type, "object_id": object_id})
