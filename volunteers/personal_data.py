"""What Jour holds about a contact woman (and, in matches and meetings, about the woman she meets).

Her erasure or purge keeps her training attendance, matches and meeting hours; her name, e-mail,
username, profile texts, languages and availability go and her account is closed (the account's
fields are declared in jour/accounts/personal_data.py). See jour/privacy/registry.py.
"""

from __future__ import annotations

import datetime as dt
import secrets

from dateutil.relativedelta import relativedelta
from django.db.models import DateTimeField, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils.translation import gettext_lazy as _

from jour.privacy.models import ErasureReason, RetentionPolicy
from jour.privacy.registry import (
    LOCK_VERSION,
    NOBODY,
    RESIDENT,
    ROW_ID,
    VOLUNTEER,
    WHEN_RECORDED,
    WORKER_LINK,
    Subject,
    blank,
    erase,
    keep,
    not_erased,
    not_personal,
    registry,
    replace,
)

from .models import (
    Attendance,
    Match,
    Meeting,
    StudyCircle,
    StudySession,
    VolunteerProfile,
    VolunteerStatus,
)

registry.subject(
    Subject(
        key=VOLUNTEER,
        model=VolunteerProfile,
        label=_("Contact woman"),
        account="user",
        redacted=("residents.resident", "residents.child"),
        # What a match says about the woman she met is the woman's data, not hers.
        extract_hidden={
            "volunteers.match": frozenset(
                {"not_wanted", "wished_languages", "wished_activities", "wished_times", "interpreter_arranged", "score"}
            )
        },
        choice_queryset=lambda profiles: profiles.select_related("user"),
        extract_file_prefix="registerutdrag-kontaktkvinna",
        erase_warning=_(
            "Her name, e-mail, account, profile texts and meeting notes are erased for good and her account is "
            "closed. Training hours, matches and meeting hours stay, without her identity. This cannot be undone."
        ),
    )
)

registry.register(
    VolunteerProfile,
    about=VOLUNTEER,
    subjects={VOLUNTEER: ""},
    fields={
        "lock_version": LOCK_VERSION,
        "id": ROW_ID,
        "user": keep("the link to her closed account"),
        "profession": blank(encrypted=True),
        "languages": blank("language codes from a fixed list"),
        "interests": blank(encrypted=True),
        "help_areas": blank("codes from a fixed list"),
        "availability": blank("weekday slots from a fixed list"),
        "capacity": keep("a number of women at a time"),
        "pledge_signed_on": keep("a date: volunteers trained"),
        "record_extract_seen_on": keep("a date: the extract itself is never stored"),
        "status": keep("a choice: active volunteers in the reports"),
        "status_reason": blank(encrypted=True),
        # Any old calendar feed URL stops working.
        "calendar_token": replace(
            lambda profile: secrets.token_urlsafe(32), "a random key of her calendar feed URL, no personal data"
        ),
        "created_at": WHEN_RECORDED,
    },
)

registry.register(
    StudyCircle,
    about=NOBODY,
    fields={
        "id": ROW_ID,
        "name": not_personal("the circle's name, e.g. 'Spring 2026'"),
        "leader": keep("who led the circle: usually a staff member", encrypted=True),
        "participants": keep("who took part: volunteers trained"),
        "created_at": WHEN_RECORDED,
    },
)

registry.register(
    StudySession,
    about=NOBODY,
    fields={
        "lock_version": LOCK_VERSION,
        "id": ROW_ID,
        "circle": not_personal("the circle"),
        "number": not_personal("the session's number, 1-8"),
        "date": not_personal("a date"),
        "hours": not_personal("hours"),
        "topic": not_personal("the session's topic, e.g. 'Forms of violence'"),
    },
)

registry.register(
    Attendance,
    about=VOLUNTEER,
    subjects={VOLUNTEER: "volunteer"},
    fields={
        "id": ROW_ID,
        "session": keep("training hours"),
        "volunteer": keep("the link to her shell: volunteers trained"),
        "make_up": keep("whether it was a make-up session"),
        "make_up_on": keep("a date"),
        "hours": keep("training hours"),
        "recorded_by": WORKER_LINK,
    },
)

registry.register(
    Match,
    about=RESIDENT,
    subjects={RESIDENT: "resident"},
    fields={
        "lock_version": LOCK_VERSION,
        "id": ROW_ID,
        "volunteer": keep("matches per volunteer"),
        "resident": keep("the link to her shell"),
        "status": keep("a choice: matches started, active, ended"),
        "wished_languages": keep("language codes from a fixed list"),
        "wished_activities": keep("codes from a fixed list"),
        "wished_times": keep("weekday slots from a fixed list"),
        "not_wanted": blank(encrypted=True),
        "interpreter_arranged": keep("whether an interpreter was arranged"),
        "score": keep("the matching score when proposed"),
        "proposed_by": WORKER_LINK,
        "proposed_at": keep("a date: matches per period"),
        "approved_by": WORKER_LINK,
        "approved_at": keep("a date: matches per period"),
        "accepted_at": keep("a date: matches per period"),
        "started_on": keep("a date: matches per period"),
        "ended_on": keep("a date: matches per period, after-care"),
        "end_reason": keep("a choice from a fixed list"),
    },
)

registry.register(
    Meeting,
    about=RESIDENT,
    subjects={RESIDENT: "match__resident", VOLUNTEER: "match__volunteer"},
    fields={
        "lock_version": LOCK_VERSION,
        "id": ROW_ID,
        "match": keep("meetings per match"),
        "starts_at": keep("meetings per period"),
        "meeting_type": keep("a choice counted in the reports"),
        "place": blank(encrypted=True),
        "status": keep("a choice: held meetings"),
        "duration_hours": keep("volunteer hours in the reports"),
        "note": blank(encrypted=True),
        "created_by": WORKER_LINK,
        "created_at": WHEN_RECORDED,
    },
)


# Retention ------------------------------------------------------------------------------------


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
    return not_erased(profiles.filter(last_trace__lt=cutoff))


@registry.purger(VolunteerProfile)
def purge_volunteers(*, policy: RetentionPolicy, now: dt.datetime, dry_run: bool) -> dict[str, list[str]]:
    profiles = list(expired_volunteers(policy=policy, now=now).select_related("user"))
    if not dry_run:
        for profile in profiles:
            erase(VOLUNTEER, profile, reason=ErasureReason.RETENTION)
    return {"volunteers": [str(profile.pk) for profile in profiles]}
