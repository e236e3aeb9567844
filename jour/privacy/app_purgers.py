"""Purgers for the support line, residents and volunteers (see jour/privacy/purge.py for the contract)."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.db.models import DateTimeField, Exists, Max, OuterRef, Q, Subquery, TextField
from django.db.models.functions import Cast, Coalesce, Greatest

from jour.calls.models import RecurringContact, SupportContact
from residents.models import Resident, Stay
from volunteers.models import Match, Meeting, VolunteerProfile, VolunteerStatus

from .models import ErasedRecord, ErasureReason, RetentionPolicy
from .shell import resident_to_shell, volunteer_to_shell


def not_erased(queryset, label: str):
    """The records of `queryset` not yet reduced to a statistical shell (one EXISTS, in SQL)."""
    erased = ErasedRecord.objects.filter(object_type=label, object_id=Cast(OuterRef("pk"), TextField()))
    return queryset.exclude(Exists(erased))


def purge_contact_notes(*, policy: RetentionPolicy, now: dt.datetime, dry_run: bool) -> dict[str, list[str]]:
    cutoff = now - relativedelta(months=policy.contact_note_months)
    expired = SupportContact.objects.filter(started_at__lt=cutoff).exclude(note="")
    ids = [str(pk) for pk in expired.values_list("pk", flat=True)]
    if not dry_run and ids:
        expired.update(note="")
    return {"support_contact_notes": ids}


def purge_recurring_pseudonyms(*, policy: RetentionPolicy, now: dt.datetime, dry_run: bool) -> dict[str, list[str]]:
    cutoff = now - relativedelta(months=policy.recurring_contact_months)
    expired = (
        RecurringContact.objects.exclude(pseudonym="")
        .annotate(last_contact=Coalesce(Max("contacts__started_at"), "created_at"))
        .filter(last_contact__lt=cutoff)
    )
    codes = list(expired.values_list("code", flat=True))
    if not dry_run and codes:
        RecurringContact.objects.filter(code__in=codes).update(pseudonym="")
    return {"recurring_contact_pseudonyms": codes}


def expired_residents(*, policy: RetentionPolicy, now: dt.datetime):
    """No open stay, and the last stay ended (or, with none, the record was made) before the cutoff."""
    cutoff = (now - relativedelta(years=policy.resident_years)).date()
    open_stay = Stay.objects.filter(resident=OuterRef("pk"), discharge__isnull=True)
    residents = (
        Resident.objects.annotate(last_discharge=Max("stays__discharge"))
        .exclude(Exists(open_stay))
        .filter(Q(last_discharge__lt=cutoff) | Q(last_discharge__isnull=True, created_at__date__lt=cutoff))
    )
    return not_erased(residents, "residents.resident")


def purge_residents(*, policy: RetentionPolicy, now: dt.datetime, dry_run: bool) -> dict[str, list[str]]:
    residents = list(expired_residents(policy=policy, now=now))
    if not dry_run:
        for resident in residents:
            resident_to_shell(resident=resident, reason=ErasureReason.RETENTION)
    return {"residents": [resident.case_number for resident in residents]}


def expired_volunteers(*, policy: RetentionPolicy, now: dt.datetime):
    """Ended volunteers whose last trace (profile, last meeting, last match end) is older than the cutoff."""
    cutoff = now - relativedelta(years=policy.volunteer_years)
    last_meeting = Meeting.objects.filter(match__volunteer=OuterRef("pk")).order_by("-starts_at").values("starts_at")
    last_match_end = Match.objects.filter(volunteer=OuterRef("pk"), ended_on__isnull=False).order_by("-ended_on")
    profiles = VolunteerProfile.objects.filter(status=VolunteerStatus.ENDED).annotate(
        last_trace=Greatest(
            "created_at",
            Coalesce(Subquery(last_meeting[:1]), "created_at"),
            Coalesce(Cast(Subquery(last_match_end.values("ended_on")[:1]), DateTimeField()), "created_at"),
        )
    )
    return not_erased(profiles.filter(last_trace__lt=cutoff), "volunteers.volunteerprofile")


def purge_volunteers(*, policy: RetentionPolicy, now: dt.datetime, dry_run: bool) -> dict[str, list[str]]:
    profiles = list(expired_volunteers(policy=policy, now=now).select_related("user"))
    if not dry_run:
        for profile in profiles:
            volunteer_to_shell(profile=profile, reason=ErasureReason.RETENTION)
    return {"volunteers": [str(profile.pk) for profile in profiles]}


PURGERS = [purge_contact_notes, purge_recurring_pseudonyms, purge_residents, purge_volunteers]
