"""Each accompanying child's own placement: flagged until its basis, schooling, health exam, plan and views are
recorded; guardians by role only; every page audited; the free text encrypted at rest."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from jour.accounts.models import Role
from jour.audit.models import Action, AuditEvent
from regulation.children import children_statistics
from regulation.models import ChildPlacement, ChildPlan, ChildView, LegalBasis, Schooling
from tests.factories import UserFactory
from tests.residents.factories import ChildFactory, ChildStayFactory, StayFactory

from .factories import ChildPlacementFactory, ChildViewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        yield


def _child_stay(**stay):
    stay = StayFactory(intake=date(2026, 2, 1), **stay)
    return ChildStayFactory(stay=stay, child=ChildFactory(mother=stay.resident, first_name="Ella", birth_year=2016))


def _complete(child_stay):
    ChildPlacementFactory(
        child_stay=child_stay,
        legal_basis=LegalBasis.LAW_2024_79,
        deciding_municipality_id="0136",
        decision_date=date(2026, 1, 30),
        schooling=Schooling.TEMPORARY,
        health_exam_offered_on=date(2026, 2, 10),
    )
    ChildPlan.objects.create(child_stay=child_stay, goals="Gå i skolan varje dag.")
    ChildViewFactory(child_stay=child_stay)


def test_a_childs_stay_without_a_decision_basis_is_flagged_everywhere(staff_client):
    child_stay = _child_stay()
    page = staff_client.get(reverse("regulation:children")).content.decode()
    assert "Inget beslutsunderlag registrerat" in page
    record = staff_client.get(reverse("residents:child_detail", args=[child_stay.child_id])).content.decode()
    assert "Inget beslutsunderlag registrerat" in record
    overview = staff_client.get(reverse("regulation:index"))
    assert overview.context["children_flagged"] == 1
    _complete(child_stay)
    page = staff_client.get(reverse("regulation:children")).content.decode()
    assert 'data-testid="flag"' not in page and "Komplett" in page
    assert staff_client.get(reverse("regulation:index")).context["children_flagged"] == 0


def test_the_count_of_flagged_stays_is_what_flags_finds_for_each_missing_duty(staff):
    """count_flagged (the start page, the overview) decides in SQL what flags() decides per loaded stay."""
    from regulation.children import count_flagged, current_child_stays, flags

    missing = {
        "nothing": {},
        "basis": {"legal_basis": ""},
        "schooling": {"schooling": ""},
        "health exam": {"health_exam_offered_on": None},
    }
    for overrides in missing.values():
        child_stay = _child_stay()
        _complete(child_stay)
        if overrides:
            ChildPlacement.objects.filter(child_stay=child_stay).update(**overrides)
    no_placement, empty_plan, no_plan, no_views = (_child_stay() for _ in range(4))
    for child_stay in (empty_plan, no_plan, no_views):
        _complete(child_stay)
    ChildPlacement.objects.filter(child_stay=no_placement).delete()
    ChildPlan.objects.filter(child_stay=empty_plan).update(goals="")
    ChildPlan.objects.filter(child_stay=no_plan).delete()
    ChildView.objects.filter(child_stay=no_views).delete()
    _child_stay(discharge=date(2026, 2, 20))  # moved out: not counted
    today = date(2026, 3, 1)
    rows = list(current_child_stays(on=today, user=staff))
    expected = sum(1 for child_stay in rows if flags(child_stay))
    assert len(rows) == 8 and expected == 7
    assert count_flagged(on=today, user=staff) == expected
    assert count_flagged(on=today, user=UserFactory(role=Role.VOLUNTEER)) == 0


def _placement_form(**overrides) -> dict:
    data = {
        "legal_basis": LegalBasis.SOL_CONSENT,
        "deciding_municipality": "0136",
        "committee": "Socialnämnden",
        "decision_date": "2026-01-30",
        "accompanying_guardian_consent": "given",
        "other_guardian": "other_parent",
        "other_guardian_consent": "given",
        "schooling": "continued",
        "schooling_note": "",
        "health_exam_offered_on": "2026-02-10",
        "health_exam_done_on": "",
    }
    data.update(overrides)
    return data


def test_the_placement_form_saves_roles_and_audits_without_values(staff_client):
    child_stay = _child_stay()
    response = staff_client.post(reverse("regulation:placement_edit", args=[child_stay.pk]), _placement_form())
    assert response.status_code == 302
    placement = ChildPlacement.objects.get()
    assert placement.legal_basis == LegalBasis.SOL_CONSENT and placement.deciding_municipality_id == "0136"
    event = AuditEvent.objects.get(action=Action.CREATE, object_type="regulation.childplacement")
    assert "Socialnämnden" not in str(event.detail)
    staff_client.get(reverse("regulation:child_stay", args=[child_stay.pk]))
    view = AuditEvent.objects.filter(action=Action.VIEW, object_type="residents.child").last()
    assert view.object_id == str(child_stay.child_id)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"other_guardian_consent": "refused"},
            "legal_basis",
            "Utan den andra vårdnadshavarens samtycke beslutas placeringen enligt lag (2024:79), inte med samtycke.",
        ),
        ({"decision_date": ""}, "decision_date", "Ange datum för beslutet."),
        ({"schooling": "none"}, "schooling_note", "Ange varför barnet inte går i skolan."),
        (
            {"health_exam_offered_on": "", "health_exam_done_on": "2026-02-12"},
            "health_exam_offered_on",
            "En hälsoundersökning som gjorts har erbjudits först.",
        ),
        ({"decision_date": "2026-03-05"}, "decision_date", "Datumet kan inte ligga i framtiden."),
        ({"other_guardian": "none", "other_guardian_consent": "refused"}, "other_guardian", None),
    ],
)
def test_contradictions_are_refused_next_to_the_field_and_nothing_is_saved(staff_client, overrides, field, message):
    child_stay = _child_stay()
    response = staff_client.post(
        reverse("regulation:placement_edit", args=[child_stay.pk]), _placement_form(**overrides)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    if message:
        assert errors == [message]
    assert not ChildPlacement.objects.exists()


def test_the_childs_views_are_encrypted_at_rest_and_shown_to_staff(staff_client):
    child_stay = _child_stay()
    response = staff_client.post(
        reverse("regulation:view_create", args=[child_stay.pk]),
        {"recorded_on": "2026-02-20", "obtained_by": "drawing_or_play", "text": "Jag saknar min katt."},
    )
    assert response.status_code == 302
    view = ChildView.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM regulation_childview WHERE id = %s", [view.pk])
        assert cursor.fetchone()[0].startswith("fernet:")
    page = staff_client.get(reverse("regulation:child_stay", args=[child_stay.pk])).content.decode()
    assert "Jag saknar min katt." in page


def test_another_role_or_an_unknown_child_is_404(volunteer_client, staff_client):
    child_stay = _child_stay()
    assert volunteer_client.get(reverse("regulation:child_stay", args=[child_stay.pk])).status_code == 404
    assert staff_client.get(reverse("regulation:child_stay", args=[child_stay.pk + 100])).status_code == 404


def test_children_statistics_count_each_child_once_by_basis_schooling_and_health():
    complete = _child_stay()
    _complete(complete)
    bare = _child_stay()
    # A child with two stays in the period counts once, at the latest one.
    earlier = StayFactory(resident=bare.stay.resident, intake=date(2026, 1, 2), discharge=date(2026, 1, 20))
    old = ChildStayFactory(stay=earlier, child=bare.child)
    ChildPlacementFactory(child_stay=old, legal_basis=LegalBasis.NO_DECISION, health_exam_offered_on=date(2026, 1, 5))
    stats = children_statistics(start=date(2026, 1, 1), end=date(2026, 12, 31))
    assert stats.children == 2
    assert stats.by_basis[LegalBasis.LAW_2024_79] == 1 and stats.without_basis == 1
    assert stats.by_basis[LegalBasis.NO_DECISION] == 0
    assert stats.by_schooling[Schooling.TEMPORARY] == 1 and stats.by_schooling[""] == 1
    assert (stats.health_exam_offered, stats.health_exam_done, stats.with_plan, stats.with_views) == (1, 0, 1, 1)


def test_a_plan_without_goals_is_refused_next_to_the_field_so_the_figures_never_count_an_empty_plan(staff_client):
    child_stay = _child_stay()
    url = reverse("regulation:plan_edit", args=[child_stay.pk])
    response = staff_client.post(url, {"goals": "", "activities": "Barnsamtal varje vecka.", "next_follow_up_on": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["goals"] == ["Skriv åtminstone planens mål."]
    assert not ChildPlan.objects.exists()
    response = staff_client.post(url, {"goals": "Gå i skolan.", "activities": "", "next_follow_up_on": ""})
    assert response.status_code == 302
    assert children_statistics(start=date(2026, 1, 1), end=date(2026, 12, 31)).with_plan == 1
