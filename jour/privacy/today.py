"""Data protection's part of the coordinator's start page: is the retention purge running?"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jour.audit.models import Action, AuditEvent
from jour.today import Group, Item, contributes

# The purge is meant to run nightly (README); a week without one means it has stopped.
PURGE_OVERDUE_AFTER = dt.timedelta(days=7)


@contributes("privacy:retention", order=60)
def retention(request: HttpRequest, today: dt.date) -> Group:
    last = AuditEvent.objects.filter(action=Action.PURGE).order_by("-at").values_list("at", flat=True).first()
    url = reverse("privacy:retention")
    if last is None:
        items = [Item(_("The retention purge has never run"), url, urgent=True)]
    elif timezone.now() - last > PURGE_OVERDUE_AFTER:
        days = (timezone.now() - last).days
        text = ngettext(
            "The retention purge last ran %(n)s day ago", "The retention purge last ran %(n)s days ago", days
        )
        items = [Item(text % {"n": days}, url, urgent=True)]
    else:
        items = []
    return Group(_("Data protection"), items, empty=_("The retention purge runs."))
