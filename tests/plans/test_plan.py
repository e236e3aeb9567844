"""The implementation plan page and its forms: grouping, audit, bad input, constant queries, ended stays."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db.models import F
from django.db.models.signals import post_init

from jour.audit.models import Action, AuditEvent
from residents.plans.models import Activity, ActivityStatus, Goal, ImplementationPlan, LifeArea, PlanFollowUp

from ..conftest import signed_in_client
from ..residents.factories import StayFactory
from .factories import ActivityFactory, GoalFactory, PlanFactory

NEXT_MONTH = (date.today() + timedelta(days=30)).isoformat()

pytestmark = pytest.mark.django_db


def _plan_with_goals(n: int) -> ImplementationPlan:
    plan = PlanFactory()
    areas = list(LifeArea.values)
    for i in range(n):
        goal = GoalFactory(plan=plan, area=areas[i % len(areas)])
        ActivityFactory(goal=goal)
        ActivityFactory(goal=goal, status=ActivityStatus.ONGOING)
    return plan


@pytest.mark.parametrize("goals", [2, 40])
def test_plan_page_runs_a_constant_number_of_queries(staff_client, django_assert_max_num_queries, goals):
    plan = _plan_with_goals(goals)
    with django_assert_max_num_queries(18):
        response = staff_client.get(f"/plans/stays/{plan.stay_id}/")
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="goal"') == goals


def test_plan_page_groups_goals_by_life_area_and_is_audited(staff_client):
    plan = PlanFactory()
    GoalFactory(plan=plan, area=LifeArea.ECONOMY, text="Jag vill ha ett eget id-kort")
    GoalFactory(plan=plan, area=LifeArea.LANGUAGE, text="Jag vill kunna prata svenska med läkaren")
    response = staff_client.get(f"/plans/stays/{plan.stay_id}/")
    html = response.content.decode()
    assert "Ekonomi och id-handlingar" in html and "Svenska språket" in html
    assert html.index("Ekonomi och id-handlingar") < html.index("Svenska språket")  # life-area order
    assert "Jag vill ha ett eget id-kort" in html
    assert "Bostad" not in html and "Barn och föräldraskap" not in html  # empty areas are left out
    assert AuditEvent.objects.filter(action=Action.VIEW, object_type="plans.implementationplan").count() == 1


def test_adding_a_goal_creates_the_plan_and_audits_field_names(staff_client):
    stay = StayFactory()
    response = staff_client.post(
        f"/plans/stays/{stay.pk}/goals/new/", {"area": LifeArea.HOUSING, "text": "Ett eget hem åt mig och barnen"}
    )
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert goal.plan.stay == stay and goal.text == "Ett eget hem åt mig och barnen"
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="plans.implementationplan").exists()
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="plans.goal", object_id=str(goal.pk)).exists()
    staff_client.post(f"/plans/goals/{goal.pk}/edit/", {"area": LifeArea.WORK, "text": goal.text})
    change = AuditEvent.objects.get(action=Action.CHANGE, object_type="plans.goal")
    assert change.fields == ["area"]
    assert "barnen" not in str(change.detail)


def test_goal_text_is_encrypted_at_rest(staff_client):
    goal = GoalFactory(text="Hemligt mål")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM plans_goal WHERE id = %s", [goal.pk])
        (stored,) = cursor.fetchone()
    assert stored.startswith("fernet:") and "Hemligt" not in stored


def test_bad_goal_is_refused_in_swedish_and_nothing_is_saved(staff_client):
    stay = StayFactory()
    response = staff_client.post(f"/plans/stays/{stay.pk}/goals/new/", {"area": "moon", "text": "   "})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Välj ett giltigt alternativ" in html
    assert "Detta fält måste fyllas i." in html or "Skriv målet." in html
    assert not ImplementationPlan.objects.exists() and not Goal.objects.exists()


def test_bad_activity_is_refused(staff_client):
    goal = GoalFactory()
    response = staff_client.post(
        f"/plans/goals/{goal.pk}/activities/new/",
        {"what": "", "who": "nobody", "when": "2026-02-10", "follow_up_on": "2026-02-01", "status": "planned"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Uppföljningen kan inte ligga före aktiviteten." in html
    assert "Detta fält måste fyllas i." in html
    assert not Activity.objects.exists()


def test_activity_and_follow_up_are_saved(staff_client, staff):
    goal = GoalFactory()
    stay_pk = goal.plan.stay_id
    response = staff_client.post(
        f"/plans/goals/{goal.pk}/activities/new/",
        {
            "what": "Besöka Skatteverket",
            "who": "staff",
            "who_detail": "Skatteverket",
            "when": "2026-02-10",
            "how": "Vi åker tillsammans",
            "status": "planned",
            "follow_up_on": "2026-02-17",
        },
    )
    assert response.status_code == 302
    assert Activity.objects.get().who_detail == "Skatteverket"
    with time_machine.travel("2026-02-20 10:00 +0100", tick=False):
        response = staff_client.post(
            f"/plans/stays/{stay_pk}/follow-ups/new/",
            {
                "held_on": "2026-02-20",
                "note": "Hon tycker planen stämmer.",
                "she_took_part": "on",
                "she_agreed": "on",
                "next_follow_up_on": "2026-03-20",
            },
        )
    assert response.status_code == 302
    follow_up = PlanFollowUp.objects.get()
    assert follow_up.author == staff and follow_up.she_took_part and follow_up.she_agreed
    goal.plan.refresh_from_db()
    assert goal.plan.next_follow_up_on == date(2026, 3, 20)
    assert AuditEvent.objects.filter(action=Action.CHANGE, object_type="plans.implementationplan").get().fields == [
        "next_follow_up_on"
    ]


def test_follow_up_in_the_future_is_refused(staff_client):
    plan = PlanFactory()
    response = staff_client.post(
        f"/plans/stays/{plan.stay_id}/follow-ups/new/",
        # Next month: in the future, yet a plausible date (2999 is refused as implausible, tests/lib).
        {"held_on": NEXT_MONTH, "note": "x", "next_follow_up_on": date.today().isoformat()},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Datumet kan inte ligga i framtiden." in html
    assert "Nästa uppföljning måste ligga efter den här." in html
    assert not PlanFollowUp.objects.exists()


@time_machine.travel("2026-04-01 10:00 +0200", tick=False)
def test_a_plan_on_an_ended_stay_can_be_changed_only_by_the_coordinator(staff_client, coordinator_client):
    stay = StayFactory(intake=date(2026, 1, 10), discharge=date(2026, 3, 1))
    plan = PlanFactory(stay=stay)
    goal = GoalFactory(plan=plan)
    activity = ActivityFactory(goal=goal)
    edits = [
        f"/plans/stays/{stay.pk}/goals/new/",
        f"/plans/stays/{stay.pk}/edit/",
        f"/plans/stays/{stay.pk}/follow-ups/new/",
        f"/plans/goals/{goal.pk}/edit/",
        f"/plans/goals/{goal.pk}/activities/new/",
        f"/plans/activities/{activity.pk}/edit/",
    ]
    for url in edits:
        assert staff_client.get(url).status_code == 404, url
        assert coordinator_client.get(url).status_code == 200, url
    assert staff_client.post(f"/plans/goals/{goal.pk}/delete/").status_code == 404
    assert staff_client.post(f"/plans/stays/{stay.pk}/goals/new/", {"area": "safety", "text": "x"}).status_code == 404
    assert Goal.objects.count() == 1
    # Staff still read it, with a clear message and no edit links.
    page = staff_client.get(f"/plans/stays/{stay.pk}/").content.decode()
    assert "Bara verksamhetsledaren kan ändra planen." in page
    assert f"/plans/goals/{goal.pk}/edit/" not in page
    assert f"/plans/goals/{goal.pk}/edit/" in coordinator_client.get(f"/plans/stays/{stay.pk}/").content.decode()
    # The coordinator can change it.
    response = coordinator_client.post(f"/plans/goals/{goal.pk}/edit/", {"area": "safety", "text": "Ändrat mål"})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.text == "Ändrat mål"


@time_machine.travel("2026-03-01 10:00 +0100", tick=False)
def test_on_the_discharge_day_staff_can_still_finish_the_plan(staff_client):
    stay = StayFactory(intake=date(2026, 1, 10), discharge=date(2026, 3, 1))
    assert staff_client.get(f"/plans/stays/{stay.pk}/goals/new/").status_code == 200


def test_goal_delete_removes_goal_and_activities(staff_client):
    activity = ActivityFactory()
    goal = activity.goal
    assert staff_client.get(f"/plans/goals/{goal.pk}/delete/").status_code == 405
    response = staff_client.post(f"/plans/goals/{goal.pk}/delete/")
    assert response.status_code == 302
    assert not Goal.objects.exists() and not Activity.objects.exists()
    assert AuditEvent.objects.filter(action=Action.DELETE, object_type="plans.goal", object_id=str(goal.pk)).exists()


def test_unknown_ids_are_404(staff_client):
    for url in ["/plans/stays/999999/", "/plans/goals/999999/edit/", "/plans/activities/999999/edit/"]:
        assert staff_client.get(url).status_code == 404


def test_volunteer_never_sees_a_plan(volunteer_user):
    plan = PlanFactory()
    client = signed_in_client(volunteer_user)
    assert client.get(f"/plans/stays/{plan.stay_id}/").status_code == 404
    assert client.get(f"/plans/stays/{plan.stay_id}/pdf/").status_code == 404


def test_resident_panel_include_links_to_her_pages_without_queries(django_assert_num_queries):
    from django.template.loader import render_to_string

    from ..residents.factories import ResidentFactory

    resident = ResidentFactory()
    with django_assert_num_queries(0):
        html = render_to_string("plans/_resident_panel.html", {"resident": resident})
    for url in ["", "orientation/", "safety/", "self-assessments/"]:
        assert f'href="/plans/residents/{resident.pk}/{url}"' in html
    assert "{%" not in html and "Samhällsorientering" in html


def test_a_follow_up_refused_by_a_plan_saved_meanwhile_says_nothing_was_saved(staff_client):
    """The follow-up's save also moves the plan's next follow-up date; when that save loses the race with another
    save of the plan (StaleVersion: a 409, the whole request rolled back), no "saved" message may be left queued
    for the next page: nothing was saved."""
    plan = PlanFactory(next_follow_up_on=None)
    saved_meanwhile = []

    def another_tab_saves_the_plan(sender, instance, **kwargs):
        # What another request's plan_edit commits right after this request has read the plan.
        if instance.pk == plan.pk and not saved_meanwhile:
            saved_meanwhile.append(True)
            ImplementationPlan.objects.filter(pk=plan.pk).update(lock_version=F("lock_version") + 1)

    post_init.connect(another_tab_saves_the_plan, sender=ImplementationPlan)
    try:
        response = staff_client.post(
            f"/plans/stays/{plan.stay_id}/follow-ups/new/",
            {
                "held_on": date.today().isoformat(),
                "note": "Hon tycker planen stämmer.",
                "next_follow_up_on": NEXT_MONTH,
            },
        )
    finally:
        post_init.disconnect(another_tab_saves_the_plan, sender=ImplementationPlan)
    assert response.status_code == 409
    assert not PlanFollowUp.objects.exists()
    next_page = staff_client.get(f"/plans/stays/{plan.stay_id}/")
    assert next_page.status_code == 200
    assert "Uppföljningen är sparad." not in response.content.decode() + next_page.content.decode()
