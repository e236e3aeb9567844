"""The children's own placements in the register extract, the statistical shell and the erasure."""

import datetime as dt

import pytest
from django.db import connection

from jour.crypto import PREFIX
from jour.lib.sql import table
from jour.privacy.extract import build_extract
from jour.privacy.models import ErasureReason
from jour.privacy.registry import RESIDENT, erase, registry
from regulation.children import children_statistics
from regulation.models import ChildPlacement, ChildPlan, ChildView, LegalBasis, Schooling
from tests.residents.factories import ChildFactory, ChildStayFactory, StayFactory

from .factories import ChildPlacementFactory, ChildViewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def child_stay():
    stay = StayFactory(intake=dt.date(2025, 2, 1), discharge=dt.date(2025, 3, 1))
    child_stay = ChildStayFactory(stay=stay, child=ChildFactory(mother=stay.resident))
    ChildPlacementFactory(
        child_stay=child_stay,
        legal_basis=LegalBasis.LAW_2024_79,
        schooling=Schooling.NONE,
        schooling_note="Vågar inte gå till skolan.",
        committee="Socialnämnden, handläggare Eva Lind",
        health_exam_offered_on=dt.date(2025, 2, 5),
    )
    ChildPlan.objects.create(child_stay=child_stay, goals="Känna sig trygg.", activities="Barnsamtal.")
    ChildViewFactory(child_stay=child_stay, text="Jag vill hem till mormor.")
    return child_stay


def _texts(section) -> str:
    return " ".join(value for _label, value in section.rows) + " ".join(_texts(child) for child in section.children)


def test_the_mothers_register_extract_holds_the_childs_placement_plan_and_views(child_stay):
    extract = build_extract(child_stay.stay.resident, subject=registry.subjects[RESIDENT])
    text = _texts(extract.sections[0])
    assert "Jag vill hem till mormor." in text and "Känna sig trygg." in text and "Vågar inte" in text


def test_the_shell_keeps_what_is_counted_and_drops_the_childs_words(child_stay):
    year = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    before = children_statistics(start=year[0], end=year[1])
    erase(RESIDENT, child_stay.stay.resident, reason=ErasureReason.RETENTION)
    assert ChildView.objects.get().text == ""
    plan = ChildPlan.objects.get()
    assert (plan.goals, plan.activities) == ("", "")
    placement = ChildPlacement.objects.get()
    assert placement.schooling_note == "" and placement.legal_basis == LegalBasis.LAW_2024_79
    assert placement.committee == ""  # typed text: it may name a social worker
    assert placement.other_guardian_consent == "unknown"  # the default: the guardians' consent goes
    assert children_statistics(start=year[0], end=year[1]) == before


def test_the_deciding_committee_is_stored_encrypted(child_stay):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT committee FROM {table(ChildPlacement)}")  # noqa: S608
        [(stored,)] = cursor.fetchall()
    assert stored.startswith(PREFIX) and "Eva Lind" not in stored
    assert ChildPlacement.objects.get().committee == "Socialnämnden, handläggare Eva Lind"
