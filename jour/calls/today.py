"""The support line's part of the start page: today's contacts and requests for protected housing."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jour.lib.months import local_bounds
from jour.today import Group, Item, contributes

from .models import SupportContact


@contributes("calls:index", order=10)
def support_line(request: HttpRequest, today: dt.date) -> Group:
    since, until = local_bounds(today, today)  # a range on started_at (indexed), not a cast of every row
    counts = (
        SupportContact.objects.for_user(request.user)
        .filter(started_at__gte=since, started_at__lt=until)
        .aggregate(
            total=Count("id"),
            mine=Count("id", filter=Q(created_by=request.user)),
            housing=Count("id", filter=Q(housing_requested=True)),
        )
    )
    todays_list = f"{reverse('calls:contact_list')}?{urlencode({'date_from': today, 'date_to': today})}"
    items = [
        Item(
            ngettext("%(n)s contact today", "%(n)s contacts today", counts["total"]) % {"n": counts["total"]}
            + " · "
            + ngettext("%(n)s by you", "%(n)s by you", counts["mine"]) % {"n": counts["mine"]},
            todays_list,
            counts["total"],
        )
    ]
    if counts["housing"]:
        items.append(
            Item(
                ngettext(
                    "%(n)s request for protected housing today",
                    "%(n)s requests for protected housing today",
                    counts["housing"],
                )
                % {"n": counts["housing"]},
                todays_list,
                counts["housing"],
                urgent=True,
            )
        )
    return Group(_("Support line"), items, actions=[(_("Log a contact"), reverse("calls:contact_create"))])
