"""The audit trail's part of the coordinator's start page: alerts of the last day to review."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jour.today import Group, Item, contributes

from .alerts import recent_alerts


@contributes("audit:log", order=50)
def alerts_to_review(request: HttpRequest, today: dt.date) -> Group:
    # The stored alerts (brought up to date from the events since the last look, never a scan of the day's
    # events) of the last 24 hours only: the audit log page shows the longer window.
    count = len(recent_alerts(days=1))
    items = []
    if count:
        text = ngettext("%(n)s audit alert in the last day", "%(n)s audit alerts in the last day", count)
        items.append(Item(text % {"n": count}, reverse("audit:log"), count, urgent=True))
    return Group(_("Audit trail"), items, empty=_("No alerts in the last day."))
