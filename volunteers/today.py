"""Contact women's part of the start page (staff and coordinator): meetings today, proposals waiting."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jour.today import Group, Item, contributes

from .models import Match, MatchStatus, Meeting, MeetingStatus


@contributes("volunteers:match_list", order=30)
def contact_women(request: HttpRequest, today: dt.date) -> Group:
    # The local day as a range on starts_at (indexed), not a time-zone cast of every row.
    since = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    until = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min))
    meetings = (
        Meeting.objects.for_user(request.user)
        .filter(status=MeetingStatus.PLANNED, starts_at__gte=since, starts_at__lt=until)
        .count()
    )
    waiting = Match.objects.for_user(request.user).filter(status=MatchStatus.PROPOSED).count()
    items = []
    if meetings:
        text = ngettext("%(n)s meeting with a contact woman today", "%(n)s meetings with contact women today", meetings)
        items.append(Item(text % {"n": meetings}, reverse("volunteers:match_list"), meetings))
    if waiting:
        text = ngettext("%(n)s match waiting for an answer", "%(n)s matches waiting for an answer", waiting)
        items.append(Item(text % {"n": waiting}, f"{reverse('volunteers:match_list')}?status=proposed", waiting))
    return Group(_("Contact women"), items, empty=_("No meetings today."))
