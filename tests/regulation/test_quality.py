"""Systematic quality work: routines due for review, the lex Sarah flow with its deadlines, and the reminders."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from regulation.models import Routine
from reporting.models import Deviation, DeviationKind
from tests.factories import UserFactory
from tests.reporting.factories import DeviationFactory

from .factories import RoutineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        yield


def _lex_sarah(**fields) -> Deviation:
    fields.setdefault("date", dt.date(2026, 2, 1))
    return DeviationFactory(kind=DeviationKind.LEX_SARAH, **fields)


def test_a_lex_sarah_case_past_its_due_date_warns_in_the_register_and_the_overview(staff_client):
    late = _lex_sarah(received_on=dt.date(2026, 2, 2))  # risk assessment due 4 Feb, investigation 16 Feb
    assert late.overdue(dt.date(2026, 3, 1)) == ["risk_assessed", "investigated"]
    fresh = _lex_sarah(date=dt.date(2026, 2, 28), received_on=dt.date(2026, 2, 28))
    assert fresh.overdue(dt.date(2026, 3, 1)) == []
    register = staff_client.get(reverse("reporting:register_list", args=["deviations"])).content.decode()
    assert register.count('data-testid="overdue"') == 2
    assert "Riskbedömningen är försenad" in register and "Utredningen är försenad" in register
    overview = staff_client.get(reverse("regulation:index"))
    assert [report.pk for report, _steps in overview.context["lex_sarah_late"]] == [late.pk]
    start = staff_client.get(reverse("home")).content.decode()
    assert "1 lex Sarah-rapport har passerat en tidsfrist" in start


def test_a_serious_case_not_reported_to_ivo_warns_until_it_is(staff_client):
    case = _lex_sarah(
        received_on=dt.date(2026, 2, 1),
        risk_assessed_on=dt.date(2026, 2, 2),
        investigated_on=dt.date(2026, 2, 10),
        serious=True,
    )
    assert case.overdue(dt.date(2026, 3, 1)) == ["ivo"]  # due 7 days after it was assessed serious
    case.reported_to_ivo, case.ivo_reported_on = True, dt.date(2026, 2, 20)
    case.save()
    assert case.overdue(dt.date(2026, 3, 1)) == []
    assert staff_client.get(reverse("regulation:index")).context["lex_sarah_late"] == []


def test_lex_sarah_steps_out_of_order_or_on_a_plain_deviation_are_refused(staff_client):
    data = {
        "date": "2026-02-01",
        "kind": DeviationKind.LEX_SARAH,
        "reporter": "Anna Andersson",
        "what_happened": "Larmet var avstängt.",
        "received_on": "2026-02-03",
        "risk_assessed_on": "2026-02-02",
        "serious": "unknown",
    }
    response = staff_client.post(reverse("reporting:register_create", args=["deviations"]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["risk_assessed_on"] == ["Det här steget kan inte komma före steget ovanför."]
    data.update(kind=DeviationKind.DEVIATION, risk_assessed_on="2026-02-04")
    response = staff_client.post(reverse("reporting:register_create", args=["deviations"]), data)
    assert "kind" in response.context["form"].errors
    data.update(kind=DeviationKind.LEX_SARAH, decided_on="2026-02-05")
    response = staff_client.post(reverse("reporting:register_create", args=["deviations"]), data)
    assert "serious" in response.context["form"].errors
    assert not Deviation.objects.exists()


def test_routines_due_and_past_review_are_marked_and_reviewing_moves_the_date(staff_client, staff):
    past = RoutineFactory(title="Lex Sarah-rutin", owner=staff, next_review_on=dt.date(2026, 2, 1))
    soon = RoutineFactory(title="Brandrutin", owner=staff, next_review_on=dt.date(2026, 3, 20))
    RoutineFactory(title="Hot och våld", owner=staff, next_review_on=dt.date(2026, 9, 1))
    page = staff_client.get(reverse("regulation:routine_list")).content.decode()
    assert page.count('data-testid="routine-overdue"') == 1 and page.count('data-testid="routine-due"') == 1
    overview = staff_client.get(reverse("regulation:index"))
    assert [r.pk for r in overview.context["routines_due"]] == [past.pk, soon.pk]
    staff_client.post(reverse("regulation:routine_reviewed", args=[past.pk]))
    past.refresh_from_db()
    assert (past.last_reviewed_on, past.next_review_on) == (dt.date(2026, 3, 1), dt.date(2027, 3, 1))


def test_a_routine_form_refuses_a_review_before_the_adoption(coordinator_client, staff):
    response = coordinator_client.post(
        reverse("regulation:routine_create"),
        {
            "title": "Rutin för avvikelser",
            "owner": staff.pk,
            "adopted_on": "2026-01-10",
            "review_every_months": "12",
            "last_reviewed_on": "2026-01-01",
            "next_review_on": "2027-01-10",
            "is_active": "on",
        },
    )
    assert "last_reviewed_on" in response.context["form"].errors
    assert not Routine.objects.exists()


def test_reminders_go_out_on_the_day_and_weekly_with_titles_and_dates_only(staff):
    staff.email = "personal@example.org"
    staff.save()
    coordinator = UserFactory(role="coordinator", email="samordnare@example.org")
    RoutineFactory(title="Brandrutin", owner=staff, next_review_on=dt.date(2026, 3, 31))  # reminder day: 1 March
    RoutineFactory(title="Hot och våld", owner=staff, next_review_on=dt.date(2026, 4, 2))  # not yet
    _lex_sarah(received_on=dt.date(2026, 2, 26), what_happened="Hemlig detalj om en boende.")  # risk due 28 Feb
    call_command("send_quality_reminders")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([coordinator.email, staff.email])
    routine_mail = next(m for m in mail.outbox if m.to == [staff.email])
    assert "Brandrutin" in routine_mail.body and "Hot och våld" not in routine_mail.body
    lex_mail = next(m for m in mail.outbox if m.to == [coordinator.email])
    assert "2026-02-01" in lex_mail.body and "Hemlig detalj" not in lex_mail.body and "Anna" not in lex_mail.body
    mail.outbox.clear()
    with time_machine.travel("2026-03-02 10:00 +0100", tick=False):
        call_command("send_quality_reminders")
    assert mail.outbox == []
