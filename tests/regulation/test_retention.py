"""Retention of placed women's and children's documentation: their own periods, and the hand-over to the placing
municipality before the purge when the policy asks for it."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from jour.audit.models import Action, AuditEvent
from jour.privacy.models import RetentionPolicy
from jour.privacy.purge import run_purge
from regulation.children import children_statistics
from regulation.models import ChildPlan, ChildView, LegalBasis
from residents.models import JournalEntry, Resident
from tests.residents.factories import ChildFactory, ChildStayFactory, JournalEntryFactory, StayFactory

from .factories import ChildPlacementFactory, ChildViewFactory

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2030, 6, 1, 3, 30))
ENDED = dt.date(2027, 3, 1)  # three years and three months before NOW
DURING = timezone.make_aware(dt.datetime(2027, 2, 1, 10))
AFTER = timezone.make_aware(dt.datetime(2028, 2, 1, 10))


def _policy(**values) -> RetentionPolicy:
    policy = RetentionPolicy.load()
    for name, value in values.items():
        setattr(policy, name, value)
    policy.save()
    return policy


def _family(*, placed: bool, children: int = 0):
    stay = StayFactory(intake=dt.date(2027, 1, 10), discharge=ENDED, placed_by_social_services=placed)
    kids = []
    for _ in range(children):
        child_stay = ChildStayFactory(stay=stay, child=ChildFactory(mother=stay.resident, first_name="Liten"))
        ChildPlacementFactory(child_stay=child_stay, legal_basis=LegalBasis.SOL_CONSENT)
        ChildPlan.objects.create(child_stay=child_stay, goals="Trygghet.", activities="Barnsamtal.")
        ChildViewFactory(child_stay=child_stay, text="Jag vill hem.")
        JournalEntryFactory(resident=None, child=child_stay.child, text="Barnsamtal om skolan.", created_at=DURING)
        kids.append(child_stay.child)
    return stay, kids


def _purged(resident: Resident) -> bool:
    resident.refresh_from_db()
    return resident.case_number.startswith("X-")


def test_placed_women_follow_their_own_period():
    _policy(resident_years=2, placed_resident_years=5)
    placed, _kids = _family(placed=True)
    unplaced, _kids = _family(placed=False)
    purged = run_purge(now=NOW, dry_run=False)
    assert purged["residents"] == [unplaced.resident.case_number]
    assert _purged(unplaced.resident) and not _purged(placed.resident)


def test_childrens_documentation_goes_after_its_own_period_and_the_mother_waits_for_it():
    _policy(resident_years=5, placed_resident_years=5, child_years=2)
    stay, (child,) = _family(placed=True, children=1)
    year = (dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    before = children_statistics(start=year[0], end=year[1])
    purged = run_purge(now=NOW, dry_run=False)
    assert purged["children"] == [str(child.pk)] and purged["residents"] == []
    child.refresh_from_db()
    assert child.first_name == "" and child.birth_year == 2018
    assert not JournalEntry.objects.filter(child=child).exists()
    assert ChildView.objects.get().text == "" and ChildPlan.objects.get().goals == ""
    assert children_statistics(start=year[0], end=year[1]) == before
    assert not _purged(stay.resident)
    # Idempotent: nothing left to do.
    assert run_purge(now=NOW, dry_run=False)["children"] == []
    # A mother whose child's documentation must be kept longer waits for it.
    _policy(resident_years=1, placed_resident_years=1, child_years=10)
    other, _kids = _family(placed=False, children=1)
    assert run_purge(now=NOW, dry_run=False)["residents"] == [stay.resident.case_number]
    assert not _purged(other.resident)


def test_purging_a_childs_documentation_empties_the_cache_of_decrypted_values():
    from jour import crypto

    _policy(resident_years=5, placed_resident_years=5, child_years=2)
    _stay, (child,) = _family(placed=True, children=1)
    assert ChildView.objects.get(child_stay__child=child).text == "Jag vill hem."  # decrypted, so now cached
    assert crypto._decrypt_token.cache_info().currsize > 0
    assert run_purge(now=NOW, dry_run=False)["children"] == [str(child.pk)]
    assert crypto._decrypt_token.cache_info().currsize == 0  # nothing of the child's words left in memory


def test_with_a_hand_over_required_the_purge_waits_for_it():
    _policy(placed_resident_years=1, child_years=1, handover_before_purge=True)
    stay, (child,) = _family(placed=True, children=1)
    purged = run_purge(now=NOW, dry_run=False)
    assert purged["residents"] == [] and purged["children"] == []
    stay.handed_over_on = dt.date(2030, 5, 1)
    stay.save()
    purged = run_purge(now=NOW, dry_run=False)
    assert purged["residents"] == [stay.resident.case_number]


def test_the_coordinator_downloads_the_hand_over_and_marks_it(coordinator_client, staff_client):
    _policy(handover_before_purge=True)
    stay, (child,) = _family(placed=True, children=1)
    JournalEntryFactory(resident=stay.resident, text="Samtal med handläggaren om bostad.", created_at=DURING)
    JournalEntryFactory(resident=stay.resident, text="Efter vistelsen.", created_at=AFTER)
    page = coordinator_client.get(reverse("regulation:handovers"))
    assert [s.pk for s in page.context["page"]] == [stay.pk]
    assert staff_client.get(reverse("regulation:handovers")).status_code == 404
    assert staff_client.get(reverse("regulation:handover_pdf", args=[stay.pk])).status_code == 404
    response = coordinator_client.get(reverse("regulation:handover_pdf", args=[stay.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="overlamning-{stay.pk}.pdf"'
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.content)).pages)
    assert stay.resident.last_name in text and "Samtal med handläggaren om bostad." in text
    assert "Efter vistelsen." not in text  # only the stay's own documentation
    assert "Jag vill hem." in text and "Barnsamtal om skolan." in text
    exports = AuditEvent.objects.filter(action=Action.EXPORT, object_type="residents.stay", object_id=str(stay.pk))
    assert exports.count() == 1
    coordinator_client.post(reverse("regulation:handover_mark", args=[stay.pk]))
    stay.refresh_from_db()
    assert stay.handed_over_on == timezone.localdate()
    assert list(coordinator_client.get(reverse("regulation:handovers")).context["page"]) == []
