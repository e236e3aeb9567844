"""The follow-up's part of the coordinator's start page: reports not yet sent, the nearest due date first."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Min
from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jour.today import Group, Item, contributes

from .models import FollowUpReport, ReportStatus


@contributes("reporting:report_create", order=40)
def reports_due(request: HttpRequest, today: dt.date) -> Group:
    drafts = (
        FollowUpReport.objects.for_user(request.user)
        .filter(status=ReportStatus.DRAFT)
        .aggregate(n=Count("id"), due=Min("due_date"))
    )
    items = []
    if drafts["n"]:
        text = ngettext("%(n)s report not sent yet", "%(n)s reports not sent yet", drafts["n"]) % {"n": drafts["n"]}
        if drafts["due"]:
            text += " · " + _("next due %(date)s") % {"date": formats.date_format(drafts["due"], "SHORT_DATE_FORMAT")}
        overdue = drafts["due"] is not None and drafts["due"] <= today + dt.timedelta(days=14)
        items.append(Item(text, reverse("reporting:index"), drafts["n"], urgent=overdue))
    return Group(_("Follow-up"), items, empty=_("No report waiting."))
