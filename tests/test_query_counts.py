"""Query counts of the list and detail pages the apps' own tests do not cover: same bound at small and large data.

Each bound is the count measured when written plus 3, so a small addition elsewhere (a menu badge) does not
break it, while a query per row (57 more at 60 rows than at 3) always does.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from jour.audit.models import Action, AuditEvent
from tests.factories import UserFactory
from tests.plans.factories import (
    OrientationProgressFactory,
    OrientationTopicFactory,
    SafetyPlanFactory,
    SelfAssessmentFactory,
)
from tests.residents.factories import ResidentFactory, StayFactory

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 60


def _audit_events(n: int, actor, action=Action.VIEW) -> None:
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=actor,
            actor_username=actor.username,
            action=action,
            object_type="residents.resident",
            object_id=str(i),
        )
        for i in range(n)
    )


@pytest.mark.parametrize("rows", [SMALL, LARGE])
def test_audit_log(coordinator, coordinator_client, django_assert_max_num_queries, rows):
    _audit_events(rows, coordinator)
    with django_assert_max_num_queries(21):
        response = coordinator_client.get("/audit/")
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [SMALL, LARGE])
def test_user_list(coordinator_client, django_assert_max_num_queries, rows):
    UserFactory.create_batch(rows)
    with django_assert_max_num_queries(16):
        response = coordinator_client.get("/account/users/")
    assert response.status_code == 200
    assert response.content.decode().count("/account/users/") >= rows


@pytest.mark.parametrize("rows", [SMALL, LARGE])
def test_retention_page(coordinator, coordinator_client, django_assert_max_num_queries, rows):
    _audit_events(rows, coordinator, action=Action.PURGE)
    with django_assert_max_num_queries(20):
        response = coordinator_client.get("/privacy/retention/")
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [SMALL, LARGE])
def test_safety_reviews(staff_client, django_assert_max_num_queries, rows):
    for i in range(rows):
        resident = ResidentFactory()
        StayFactory(resident=resident)
        SafetyPlanFactory(resident=resident, review_on=date.today() + timedelta(days=i % 20))
    with django_assert_max_num_queries(16):
        response = staff_client.get("/plans/safety/")
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [SMALL, LARGE])
def test_resident_safety_plan(staff_client, django_assert_max_num_queries, rows):
    resident = ResidentFactory()
    StayFactory(resident=resident)
    SafetyPlanFactory(resident=resident)
    _audit_events(rows, UserFactory())
    with django_assert_max_num_queries(18):
        response = staff_client.get(f"/plans/residents/{resident.pk}/safety/")
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [SMALL, LARGE])
def test_resident_self_assessments(staff_client, django_assert_max_num_queries, rows):
    resident = ResidentFactory()
    StayFactory(resident=resident)
    for i in range(rows):
        SelfAssessmentFactory(resident=resident, total=10 + i % 30, answered_on=date(2020, 1, 1) + timedelta(days=i))
    with django_assert_max_num_queries(18):
        response = staff_client.get(f"/plans/residents/{resident.pk}/self-assessments/")
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [SMALL, LARGE])
def test_resident_orientation(staff_client, django_assert_max_num_queries, rows):
    resident = ResidentFactory()
    StayFactory(resident=resident)
    for _ in range(rows):
        OrientationProgressFactory(resident=resident, topic=OrientationTopicFactory())
    with django_assert_max_num_queries(19):
        response = staff_client.get(f"/plans/residents/{resident.pk}/orientation/")
    assert response.status_code == 200
