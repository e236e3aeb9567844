from datetime import date

import factory

from residents.plans.models import (
    Activity,
    ActivityWho,
    Authority,
    Goal,
    HouseMeeting,
    ImplementationPlan,
    LifeArea,
    OrientationProgress,
    OrientationStatus,
    OrientationTopic,
    PlanFollowUp,
    SafetyPlan,
    SelfAssessment,
    SupportEntry,
    SupportKind,
)
from tests.factories import UserFactory
from tests.residents.factories import ResidentFactory, StayFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImplementationPlan

    stay = factory.SubFactory(StayFactory)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    area = LifeArea.HOUSING
    text = factory.Sequence(lambda n: f"Jag vill ha en egen lägenhet ({n})")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    goal = factory.SubFactory(GoalFactory)
    what = "Ställa sig i bostadskö"
    who = ActivityWho.HERSELF
    when = date(2026, 2, 1)


class PlanFollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanFollowUp

    plan = factory.SubFactory(PlanFactory)
    held_on = date(2026, 2, 1)
    note = "Planen gicks igenom tillsammans."
    author = factory.SubFactory(UserFactory)


class SupportEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportEntry

    resident = factory.SubFactory(ResidentFactory)
    kind = SupportKind.ACCOMPANIMENT
    authority = Authority.TAX_AGENCY
    purpose = "Ansöka om id-kort"
    on = date(2026, 2, 3)
    staff_member = factory.SubFactory(UserFactory)
    duration_minutes = 90


class OrientationTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrientationTopic

    name = factory.Sequence(lambda n: f"Ämne {n}")
    position = 500


class OrientationProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrientationProgress

    resident = factory.SubFactory(ResidentFactory)
    topic = factory.SubFactory(OrientationTopicFactory)
    status = OrientationStatus.DONE
    on = date(2026, 2, 10)


class SafetyPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyPlan

    resident = factory.SubFactory(ResidentFactory)
    measures = "Går inte ensam till busshållplatsen."
    code_words = "Blå tröja"
    emergency_contacts = "Personal i tjänst; polisen 112"
    review_on = date(2026, 3, 1)


def answers_for(score: int) -> dict:
    """Item answers (1–4) giving exactly `score` points (10–40), reverse-scored items included."""
    from residents.plans.models import REVERSED_ITEMS

    assert 10 <= score <= 40
    points = [1] * 10
    extra = score - 10
    for i in range(10):
        add = min(3, extra)
        points[i] += add
        extra -= add
    return {f"item_{n}": (5 - p if n in REVERSED_ITEMS else p) for n, p in zip(range(1, 11), points, strict=True)}


class SelfAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfAssessment

    total = 25
    resident = factory.SubFactory(ResidentFactory)
    occasion = "intake"
    answered_on = date(2026, 1, 12)
    entered_by = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        total = kwargs.pop("total", 25)
        for key, value in answers_for(total).items():
            kwargs.setdefault(key, value)
        return super()._create(model_class, *args, **kwargs)


class HouseMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseMeeting

    held_on = date(2026, 2, 4)
    topics = ["divorce", "swedish"]
    minutes = "Vi pratade om rättigheter vid skilsmässa."


def plans_world(world: dict) -> dict:
    """Plan objects around the access matrix's resident and stay."""
    stay, resident, staff = world["stay"], world["resident"], world["staff"]
    plan = PlanFactory(stay=stay)
    goal = GoalFactory(plan=plan)
    meeting = HouseMeetingFactory()
    meeting.attendees.add(resident)
    return {
        "plan": plan,
        "goal": goal,
        "activity": ActivityFactory(goal=goal),
        "follow_up": PlanFollowUpFactory(plan=plan, author=staff),
        "support_entry": SupportEntryFactory(resident=resident, staff_member=staff),
        "orientation_topic": OrientationTopicFactory(),
        "safety_plan": SafetyPlanFactory(resident=resident),
        "self_assessment": SelfAssessmentFactory(resident=resident, entered_by=staff),
        "house_meeting": meeting,
    }
