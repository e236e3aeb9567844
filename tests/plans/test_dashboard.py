"""The staff dashboard lists what is due on a fixed day (frozen clock)."""

from datetime import date

import pytest
import time_machine

from residents.plans.models import ActivityStatus

from ..residents.factories import RoomFactory, StayFactory
from .factories import ActivityFactory, GoalFactory, PlanFactory, SafetyPlanFactory

pytestmark = pytest.mark.django_db

# Wednesday 2026-03-04: the week is Monday 2 March – Sunday 8 March.
TODAY = "2026-03-04 10:00 +0100"


def _section(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</section>", start)]


@time_machine.travel(TODAY, tick=False)
def test_dashboard_lists_the_right_due_items(staff_client, django_assert_max_num_queries):
    room = RoomFactory(beds=10)
    stay = StayFactory(room=room, intake=date(2026, 2, 1), resident__first_name="Aisha")
    goal = GoalFactory(plan=PlanFactory(stay=stay, next_follow_up_on=date(2026, 3, 6)))
    ActivityFactory(goal=goal, what="Polisanmälan", when=date(2026, 3, 5))  # this week
    ActivityFactory(goal=goal, what="Bostadskö", when=date(2026, 2, 20))  # overdue, still planned
    ActivityFactory(goal=goal, what="Läkarbesök", when=date(2026, 2, 21), follow_up_on=date(2026, 3, 3))
    ActivityFactory(goal=goal, what="Klart ärende", when=date(2026, 3, 4), status=ActivityStatus.DONE)
    ActivityFactory(goal=goal, what="Avbrutet ärende", when=date(2026, 3, 4), status=ActivityStatus.DROPPED)
    ActivityFactory(goal=goal, what="Nästa vecka", when=date(2026, 3, 9))
    SafetyPlanFactory(resident=stay.resident, review_on=date(2026, 3, 8))

    later = StayFactory(room=room, intake=date(2026, 2, 20), resident__first_name="Beatrice")
    PlanFactory(stay=later, next_follow_up_on=date(2026, 3, 9))  # next week: not due
    SafetyPlanFactory(resident=later.resident, review_on=date(2026, 3, 9))

    StayFactory(room=room, intake=date(2026, 2, 25), resident__first_name="Cecilia")  # 7 days: no plan → due
    StayFactory(room=room, intake=date(2026, 2, 26), resident__first_name="Dalia")  # 6 days: not yet
    ended = StayFactory(
        room=room, intake=date(2026, 1, 2), discharge=date(2026, 2, 1), resident__first_name="Elin"
    )  # moved out: nothing of hers is due
    old_goal = GoalFactory(plan=PlanFactory(stay=ended, next_follow_up_on=date(2026, 2, 1)))
    ActivityFactory(goal=old_goal, what="Gammal aktivitet", when=date(2026, 1, 20))
    SafetyPlanFactory(resident=ended.resident, review_on=date(2026, 2, 1))

    with django_assert_max_num_queries(18):
        response = staff_client.get("/plans/")
    assert response.status_code == 200
    html = response.content.decode()
    activities = _section(html, "due-activities")
    assert activities.count("list-group-item") == 3
    for what in ["Polisanmälan", "Bostadskö", "Läkarbesök"]:
        assert what in activities
    for what in ["Klart ärende", "Avbrutet ärende", "Nästa vecka", "Gammal aktivitet"]:
        assert what not in activities
    follow_ups = _section(html, "due-follow-ups")
    assert "Aisha" in follow_ups and "Beatrice" not in follow_ups and "Elin" not in follow_ups
    reviews = _section(html, "due-reviews")
    assert "Aisha" in reviews and "Beatrice" not in reviews and "Elin" not in reviews
    without = _section(html, "without-plan")
    assert "Cecilia" in without and "Beatrice" in without  # Beatrice's plan has no goals yet
    assert "Dalia" not in without and "Aisha" not in without and "Elin" not in without
    assert "Att göra" in html


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("stays", [2, 30])
def test_dashboard_runs_a_constant_number_of_queries(staff_client, django_assert_max_num_queries, stays):
    room = RoomFactory(beds=60)
    for i in range(stays):
        stay = StayFactory(room=room, intake=date(2026, 2, 1))
        goal = GoalFactory(plan=PlanFactory(stay=stay, next_follow_up_on=date(2026, 3, 5)))
        ActivityFactory(goal=goal, when=date(2026, 3, 5))
        SafetyPlanFactory(resident=stay.resident, review_on=date(2026, 3, 5))
        if i % 2:
            StayFactory(room=room, intake=date(2026, 2, 2))
    with django_assert_max_num_queries(18):
        response = staff_client.get("/plans/")
    assert response.content.decode().count("/plans/stays/") >= stays * 3


def test_nav_shows_to_do_for_staff_only(staff_client, volunteer_client):
    assert 'href="/plans/"' in staff_client.get("/").content.decode()
    assert 'href="/plans/"' not in volunteer_client.get("/").content.decode()
