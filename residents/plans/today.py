"""The plans' part of the start page: activities, plan follow-ups and safety reviews due today or overdue."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jour.today import Group, Item, contributes
from residents.models import Stay

from .models import OPEN_ACTIVITY_STATUSES, Activity, HouseMeeting, ImplementationPlan, SafetyPlan


@contributes("plans:dashboard", order=20)
def plans_due(request: HttpRequest, today: dt.date) -> Group:
    user = request.user
    current_stays = Stay.objects.for_user(user).current(today)
    activities = (
        Activity.objects.for_user(user)
        .filter(status__in=OPEN_ACTIVITY_STATUSES, goal__plan__stay__in=current_stays)
        .filter(Q(when__lte=today) | Q(follow_up_on__lte=today))
        .count()
    )
    follow_ups = (
        ImplementationPlan.objects.for_user(user).filter(stay__in=current_stays, next_follow_up_on__lte=today).count()
    )
    # Her id among the current stays' (a join through all her stays needed DISTINCT and read every stay).
    reviews = (
        SafetyPlan.objects.for_user(user)
        .filter(resident__in=current_stays.values("resident_id"), review_on__lte=today)
        .count()
    )
    meetings = HouseMeeting.objects.filter(held_on=today).count()
    dashboard = reverse("plans:dashboard")
    items = []
    if activities:
        text = ngettext("%(n)s activity due", "%(n)s activities due", activities) % {"n": activities}
        items.append(Item(text, dashboard, activities, urgent=True))
    if follow_ups:
        text = ngettext("%(n)s plan to follow up", "%(n)s plans to follow up", follow_ups) % {"n": follow_ups}
        items.append(Item(text, dashboard, follow_ups, urgent=True))
    if reviews:
        text = ngettext("%(n)s safety plan to review", "%(n)s safety plans to review", reviews) % {"n": reviews}
        items.append(Item(text, reverse("plans:safety_reviews"), reviews, urgent=True))
    if meetings:
        text = ngettext("%(n)s house meeting today", "%(n)s house meetings today", meetings) % {"n": meetings}
        items.append(Item(text, reverse("plans:meeting_list"), meetings))
    return Group(_("Residents' plans"), items, empty=_("Nothing due today."))
