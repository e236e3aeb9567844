"""Her copy of the plan: a real PDF, Swedish, without protected data, named without personal data, audited."""

import io

import pytest
from pypdf import PdfReader

from jour.audit.models import Action, AuditEvent
from residents.choices import ProtectionLevel
from residents.plans.models import ActivityWho, LifeArea

from ..residents.factories import ResidentFactory, StayFactory
from .factories import ActivityFactory, GoalFactory, PlanFactory

pytestmark = pytest.mark.django_db


def _pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _plan_for(resident):
    plan = PlanFactory(stay=StayFactory(resident=resident))
    goal = GoalFactory(plan=plan, area=LifeArea.ECONOMY, text="Jag vill ha ett eget id-kort")
    ActivityFactory(goal=goal, what="Besöka Skatteverket", who=ActivityWho.STAFF, who_detail="Skatteverket")
    GoalFactory(plan=plan, area=LifeArea.LANGUAGE, text="Jag vill läsa SFI på kvällarna")
    return plan


def test_pdf_holds_her_goals_in_swedish_and_is_audited(staff_client):
    resident = ResidentFactory(first_name="Amira", last_name="Karlsson", personnummer="19900101-1234")
    plan = _plan_for(resident)
    response = staff_client.get(f"/plans/stays/{plan.stay_id}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="genomforandeplan-{plan.stay_id}.pdf"'
    text = _pdf_text(response)
    assert "Min genomförandeplan" in text
    assert "Ekonomi och id-handlingar" in text and "Svenska språket" in text
    assert "Jag vill ha ett eget id-kort" in text and "Jag vill läsa SFI på kvällarna" in text
    assert "Besöka Skatteverket" in text and "Personal" in text
    assert "Amira" in text and resident.case_number in text
    assert "Karlsson" not in text and "19900101" not in text
    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert event.object_type == "plans.implementationplan" and event.detail == {"format": "pdf"}


def test_pdf_of_a_protected_woman_has_no_case_number_and_uses_her_alias(staff_client):
    resident = ResidentFactory(
        first_name="Amira", last_name="Karlsson", alias="Sol", protection_level=ProtectionLevel.PROTECTED_REGISTRATION
    )
    plan = _plan_for(resident)
    text = _pdf_text(staff_client.get(f"/plans/stays/{plan.stay_id}/pdf/"))
    assert "Sol" in text
    assert resident.case_number not in text and "Karlsson" not in text and "Amira" not in text


def test_pdf_of_a_protected_woman_without_alias_has_no_name(staff_client):
    resident = ResidentFactory(first_name="Zelmira", alias="", protection_level=ProtectionLevel.CONFIDENTIALITY_MARKING)
    text = _pdf_text(staff_client.get(f"/plans/stays/{_plan_for(resident).stay_id}/pdf/"))
    assert "Zelmira" not in text and resident.case_number not in text


def test_pdf_is_swedish_even_when_staff_use_english(staff_client):
    plan = _plan_for(ResidentFactory())
    staff_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = _pdf_text(staff_client.get(f"/plans/stays/{plan.stay_id}/pdf/"))
    assert "Ekonomi och id-handlingar" in text and "Economy and ID documents" not in text


def test_no_pdf_without_a_plan(staff_client):
    stay = StayFactory()
    assert staff_client.get(f"/plans/stays/{stay.pk}/pdf/").status_code == 404
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()
