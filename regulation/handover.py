"""The hand-over of a placement's documentation to the placing municipality, when the retention policy asks for it.

One PDF per stay, for the social services that placed her (they know who she is): her identity, the stay, her
journal entries and her children's during the stay, her implementation plan and each child's own placement,
plan and views. The coordinator downloads it, hands it over by a safe channel and marks the stay as handed
over; the retention purge waits for that mark when the policy says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from residents.models import ChildStay, JournalEntry, Stay
from residents.plans.models import ImplementationPlan

from .models import ChildPlacement, ChildPlan, ChildView


def stays_to_hand_over(queryset):
    """Ended stays placed by social services whose documentation is not handed over yet, oldest end first."""
    return (
        queryset.filter(placed_by_social_services=True, discharge__isnull=False, handed_over_on__isnull=True)
        .select_related("resident", "placing_municipality")
        .order_by("discharge", "id")
    )


@dataclass
class ChildDocuments:
    child_stay: ChildStay
    placement: ChildPlacement | None
    plan: ChildPlan | None
    views: list[ChildView]
    journal: list[JournalEntry]


def _during(stay: Stay) -> Q:
    """Journal entries written from her intake to her discharge (the whole day of both)."""
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(stay.intake, dt.time.min, tzinfo=tz)
    query = Q(created_at__gte=since)
    if stay.discharge:
        query &= Q(created_at__lt=dt.datetime.combine(stay.discharge + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    return query


def handover_context(stay: Stay) -> dict:
    """Everything the hand-over PDF shows, in a fixed number of queries per child."""
    resident = stay.resident
    plan = ImplementationPlan.objects.filter(stay=stay).prefetch_related("goals__activities", "follow_ups").first()
    journal = list(
        JournalEntry.objects.filter(_during(stay), resident=resident).select_related("author").order_by("created_at")
    )
    children = []
    for child_stay in stay.child_stays.select_related("child", "placement__deciding_municipality", "plan").order_by(
        "child__birth_year", "child_id"
    ):
        children.append(
            ChildDocuments(
                child_stay=child_stay,
                placement=getattr(child_stay, "placement", None),
                plan=getattr(child_stay, "plan", None),
                views=list(child_stay.views.order_by("recorded_on", "id")),
                journal=list(
                    JournalEntry.objects.filter(_during(stay), child=child_stay.child)
                    .select_related("author")
                    .order_by("created_at")
                ),
            )
        )
    return {
        "stay": stay,
        "resident": resident,
        "plan": plan,
        "journal": journal,
        "children": children,
        "made_on": timezone.localdate(),
    }
