from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from .alerts import ALERT_DAYS, recent_alerts
from .describe import AUDIT_LOG, describe, record_title
from .forms import AuditLogForm
from .log import shows
from .models import AuditAlert, AuditEvent
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
    alerts = recent_alerts()
    context = {
        "form": form,
        "page": page,
        "lines": lines,
        "alerts": alerts,
        "alert_items": alert_items(alerts),
        "alert_days": ALERT_DAYS,
    }
    return render(request, "audit/log.html", context)


def alert_items(alerts: list[AuditAlert]) -> SafeString:
    """The alerts' list items, built here rather than by a template loop: a jour that works evenings has
    hundreds in 14 days (600 in the national dataset: most of the page's CPU through the template, see
    docs/benchmarks.md). The same markup (tests/core/test_audit_alerts.py compares it with the template's)."""
    labels: dict[str, str] = {}

    def item(alert: AuditAlert) -> tuple:
        if alert.kind not in labels:
            labels[alert.kind] = alert.label
        actor = format_html(" · {}", alert.actor_username) if alert.actor_username else ""
        count = " · " + ngettext("%(n)s event", "%(n)s events", alert.count) % {"n": alert.count}
        return (
            labels[alert.kind],
            actor,
            count if alert.count > 1 else "",
            f"{timezone.localtime(alert.at):%Y-%m-%d %H:%M}",
        )

    return format_html_join(
        "\n",
        '<li class="list-group-item list-group-item-warning d-flex justify-content-between">'
        '<span><strong>{}</strong>{}{}</span><span class="text-muted">{}</span></li>',
        (item(alert) for alert in alerts),
    )


def object_log(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    """Who has accessed this record: every event naming it, newest first."""
    events = AuditEvent.objects.filter(object_type=object_type, object_id=object_id)
    page = keyset_page(events, request.GET, PAGE_SIZE)
    # The log names the record whose history was read (it is not listed in that history: no read of her data).
    shows(request, object_type=AUDIT_LOG, record=f"{object_type}/{object_id}", rows=len(page.rows))
    context = {"page": page, "lines": describe(page.rows), "title": record_title(object_type, object_id)}
    return render(request, "audit/object_log.html", context)
