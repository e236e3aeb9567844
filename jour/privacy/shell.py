"""The statistical shell: what is left of a person when her retention period ends or she is erased.

Kept: what the reports count — birth year, municipalities, stay dates and nights, where she moved,
that she had a plan (goal areas and statuses), support given by authority and duration, orientation
progress, self-assessment scores, matches and meeting hours. Gone: every name, number, text and
document (journal, safety plan), and her links to staff. Each model's treatment is spelled out here,
so a reviewer can see exactly what survives.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.db.models import Q

from jour.accounts.models import User
from jour.calls.models import SupportContact
from residents.choices import ProtectionLevel
from residents.models import Child, JournalEntry, Resident, Stay
from residents.plans.models import Activity, Goal, PlanFollowUp, SafetyPlan, SupportEntry
from volunteers.models import Match, Meeting, VolunteerProfile

from .models import ErasedRecord


def _mark(obj, *, reason: str, by: User | None) -> ErasedRecord:
    return ErasedRecord.objects.create(
        object_type=obj._meta.label_lower, object_id=str(obj.pk), reason=reason, erased_by=by
    )


@transaction.atomic
def resident_to_shell(*, resident: Resident, reason: str, by: User | None = None) -> ErasedRecord:
    children = Child.objects.filter(mother=resident)
    JournalEntry.objects.filter(Q(resident=resident) | Q(child__in=children)).order_by("-id").delete()
    SafetyPlan.objects.filter(resident=resident).delete()
    Goal.objects.filter(plan__stay__resident=resident).update(text="")
    Activity.objects.filter(goal__plan__stay__resident=resident).update(what="", who_detail="", how="")
    PlanFollowUp.objects.filter(plan__stay__resident=resident).update(note="")
    SupportEntry.objects.filter(resident=resident).update(purpose="", outcome="")
    Meeting.objects.filter(match__resident=resident).update(note="", place="")
    Match.objects.filter(resident=resident).update(not_wanted="")
    SupportContact.objects.filter(resident=resident).update(note="")
    Stay.objects.filter(resident=resident).update(case_worker_contact="")
    children.update(first_name="", protection_level=ProtectionLevel.NONE, designated_staff=None)
    resident.contact_persons.clear()
    Resident.objects.filter(pk=resident.pk).update(
        case_number=f"X-{resident.pk}",
        first_name="",
        last_name="",
        alias="",
        personnummer="",
        languages=[],
        needs_interpreter=False,
        country_of_birth="",
        years_in_sweden=None,
        education_level="",
        protection_level=ProtectionLevel.NONE,
        wishes="",
        dreams="",
        interests="",
        education_notes="",
    )
    return _mark(resident, reason=reason, by=by)


@transaction.atomic
def volunteer_to_shell(*, profile: VolunteerProfile, reason: str, by: User | None = None) -> ErasedRecord:
    Meeting.objects.filter(match__volunteer=profile).update(note="", place="")
    VolunteerProfile.objects.filter(pk=profile.pk).update(
        profession="",
        interests="",
        languages=[],
        help_areas=[],
        availability=[],
        status_reason="",
        calendar_token=secrets.token_urlsafe(32),  # any old feed URL stops working
    )
    account = profile.user
    account.username = f"erased-{account.pk}"
    account.first_name = account.last_name = account.email = ""
    account.is_active = False
    account.set_unusable_password()
    account.save()
    return _mark(profile, reason=reason, by=by)
