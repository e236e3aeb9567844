"""Pages that list persons by name, and edit pages, are audited as views (rule 2; the burst alert counts them)."""

import pytest
from django.urls import reverse

from jour.audit.models import Action, AuditEvent

from ..plans.factories import GoalFactory, SupportEntryFactory
from ..residents.factories import StayFactory


@pytest.mark.parametrize(
    ("name", "object_type"),
    [
        ("plans:dashboard", "plans.implementationplan"),
        ("plans:orientation_overview", "plans.orientationprogress"),
        ("plans:safety_reviews", "plans.safetyplan"),
        ("plans:meeting_list", "plans.housemeeting"),
        ("volunteers:match_list", "volunteers.match"),
        ("volunteers:index", "volunteers.volunteerprofile"),
    ],
)
def test_lists_of_persons_are_audited(staff_client, name, object_type):
    assert staff_client.get(reverse(name)).status_code == 200
    assert AuditEvent.objects.filter(action=Action.VIEW, object_type=object_type).count() == 1


def test_edit_pages_are_audited_on_get_only(staff_client, db):
    stay = StayFactory()
    goal = GoalFactory(plan__stay=stay)
    entry = SupportEntryFactory(resident=stay.resident)
    for url, obj in [
        (reverse("residents:stay_edit", args=[stay.pk]), stay),
        (reverse("residents:stay_discharge", args=[stay.pk]), stay),
        (reverse("plans:goal_edit", args=[goal.pk]), goal),
        (reverse("plans:support_edit", args=[entry.pk]), entry),
    ]:
        views = AuditEvent.objects.filter(action=Action.VIEW, object_type=obj._meta.label_lower, object_id=str(obj.pk))
        before = views.count()
        assert staff_client.get(url).status_code == 200
        assert views.count() == before + 1
