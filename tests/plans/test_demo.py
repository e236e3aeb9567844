import random

import pytest
from django.db.models import Count

from jour.accounts.models import Role
from residents import demo as residents_demo
from residents.models import Stay
from residents.plans import demo
from residents.plans.models import (
    Goal,
    HouseMeeting,
    ImplementationPlan,
    OrientationProgress,
    SafetyPlan,
    SelfAssessment,
    SupportEntry,
)
from residents.plans.stats import plan_statistics, self_assessment_change
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_seeder_fills_plans_for_the_demo_residents():
    users = {"personal": UserFactory(role=Role.STAFF), "samordnare": UserFactory(role=Role.COORDINATOR)}
    residents_demo.seed(scale="demo", rng=random.Random(2026), users=users)
    demo.seed(scale="demo", rng=random.Random(2026), users=users)
    assert ImplementationPlan.objects.count() >= Stay.objects.count() - 6
    assert Goal.objects.count() >= 3 * ImplementationPlan.objects.count()
    assert not ImplementationPlan.objects.annotate(n=Count("goals")).filter(n=0).exists()
    assert SupportEntry.objects.exists() and OrientationProgress.objects.exists()
    assert SafetyPlan.objects.exists() and HouseMeeting.objects.count() == 8
    assert all(10 <= score <= 40 for score in SelfAssessment.objects.values_list("score", flat=True))
    assert all(a.score == a.compute_score() for a in SelfAssessment.objects.all())
    # The report's numbers come out of it.
    stays = Stay.objects.order_by("intake")
    start, end = stays.first().intake, stays.last().intake
    assert plan_statistics(start=start, end=end).women_with_plan > 0
    assert self_assessment_change(start=start, end=end).women is not None
    # Seeding again adds nothing.
    count = Goal.objects.count()
    demo.seed(scale="demo", rng=random.Random(2026), users=users)
    assert Goal.objects.count() == count
