"""Safety plan, Rosenberg self-assessment and the report's aggregated numbers."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jour.audit.models import Action, AuditEvent
from residents.plans.models import SafetyPlan, SelfAssessment
from residents.plans.stats import plan_statistics, self_assessment_change

from ..residents.factories import ResidentFactory, RoomFactory, StayFactory
from .factories import (
    GoalFactory,
    OrientationProgressFactory,
    PlanFactory,
    SafetyPlanFactory,
    SelfAssessmentFactory,
    SupportEntryFactory,
    answers_for,
)

pytestmark = pytest.mark.django_db


# Safety plan -------------------------------------------------------------------------------------


def _safety_data(**overrides) -> dict:
    data = {
        "risk_assessed_on": "2026-02-01",
        "risk_assessed_by": "Socialtjänsten",
        "risk_tool": "freda_danger",
        "measures": "Tar taxi till jobbet",
        "code_words": "Röd paraply",
        "emergency_contacts": "Personal i tjänst; polisen 112",
        "location_services_checked": "on",
        "bankid_reviewed": "on",
        "digital_checked_on": "2026-02-02",
        "review_on": "2026-03-01",
    }
    return data | overrides


@time_machine.travel("2026-02-10 10:00 +0100", tick=False)
def test_safety_plan_is_saved_encrypted_and_every_view_is_audited(staff_client, staff):
    resident = ResidentFactory()
    response = staff_client.post(
        f"/plans/residents/{resident.pk}/safety/edit/", _safety_data(digital_checked_by=staff.pk)
    )
    assert response.status_code == 302
    plan = SafetyPlan.objects.get()
    assert plan.code_words == "Röd paraply" and plan.location_services_checked and not plan.car_gps_checked
    with connection.cursor() as cursor:
        cursor.execute("SELECT measures, code_words, emergency_contacts FROM plans_safetyplan")
        for stored in cursor.fetchone():
            assert stored.startswith("fernet:")
    created = AuditEvent.objects.get(action=Action.CREATE, object_type="plans.safetyplan")
    assert "Röd" not in str(created.detail)
    page = staff_client.get(f"/plans/residents/{resident.pk}/safety/").content.decode()
    assert "Röd paraply" in page and "☑ Platstjänster i telefonen" in page and "☐ GPS i bilen" in page
    assert AuditEvent.objects.filter(action=Action.VIEW, object_type="plans.safetyplan").count() == 1


def test_the_safety_plan_form_reads_the_woman_once_through_her_scope(staff_client):
    """The form of her existing safety plan names her from the woman its scoped getter fetched, not by reading
    her row again through the plan (an unscoped lookup and one more query)."""
    plan = SafetyPlanFactory()
    with CaptureQueriesContext(connection) as queries:
        assert staff_client.get(f"/plans/residents/{plan.resident_id}/safety/edit/").status_code == 200
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and 'FROM "residents_resident"' in q["sql"]
    ]
    assert len(reads) == 1, reads


@time_machine.travel("2026-02-10 10:00 +0100", tick=False)
def test_safety_plan_bad_input(staff_client):
    resident = ResidentFactory()
    response = staff_client.post(
        f"/plans/residents/{resident.pk}/safety/edit/",
        _safety_data(
            emergency_contacts="Systern, Storgatan 12",
            digital_checked_on="",
            risk_assessed_by="",
            risk_assessed_on="2026-12-01",
            review_on="",
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Skriv roller, inte adresser." in html
    assert "Ange datum för genomgången av den digitala säkerheten." in html
    assert "Ange vem som gick igenom den digitala säkerheten." in html
    assert "Datumet kan inte ligga i framtiden." in html
    assert "Detta fält måste fyllas i." in html  # review date
    assert not SafetyPlan.objects.exists()


@time_machine.travel("2026-03-04 10:00 +0100", tick=False)
def test_safety_reviews_overview(staff_client):
    room = RoomFactory(beds=10)
    due = StayFactory(room=room, intake=date(2026, 2, 1), resident__first_name="Fatima").resident
    later = StayFactory(room=room, intake=date(2026, 2, 1), resident__first_name="Greta").resident
    StayFactory(room=room, intake=date(2026, 2, 1), resident__first_name="Hiba")
    SafetyPlanFactory(resident=due, review_on=date(2026, 3, 2))
    SafetyPlanFactory(resident=later, review_on=date(2026, 4, 1))
    html = staff_client.get("/plans/safety/").content.decode()
    assert html.index("Fatima") < html.index("Greta") < html.index("Hiba")
    assert html.count("text-bg-warning") == 1


# Self-assessment ---------------------------------------------------------------------------------


def test_rosenberg_scoring_reverses_items_2_5_6_8_9():
    resident = ResidentFactory()
    # "Strongly agree" (4) with everything: 5 positive items × 4 + 5 reversed items × 1 = 25.
    all_agree = SelfAssessmentFactory(resident=resident, **{f"item_{n}": 4 for n in range(1, 11)})
    assert all_agree.score == 25
    best = {f"item_{n}": (1 if n in (2, 5, 6, 8, 9) else 4) for n in range(1, 11)}
    assert SelfAssessmentFactory(resident=resident, **best).score == 40
    worst = {f"item_{n}": (4 if n in (2, 5, 6, 8, 9) else 1) for n in range(1, 11)}
    assert SelfAssessmentFactory(resident=resident, **worst).score == 10
    for total in (10, 17, 33, 40):
        assert SelfAssessmentFactory(resident=resident, total=total).score == total


@time_machine.travel("2026-03-04 10:00 +0100", tick=False)
def test_self_assessment_is_entered_and_the_change_is_shown(staff_client):
    resident = ResidentFactory()
    SelfAssessmentFactory(resident=resident, total=18, occasion="intake", answered_on=date(2026, 1, 12))
    data = {"occasion": "discharge", "answered_on": "2026-03-04", "entry_mode": "paper", **answers_for(27)}
    response = staff_client.post(f"/plans/residents/{resident.pk}/self-assessments/new/", data)
    assert response.status_code == 302
    assert SelfAssessment.objects.latest("answered_on").score == 27
    html = staff_client.get(f"/plans/residents/{resident.pk}/self-assessments/").content.decode()
    assert "Förändring sedan första självskattningen" in html and "+9" in html
    chart = html[html.index('data-testid="score-chart"') : html.index("</svg>")]
    assert chart.count("<rect") == 2 and "<title>18</title>" in chart and "<title>27</title>" in chart
    assert 'x="22.5"' in chart  # coordinates never in Swedish number format ("22,5")
    assert AuditEvent.objects.filter(
        action=Action.VIEW, object_type="residents.resident", detail={"section": "self_assessments"}
    ).exists()


def test_the_form_shows_the_statements_in_swedish(staff_client):
    resident = ResidentFactory()
    html = staff_client.get(f"/plans/residents/{resident.pk}/self-assessments/new/").content.decode()
    assert "Jag känner att jag är en värdefull person, åtminstone lika mycket som andra." in html
    assert "Instämmer inte alls" in html


def test_incomplete_self_assessment_is_refused(staff_client):
    resident = ResidentFactory()
    data = {"occasion": "intake", "answered_on": "2026-01-12", "entry_mode": "device", **answers_for(25)}
    del data["item_7"]
    data["item_3"] = "9"
    response = staff_client.post(f"/plans/residents/{resident.pk}/self-assessments/new/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Välj ett svar." in html and "Välj ett giltigt alternativ" in html
    assert not SelfAssessment.objects.exists()


# Statistics for the report -----------------------------------------------------------------------

START, END = date(2026, 1, 1), date(2026, 12, 31)


def _women_with_scores(*pairs):
    for first, last in pairs:
        resident = ResidentFactory()
        SelfAssessmentFactory(resident=resident, total=first, answered_on=date(2026, 2, 1))
        SelfAssessmentFactory(resident=resident, total=last, answered_on=date(2026, 5, 1), occasion="discharge")


def test_self_assessment_change_is_suppressed_below_three_women(django_assert_max_num_queries):
    _women_with_scores((20, 30), (22, 25))
    SelfAssessmentFactory(total=15, answered_on=date(2026, 2, 1))  # only one answer: not counted
    with django_assert_max_num_queries(1):
        change = self_assessment_change(start=START, end=END)
    assert change.suppressed and change.women is None and change.mean_change is None and change.share_improved is None


def test_self_assessment_change_mean_and_share_improved(django_assert_max_num_queries):
    _women_with_scores((20, 30), (22, 25), (30, 28), (25, 25))
    resident = ResidentFactory()  # three answers: first 10, last 20, middle ignored
    for day, total in ((date(2026, 3, 1), 10), (date(2026, 4, 1), 35), (date(2026, 6, 1), 20)):
        SelfAssessmentFactory(resident=resident, total=total, answered_on=day)
    SelfAssessmentFactory(resident=resident, total=40, answered_on=date(2025, 12, 1))  # before the period
    with django_assert_max_num_queries(1):
        change = self_assessment_change(start=START, end=END)
    assert not change.suppressed
    assert change.women == 5
    assert change.mean_change == round((10 + 3 - 2 + 0 + 10) / 5, 1)
    assert change.share_improved == 0.6


def test_plan_statistics(django_assert_max_num_queries):
    room = RoomFactory(beds=10)
    inside = StayFactory(room=room, intake=date(2026, 2, 1))
    GoalFactory(plan=PlanFactory(stay=inside))
    GoalFactory(plan=inside.implementation_plan)
    before = StayFactory(room=room, intake=date(2025, 1, 1), discharge=date(2025, 6, 1))
    GoalFactory(plan=PlanFactory(stay=before))
    PlanFactory(stay=StayFactory(room=room, intake=date(2026, 3, 1)))  # a plan without goals
    SupportEntryFactory(resident=inside.resident, authority="tax_agency", kind="accompaniment")
    SupportEntryFactory(resident=inside.resident, authority="tax_agency", kind="accompaniment")
    SupportEntryFactory(authority="police", kind="contact")
    SupportEntryFactory(authority="police", kind="accompaniment", on=date(2025, 12, 31))  # outside
    OrientationProgressFactory(resident=inside.resident, topic__name="Cykla på riktigt", status="done")
    OrientationProgressFactory(status="in_progress", topic__name="Laga mat")
    with django_assert_max_num_queries(5):
        stats = plan_statistics(start=START, end=END)
    assert stats.women_with_plan == 1 and stats.goals == 2
    assert stats.accompaniments == 2 and stats.contacts == 1 and stats.women_supported == 2
    assert stats.accompaniments_by_authority["tax_agency"] == 2
    assert stats.accompaniments_by_authority["police"] == 0
    assert stats.contacts_by_authority["police"] == 1
    topics = {t.topic: t for t in stats.orientation_topics}
    assert topics["Cykla på riktigt"].women_done == 1 and topics["Laga mat"].women_in_progress == 1
    assert topics["Svenska språket"].women_done == 0
    assert stats.women_in_orientation == 2
