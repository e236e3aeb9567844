"""A purge that removes all of a past year's residents leaves that year's report exactly as it was."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from jour.audit.models import Action, AuditEvent
from jour.calls.models import RecurringContact, SupportContact
from jour.privacy.models import ErasedRecord, RetentionPolicy
from jour.privacy.purge import run_purge
from reporting.document import build_document, flat_rows
from reporting.models import FollowUpReport
from residents.models import Child, JournalEntry, Resident, Stay
from residents.plans.models import Goal, SafetyPlan, SelfAssessment, SupportEntry
from volunteers.models import Match, Meeting, VolunteerProfile, VolunteerStatus

from ..plans.factories import GoalFactory, PlanFactory, SafetyPlanFactory, SelfAssessmentFactory, SupportEntryFactory
from ..reporting import dataset
from ..reporting.factories import make_report, shelter_in
from ..residents.factories import JournalEntryFactory
from ..volunteers.factories import MatchFactory, MeetingFactory, VolunteerProfileFactory, held

YEAR = 2019
NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def past_year(coordinator, staff):
    """The issue's support-line year and a housing year in 2019, with plans, journals and a contact woman."""
    shelter_in("0136")
    dataset.support_line(staff=staff, year=YEAR, women=20, inside=15, contacts=60, offered=12, silent=3)
    SupportContact.objects.filter(pk__in=SupportContact.objects.values("pk")[:10]).update(note="Ringde från jobbet.")
    RecurringContact.objects.update(pseudonym="Kvinnan med hunden")
    dataset.housing(year=YEAR, placed=2, unplaced_elsewhere=1)
    volunteer = VolunteerProfileFactory(status=VolunteerStatus.ENDED)
    VolunteerProfile.objects.filter(pk=volunteer.pk).update(created_at=dt.datetime(YEAR - 1, 9, 1, tzinfo=dt.UTC))
    for resident in Resident.objects.all():
        resident.personnummer = "19850312-2384"
        resident.save()
        stay = resident.stays.get()
        plan = PlanFactory(stay=stay)
        GoalFactory(plan=plan, text="Egen lägenhet i Haninge")
        SupportEntryFactory(resident=resident, on=dt.date(YEAR, 3, 1), staff_member=staff, purpose="Id-kort")
        SelfAssessmentFactory(resident=resident, occasion="intake", answered_on=stay.intake, total=18, entered_by=staff)
        SelfAssessmentFactory(
            resident=resident, occasion="discharge", answered_on=stay.discharge, total=27, entered_by=staff
        )
        SafetyPlanFactory(resident=resident)
        JournalEntryFactory(resident=resident, author=staff, text="Samtal om skyddet.")
        match = MatchFactory(volunteer=volunteer, resident=resident, started_on=stay.intake)
        meeting = MeetingFactory(match=match, starts_at=dt.datetime(YEAR, 3, 5, 14, tzinfo=dt.UTC))
        held(meeting, "2")
        Match.objects.filter(pk=match.pk).update(status="ended", end_reason="completed", ended_on=stay.discharge)
        Meeting.objects.filter(pk=meeting.pk).update(note="Vi gick till parken.")
    return make_report(by=coordinator, year=YEAR)


def report_rows(report: FollowUpReport) -> list[list[str]]:
    return flat_rows(build_document(FollowUpReport.objects.get(pk=report.pk)))


def test_report_numbers_are_identical_before_and_after_a_purge(past_year):
    before = report_rows(past_year)
    assert any("2" in row[-1] for row in before)  # the report has numbers at all
    purged = run_purge(now=NOW, dry_run=False)
    assert len(purged["residents"]) == Resident.objects.count() == 3
    assert report_rows(past_year) == before


def test_a_purged_resident_is_a_statistical_shell(past_year):
    resident = Resident.objects.first()
    stays_before = list(Stay.objects.values_list("intake", "discharge", "home_municipality", "discharge_destination"))
    run_purge(now=NOW, dry_run=False)
    resident.refresh_from_db()
    assert (resident.first_name, resident.last_name, resident.personnummer, resident.alias) == ("", "", "", "")
    assert resident.birth_year == 1990 and not resident.case_number.startswith("B-")
    assert list(Stay.objects.values_list("intake", "discharge", "home_municipality", "discharge_destination")) == (
        stays_before
    )
    assert not JournalEntry.objects.exists() and not SafetyPlan.objects.exists()
    assert set(Child.objects.values_list("first_name", flat=True)) == {""}
    assert set(Goal.objects.values_list("text", flat=True)) == {""}
    assert set(SupportEntry.objects.values_list("purpose", flat=True)) == {""}
    assert SelfAssessment.objects.count() == 6  # the scores stay for the results section
    assert set(Meeting.objects.values_list("note", "place")) == {("", "")}
    assert Meeting.objects.filter(duration_hours=Decimal("2")).count() == 3
    with connection.cursor() as cursor:
        cursor.execute("SELECT personnummer FROM residents_resident")
        assert {row[0] for row in cursor.fetchall()} == {""}


def test_purge_is_idempotent_and_audited_with_counts_only(past_year):
    first = run_purge(now=NOW, dry_run=False)
    assert len(first["support_contact_notes"]) == 10
    assert len(first["recurring_contact_pseudonyms"]) == 20
    assert len(first["volunteers"]) == 1
    assert VolunteerProfile.objects.get().user.username.startswith("erased-")
    second = run_purge(now=NOW, dry_run=False)
    assert all(ids == [] for ids in second.values())
    runs = AuditEvent.objects.filter(action=Action.PURGE).order_by("id")
    assert [run.detail["counts"]["residents"] for run in runs] == [3, 0]
    assert "Kvinnan med hunden" not in str(list(runs.values_list("detail", flat=True)))
    assert set(RecurringContact.objects.values_list("pseudonym", flat=True)) == {""}
    assert not SupportContact.objects.exclude(note="").exists()


def test_dry_run_changes_nothing(past_year):
    names = sorted(Resident.objects.values_list("first_name", "last_name"))
    would = run_purge(now=NOW, dry_run=True)
    assert len(would["residents"]) == 3
    assert sorted(Resident.objects.values_list("first_name", "last_name")) == names
    assert JournalEntry.objects.count() == 3 and not ErasedRecord.objects.exists()
    assert SupportContact.objects.exclude(note="").count() == 10


def test_nothing_current_or_recent_is_purged(past_year, staff):
    current = dataset.Resident.objects.create(first_name="Nu", last_name="Boende", birth_year=1995)
    Stay.objects.create(resident=current, room=Stay.objects.first().room, intake=timezone.localdate())
    policy = RetentionPolicy.load()
    policy.resident_years = policy.placed_resident_years = policy.child_years = 50
    policy.save()
    assert run_purge(now=NOW, dry_run=False)["residents"] == []
    current.refresh_from_db()
    assert current.first_name == "Nu"


def test_purge_command_runs_daily_without_arguments(past_year, capsys):
    call_command("purge_expired", "--dry-run")
    assert "would purge      3 residents" in capsys.readouterr().out
