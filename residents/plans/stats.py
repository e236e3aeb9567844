"""Numbers for the follow-up report's results section. Aggregated in SQL, a fixed number of queries.

Periods are inclusive: `start <= date <= end`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Avg, Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from residents.models import Resident, Stay

from .models import (
    Authority,
    Goal,
    OrientationProgress,
    OrientationStatus,
    OrientationTopic,
    SelfAssessment,
    SupportEntry,
    SupportKind,
)

# Groups smaller than this are not shown: a small group could point out a woman.
MIN_GROUP = 3


@dataclass(frozen=True)
class SelfAssessmentChange:
    """Change in Rosenberg score (10–40) between each woman's first and last answer in the period.

    `women` counts women with at least two self-assessments in the period. When fewer than
    MIN_GROUP, `suppressed` is True and women, mean_change and share_improved are None.
    """

    women: int | None
    mean_change: float | None  # points, rounded to one decimal
    share_improved: float | None  # 0.0–1.0: share whose last score is higher than the first
    suppressed: bool


def self_assessment_change(*, start: date, end: date) -> SelfAssessmentChange:
    in_period = SelfAssessment.objects.filter(resident=OuterRef("pk"), answered_on__range=(start, end))
    count = in_period.order_by().values("resident").annotate(n=Count("pk")).values("n")
    first = in_period.order_by("answered_on", "pk").values("score")[:1]
    last = in_period.order_by("-answered_on", "-pk").values("score")[:1]
    # Only the women who answered in the period: the three subqueries then run for them, not for every resident.
    answered = SelfAssessment.objects.filter(answered_on__range=(start, end)).values("resident_id")
    women = (
        Resident.objects.filter(pk__in=answered)
        .annotate(
            n=Coalesce(Subquery(count, output_field=IntegerField()), 0),
            first_score=Subquery(first),
            last_score=Subquery(last),
        )
        .filter(n__gte=2)
        .aggregate(
            women=Count("pk"),
            mean_change=Avg(F("last_score") - F("first_score")),
            improved=Count("pk", filter=Q(last_score__gt=F("first_score"))),
        )
    )
    if women["women"] < MIN_GROUP:
        return SelfAssessmentChange(women=None, mean_change=None, share_improved=None, suppressed=True)
    return SelfAssessmentChange(
        women=women["women"],
        mean_change=round(float(women["mean_change"]), 1),
        share_improved=round(women["improved"] / women["women"], 3),
        suppressed=False,
    )


@dataclass(frozen=True)
class TopicCount:
    topic: str
    women_done: int  # women who finished the topic within the period
    women_in_progress: int  # women working on it, status dated within the period


@dataclass(frozen=True)
class PlanStatistics:
    women_with_plan: int  # women whose stay overlaps the period and whose plan has at least one goal
    goals: int  # goals in those plans
    accompaniments: int
    contacts: int  # contacts with authorities on her behalf
    women_supported: int  # women with at least one accompaniment or contact in the period
    accompaniments_by_authority: dict[str, int] = field(default_factory=dict)  # Authority value -> count
    contacts_by_authority: dict[str, int] = field(default_factory=dict)
    orientation_topics: list[TopicCount] = field(default_factory=list)  # every active topic, in list order
    women_in_orientation: int = 0  # women with a topic done or in progress within the period


def plan_statistics(*, start: date, end: date) -> PlanStatistics:
    overlapping = Stay.objects.filter(intake__lte=end).filter(Q(discharge__isnull=True) | Q(discharge__gt=start))
    goals = Goal.objects.filter(plan__stay__in=overlapping).aggregate(
        goals=Count("pk"), women=Count("plan__stay__resident", distinct=True)
    )
    support = SupportEntry.objects.filter(on__range=(start, end))
    by_authority = (
        support.order_by()
        .values("authority")
        .annotate(
            accompaniments=Count("pk", filter=Q(kind=SupportKind.ACCOMPANIMENT)),
            contacts=Count("pk", filter=Q(kind=SupportKind.CONTACT)),
        )
    )
    accompaniments = {value: 0 for value in Authority.values}
    contacts = {value: 0 for value in Authority.values}
    for row in by_authority:  # at most one row per authority
        accompaniments[row["authority"]] = row["accompaniments"]
        contacts[row["authority"]] = row["contacts"]
    women_supported = support.aggregate(women=Count("resident", distinct=True))["women"]
    in_period = Q(progress__on__range=(start, end))
    topics = OrientationTopic.objects.active().annotate(
        done=Count("progress", filter=in_period & Q(progress__status=OrientationStatus.DONE)),
        in_progress=Count("progress", filter=in_period & Q(progress__status=OrientationStatus.IN_PROGRESS)),
    )
    women_in_orientation = OrientationProgress.objects.filter(
        on__range=(start, end), status__in=[OrientationStatus.DONE, OrientationStatus.IN_PROGRESS]
    ).aggregate(women=Count("resident", distinct=True))["women"]
    return PlanStatistics(
        women_with_plan=goals["women"],
        goals=goals["goals"],
        accompaniments=sum(accompaniments.values()),
        contacts=sum(contacts.values()),
        women_supported=women_supported,
        accompaniments_by_authority=accompaniments,
        contacts_by_authority=contacts,
        orientation_topics=[TopicCount(t.name, t.done, t.in_progress) for t in topics],
        women_in_orientation=women_in_orientation,
    )
