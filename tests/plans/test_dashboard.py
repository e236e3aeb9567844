"""The staff dashboard lists what is due on a fixed day (frozen clock)."""

from datetime import date

import pytest
import time_machine

from residents.plans.models import ActivityStatus
from tests.markup import compact

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


def _protected_stay(room, first_name: str):
    """A woman with a protected identity, surname Nord, living here since 1 February."""
    return StayFactory(
        room=room,
        intake=date(2026, 2, 1),
        resident__first_name=first_name,
        resident__last_name="Nord",
        resident__protection_level="protected_registration",
    )


# The table of women living here as its template rendered it before residents/plans/views.py built it in Python.
STAY_ROWS_AS_A_TEMPLATE = """{% load i18n disclosure %}{% for stay in stays %}
  <tr>
    <td>{{ stay.resident|woman_shown:"staff_list" }}</td>
    <td>{{ stay.room.name }}</td>
    <td>{{ stay.intake|date:"SHORT_DATE_FORMAT" }}</td>
    <td><a href="{% url 'plans:stay_plan' stay.pk %}">{% if stay.has_goals %}{% translate "Open plan" %}{% else %}{% translate "Start plan" %}{% endif %}</a></td>
    <td><a href="{% url 'plans:resident' stay.resident_id %}">{% translate "Her support" %}</a></td>
  </tr>{% endfor %}"""  # noqa: E501


@time_machine.travel(TODAY, tick=False)
def test_the_table_of_women_living_here_is_the_markup_the_template_made_in_swedish_and_english(staff_client):
    from django.db.models import Exists, OuterRef
    from django.template import Context, Template
    from django.utils import translation

    from residents.models import Stay
    from residents.plans.models import Goal
    from residents.plans.views import CurrentStay, _stay_rows

    room = RoomFactory(name="Rum <Ek>", beds=10)
    protected = _protected_stay(room, "<b>Amina</b>")
    GoalFactory(plan=PlanFactory(stay=protected))
    StayFactory(room=room, intake=date(2026, 2, 20), resident__first_name="Eva & Li", resident__last_name="Söder")
    stays = list(
        Stay.objects.annotate(has_goals=Exists(Goal.objects.filter(plan__stay=OuterRef("pk"))))
        .select_related("resident", "room")
        .order_by("pk")
    )

    rows = [CurrentStay(stay.pk, stay.intake, stay.resident, stay.room.name, stay.has_goals) for stay in stays]

    for language in ("sv", "en"):
        with translation.override(language):
            expected = compact(Template(STAY_ROWS_AS_A_TEMPLATE).render(Context({"stays": stays})))
            assert compact(_stay_rows(rows)) == expected
    table = _section_of_table(staff_client.get("/plans/").content.decode())
    assert "&lt;b&gt;Amina&lt;/b&gt; ***" in table and "Nord" not in table and "Eva &amp; Li Söder" in table
    assert "Rum &lt;Ek&gt;" in table and table.count("/plans/stays/") == 2 and "Öppna planen" in table


def _section_of_table(html: str) -> str:
    start = html.index('data-testid="current-stays"')
    return html[start : html.index("</table>", start)]


@time_machine.travel(TODAY, tick=False)
def test_the_dashboard_says_when_no_one_lives_here(staff_client):
    assert "Ingen bor här just nu." in staff_client.get("/plans/").content.decode()


# The four due lists as the template rendered them before residents/plans/views.py built them in Python, with the
# queries the view ran then (a join through all her stays for the reviews, an EXISTS per stay for the goals).
DUE_LISTS_AS_A_TEMPLATE = """{% load i18n disclosure %}<ul>{% for activity in activities %}
      <li class="list-group-item">
        <a href="{% url 'plans:stay_plan' activity.goal.plan.stay_id %}">{{ activity.goal.plan.stay.resident|woman_shown:"staff_list" }}</a>:
        {{ activity.what }} <span class="badge text-bg-light">{{ activity.get_status_display }}</span>
        <span class="text-muted small">{% if activity.when %}{{ activity.when|date:"SHORT_DATE_FORMAT" }}{% endif %}{% if activity.follow_up_on %} · {% translate "follow up on" %} {{ activity.follow_up_on|date:"SHORT_DATE_FORMAT" }}{% endif %}</span>
      </li>{% endfor %}</ul><ul>{% for plan in follow_ups %}
      <li class="list-group-item"><a href="{% url 'plans:stay_plan' plan.stay_id %}">{{ plan.stay.resident|woman_shown:"staff_list" }}</a>
        <span class="text-muted small">{{ plan.next_follow_up_on|date:"SHORT_DATE_FORMAT" }}</span></li>{% endfor %}</ul><ul>{% for plan in reviews %}
      <li class="list-group-item"><a href="{% url 'plans:safety_plan' plan.resident_id %}">{{ plan.resident|woman_shown:"staff_list" }}</a>
        <span class="text-muted small">{{ plan.review_on|date:"SHORT_DATE_FORMAT" }}</span></li>{% endfor %}</ul><ul>{% for stay in without_plan %}
      <li class="list-group-item"><a href="{% url 'plans:stay_plan' stay.pk %}">{{ stay.resident|woman_shown:"staff_list" }}</a>
        <span class="text-muted small">{% translate "intake" %} {{ stay.intake|date:"SHORT_DATE_FORMAT" }}</span></li>{% endfor %}</ul>"""  # noqa: E501


def _due_lists_before(today, sunday) -> dict:
    from datetime import timedelta

    from django.db.models import Exists, OuterRef, Q

    from residents.models import Stay
    from residents.plans.models import OPEN_ACTIVITY_STATUSES, Activity, Goal, ImplementationPlan, SafetyPlan

    current_stays = Stay.objects.current(today)
    has_goals = Exists(Goal.objects.filter(plan__stay=OuterRef("pk")))
    return {
        "activities": Activity.objects.filter(status__in=OPEN_ACTIVITY_STATUSES, goal__plan__stay__in=current_stays)
        .filter(Q(when__lte=sunday) | Q(follow_up_on__lte=sunday))
        .order_by("when", "follow_up_on", "pk"),
        "follow_ups": ImplementationPlan.objects.filter(stay__in=current_stays, next_follow_up_on__lte=sunday).order_by(
            "next_follow_up_on", "pk"
        ),
        "reviews": SafetyPlan.objects.filter(resident__stays__in=current_stays, review_on__lte=sunday)
        .distinct()
        .order_by("review_on", "pk"),
        "without_plan": current_stays.filter(intake__lte=today - timedelta(days=7))
        .annotate(has_goals=has_goals)
        .filter(has_goals=False)
        .order_by("intake", "pk"),
    }


@time_machine.travel(TODAY, tick=False)
def test_the_due_lists_are_what_the_template_and_its_queries_showed(staff_client):
    from django.template import Context, Template

    room = RoomFactory(beds=10)
    stay = _protected_stay(room, "<b>Aisha</b>")
    goal = GoalFactory(plan=PlanFactory(stay=stay, next_follow_up_on=date(2026, 3, 6)))
    ActivityFactory(goal=goal, what="Polisanmälan & <b>", when=date(2026, 3, 5))
    ActivityFactory(goal=goal, what="Läkarbesök", when=date(2026, 2, 21), follow_up_on=date(2026, 3, 3))
    ActivityFactory(goal=goal, what="Utan datum", when=None, follow_up_on=date(2026, 3, 2))
    ActivityFactory(goal=goal, what="Klart", when=date(2026, 3, 4), status=ActivityStatus.DONE)
    SafetyPlanFactory(resident=stay.resident, review_on=date(2026, 3, 8))
    later = StayFactory(room=room, intake=date(2026, 2, 20), resident__first_name="Beatrice")
    PlanFactory(stay=later, next_follow_up_on=date(2026, 3, 4))  # no goals yet: "without a plan"
    SafetyPlanFactory(resident=later.resident, review_on=date(2026, 3, 1))
    StayFactory(room=room, intake=date(2026, 2, 25), resident__first_name="Cecilia")
    StayFactory(room=room, intake=date(2026, 2, 26), resident__first_name="Dalia")
    # She lived here twice: one safety plan, reviewed once (the old join needed DISTINCT for it).
    twice = StayFactory(room=room, intake=date(2025, 1, 2), discharge=date(2025, 3, 1), resident__first_name="Elin")
    StayFactory(room=room, intake=date(2026, 2, 10), resident=twice.resident)
    SafetyPlanFactory(resident=twice.resident, review_on=date(2026, 3, 2))

    html = staff_client.get("/plans/").content.decode()
    shown = "".join(
        f"<ul>{_section(html, testid).split('<ul', 1)[1].split('>', 1)[1].split('</ul>')[0]}</ul>"
        for testid in ("due-activities", "due-follow-ups", "due-reviews", "without-plan")
    )
    before = Template(DUE_LISTS_AS_A_TEMPLATE).render(Context(_due_lists_before(date(2026, 3, 4), date(2026, 3, 8))))

    assert compact(shown) == compact(before)
    assert shown.count("<li") == 3 + 2 + 3 + 3 and "&lt;b&gt;Aisha&lt;/b&gt; ***" in shown and "Nord" not in shown
    assert "Polisanmälan &amp; &lt;b&gt;" in shown and _section(html, "due-reviews").count("Elin") == 1
