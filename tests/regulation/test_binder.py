"""The inspection binder: a real PDF whose extracted text holds the year's counts and marks every gap, no person."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from jour.audit.models import Action, AuditEvent
from regulation.models import LegalBasis, Permit, PermitChange, PermitChangeKind, Schooling
from reporting.models import CompetenceDevelopment, DeviationKind, FeedbackKind
from tests.reporting.factories import DeviationFactory, FeedbackFactory
from tests.residents.factories import ChildFactory, ChildStayFactory, RoomFactory, StayFactory

from .factories import ChildPlacementFactory, RoutineFactory, premises_with

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        yield


@pytest.fixture
def inspected_year(staff):
    Permit.objects.create(
        id=1,
        ivo_reference="3.5.1-12345/2024",
        applied_on=dt.date(2024, 7, 1),
        decided_on=dt.date(2025, 2, 3),
        manager_name="Maria Föreståndare",
        manager_since=dt.date(2024, 1, 1),
    )
    room = RoomFactory(name="Eken", beds=4)
    premises_with(room, places=4, name="Huset")
    PermitChange.objects.create(kind=PermitChangeKind.PLACES, description="Huset: 3 → 4 platser")
    RoutineFactory(title="Rutin för lex Sarah", owner=staff, next_review_on=dt.date(2026, 1, 31))  # past review
    RoutineFactory(title="Rutin för brand", owner=staff, next_review_on=dt.date(2026, 12, 31))
    CompetenceDevelopment.objects.create(
        date=dt.date(2025, 4, 1),
        title="Barn som upplevt våld",
        provider="Länsstyrelsen",
        hours=Decimal("6"),
        staff_participants=3,
    )
    DeviationFactory(date=dt.date(2025, 5, 1))
    DeviationFactory(
        date=dt.date(2025, 6, 1),
        kind=DeviationKind.LEX_SARAH,
        received_on=dt.date(2025, 6, 1),
        risk_assessed_on=dt.date(2025, 6, 2),
        investigated_on=dt.date(2025, 6, 10),
        decided_on=dt.date(2025, 6, 12),
        serious=True,
        what_happened="Ett barn lämnades ensamt.",
    )
    FeedbackFactory(date=dt.date(2025, 3, 1), kind=FeedbackKind.COMPLAINT, closed=False)
    # A surname no worker's Faker name can share (the binder names routine owners and the manager).
    stay = StayFactory(
        room=room, intake=dt.date(2025, 3, 1), discharge=dt.date(2025, 3, 31), resident__last_name="Hemligsdotter"
    )
    examined = ChildStayFactory(stay=stay, child=ChildFactory(mother=stay.resident, first_name="Hemligbarn"))
    ChildPlacementFactory(
        child_stay=examined,
        legal_basis=LegalBasis.LAW_2024_79,
        deciding_municipality_id="0136",
        decision_date=dt.date(2025, 2, 28),
        schooling=Schooling.TEMPORARY,
        health_exam_offered_on=dt.date(2025, 3, 5),
        health_exam_done_on=dt.date(2025, 3, 12),
    )
    ChildStayFactory(stay=stay, child=ChildFactory(mother=stay.resident, first_name="Annatbarn"))  # nothing recorded
    return stay


def test_the_binder_pdf_holds_the_counts_and_marks_the_gaps(inspected_year, coordinator_client):
    response = coordinator_client.get(reverse("regulation:binder_pdf"), {"year": "2025"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="inspektionsparm-2025.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for expected in (
        "Inspektionspärm 2025",
        "3.5.1-12345/2024",
        "Maria Föreståndare",
        "Huset",
        "Eken",
        "Rutin för lex Sarah",
        "Kurser och seminarier 1",
        "Lex Sarah-rapporter 1",
        "varav allvarliga 1",
        "Klagomål 1",
        "Lag (2024:79), utan en vårdnadshavares samtycke 1",
        "Hälsoundersökning erbjuden 1",
        "Kvinnor som bott här 1",
        "Barn som bott här 2",
    ):
        assert expected in text, expected
    # The gaps: marked where they show and gathered at the top.
    for gap in (
        "Passerat sin översyn: Rutin för lex Sarah",
        "Ett allvarligt lex Sarah-ärende från",
        "1 barn utan erbjuden hälsoundersökning",
        "1 barn utan registrerat beslutsunderlag",
        "Ansökan till IVO inte registrerad: Huset: 3 → 4 platser",
        "1 klagomål under året är inte avslutade",
    ):
        assert gap in text, gap
    # Counts only: no child, no resident, nothing that happened.
    for secret in ("Hemligbarn", "Annatbarn", inspected_year.resident.last_name, "lämnades ensamt"):
        assert secret not in text
    event = AuditEvent.objects.get(action=Action.EXPORT, object_type="regulation.binder")
    assert event.detail["year"] == 2025 and event.detail["gaps"] >= 6


def test_only_the_coordinator_downloads_the_binder_and_a_bad_year_goes_back(coordinator_client, staff_client):
    assert staff_client.get(reverse("regulation:binder_pdf"), {"year": "2025"}).status_code == 404
    response = coordinator_client.get(reverse("regulation:binder_pdf"), {"year": "2099"})
    assert response.status_code == 302 and response["Location"] == reverse("regulation:index")
