"""The audit trail's part of the coordinator's start page: alerts of the last day to review."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jour.today import Group, Item, contributes

from .alerts import find_alerts


@contributes("audit:log", order=50)
def alerts_to_review(request: HttpRequest, today: dt.date) -> Group:
    # The last 24 hours only: the audit log page shows the longer window.
    alerts = find_alerts(since=timezone.now() - dt.timedelta(days=1))
    items = []
    if alerts:
        text = ngettext("%(n)s audit alert in the last day", "%(n)s audit alerts in the last day", len(alerts))
        items.append(Item(text % {"n": len(alerts)}, reverse("audit:log"), len(alerts), urgent=True))
    return Group(_("Audit trail"), items, empty=_("No alerts in the last day."))
