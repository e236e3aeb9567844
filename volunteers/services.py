"""Logic that spans several models: attendance, make-up sessions, proposing a match."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .matching import Wishes, candidate_problems, score
from .models import Attendance, Match, StudyCircle, StudySession, VolunteerProfile, VolunteerStatus


@transaction.atomic
def attendance_record(*, circle: StudyCircle, present: set[tuple[int, int]], by) -> tuple[int, int]:
    """Make the circle's regular attendance exactly `present` ((volunteer id, session id) pairs).

    Make-up sessions are left alone. Returns (added, removed).
    """
    sessions = {s.pk: s for s in circle.sessions.all()}
    participants = set(circle.participants.values_list("pk", flat=True))
    present = {(v, s) for v, s in present if v in participants and s in sessions}
    existing = {
        (a.volunteer_id, a.session_id): a for a in Attendance.objects.filter(session__circle=circle, make_up=False)
    }
    made_up = set(
        Attendance.objects.filter(session__circle=circle, make_up=True).values_list("volunteer_id", "session_id")
    )
    to_add = present - set(existing) - made_up
    to_remove = [existing[key].pk for key in set(existing) - present]
    Attendance.objects.bulk_create(
        Attendance(volunteer_id=v, session_id=s, hours=sessions[s].hours, recorded_by=by) for v, s in to_add
    )
    Attendance.objects.filter(pk__in=to_remove).delete()
    _promote_trained(participants)
    return len(to_add), len(to_remove)


def _promote_trained(volunteer_ids) -> None:
    """A volunteer who starts attending is in training; her status is never lowered here."""
    VolunteerProfile.objects.filter(
        pk__in=volunteer_ids, status=VolunteerStatus.APPLICANT, attendances__isnull=False
    ).update(status=VolunteerStatus.IN_TRAINING)


def make_up_record(*, volunteer: VolunteerProfile, session: StudySession, on: date, hours: Decimal, by) -> Attendance:
    """The coordinator records that she made up a missed session."""
    if not by.is_coordinator:
        raise ValidationError(_("Only the coordinator records make-up sessions."))
    if Attendance.objects.filter(volunteer=volunteer, session=session).exists():
        raise ValidationError(_("The session is already attended."))
    attendance = Attendance.objects.create(
        volunteer=volunteer, session=session, make_up=True, make_up_on=on, hours=hours, recorded_by=by
    )
    _promote_trained([volunteer.pk])
    return attendance


@transaction.atomic
def match_propose(*, resident, volunteer: VolunteerProfile, wishes: Wishes, by) -> Match:
    """Staff propose a contact woman. Refused (ValidationError, nothing saved) unless she passes every rule."""
    # Lock her profile so two staff members cannot both use her last free place.
    volunteer = VolunteerProfile.objects.select_for_update().select_related("user").get(pk=volunteer.pk)
    problems = candidate_problems(volunteer=volunteer, resident=resident, wishes=wishes)
    if problems:
        raise ValidationError(problems)
    points, _ignored = score(volunteer, wishes)
    return Match.objects.create(
        volunteer=volunteer,
        resident=resident,
        wished_languages=list(wishes.languages),
        wished_activities=list(wishes.activities),
        wished_times=list(wishes.times),
        not_wanted=wishes.not_wanted,
        interpreter_arranged=wishes.interpreter_arranged,
        score=points,
        proposed_by=by,
    )
