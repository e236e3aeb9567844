"""The housing's part of the start page: how many live here now and how many beds are free."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jour.today import Group, Item, contributes

from .models import Stay


@contributes("residents:board", order=15)
def housing(request: HttpRequest, today: dt.date) -> Group:
    stays = Stay.objects.for_user(request.user).current(today)
    living = stays.count()
    intakes = stays.filter(intake=today).count()
    items = [
        Item(
            ngettext("%(n)s woman lives here now", "%(n)s women live here now", living) % {"n": living},
            reverse("residents:board"),
            living,
        )
    ]
    if intakes:
        text = ngettext("%(n)s intake today", "%(n)s intakes today", intakes) % {"n": intakes}
        items.append(Item(text, reverse("residents:index"), intakes))
    return Group(_("Protected housing"), items, actions=[(_("Admit a resident"), reverse("residents:admit"))])
