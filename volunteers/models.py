"""Contact women (kontaktkvinnor): profiles, the study circle that gates matching, training hours."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jour.accounts.models import Role
from jour.crypto import EncryptedCharField, EncryptedTextField
from jour.lib.models import staff_reference
from jour.lib.plausible import plan_date
from jour.lib.versioning import Versioned
from residents.choices import LANGUAGE_CHOICES

# The study circle: eight sessions of two and a half hours each.
REQUIRED_SESSIONS = 8
DEFAULT_SESSION_HOURS = Decimal("2.5")
DEFAULT_TOPICS = [
    _("The jour's work and values"),
    _("Confidentiality and ethics"),
    _("Forms of violence"),
    _("The normalisation process"),
    _("Children who experience violence"),
    _("Criminal procedure and the legal process"),
    _("Society's support: social services, police, healthcare"),
    _("The contact woman's role and boundaries"),
]


# Django's Swedish catalogue lacks the min/max messages, so ours say it in words.
MIN_HOURS = MinValueValidator(Decimal("0.25"), message=_("At least 0.25 hours (a quarter of an hour)."))
MAX_HOURS = MaxValueValidator(Decimal("12"), message=_("At most 12 hours."))


class HelpArea(models.TextChoices):
    """What a contact woman can help with, and what a woman may wish for."""

    WALKS = "walks", _("Walks")
    FIKA = "fika", _("Fika")
    PHONE = "phone", _("Phone support")
    SWEDISH = "swedish", _("Swedish practice")
    DIGITAL = "digital", _("Digital help")
    HOUSING = "housing", _("Housing search")
    JOBS = "jobs", _("Job search")
    ACCOMPANIMENT = "accompaniment", _("Accompaniment")
    CHILDREN = "children", _("Children's activities")


WEEKDAYS = [
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
]
DAY_PARTS = [("morning", _("Morning")), ("afternoon", _("Afternoon")), ("evening", _("Evening"))]
# One slot per weekday and part of the day, e.g. "tue_evening".
AVAILABILITY_SLOTS = [f"{day}_{part}" for day, _label in WEEKDAYS for part, _plabel in DAY_PARTS]
AVAILABILITY_CHOICES = [
    (f"{day}_{part}", f"{day_label} {part_label}") for day, day_label in WEEKDAYS for part, part_label in DAY_PARTS
]


def _labels(codes, choices) -> list[str]:
    names = dict(choices)
    return [str(names.get(code, code)) for code in codes]


class VolunteerStatus(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    IN_TRAINING = "in_training", _("In training")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


class NotEligible(ValidationError):
    """Raised when a volunteer who may not be matched is about to be."""


class VolunteerProfileQuerySet(models.QuerySet):
    def for_user(self, user) -> VolunteerProfileQuerySet:
        """Staff and the coordinator see every profile; a volunteer only her own."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.works_here:
            return self.all()
        if user.is_volunteer:
            return self.filter(user=user)
        return self.none()

    def with_training(self) -> VolunteerProfileQuerySet:
        """Annotate sessions_attended (distinct session numbers) and training_hours, in SQL."""
        attended = Attendance.objects.filter(volunteer=OuterRef("pk"))
        sessions = (
            attended.order_by().values("volunteer").annotate(n=Count("session__number", distinct=True)).values("n")
        )
        hours = attended.order_by().values("volunteer").annotate(h=Sum("hours")).values("h")
        return self.annotate(
            sessions_attended=Coalesce(models.Subquery(sessions, output_field=models.IntegerField()), 0),
            training_hours=Coalesce(
                models.Subquery(hours, output_field=models.DecimalField(max_digits=6, decimal_places=2)),
                Decimal("0"),
            ),
        )

    def eligible(self) -> VolunteerProfileQuerySet:
        """Who may be matched: every session attended (make-ups count), pledge signed, not paused or ended."""
        return (
            self.with_training()
            .filter(sessions_attended__gte=REQUIRED_SESSIONS, pledge_signed_on__isnull=False, user__is_active=True)
            .exclude(status__in=[VolunteerStatus.PAUSED, VolunteerStatus.ENDED, VolunteerStatus.APPLICANT])
        )


class VolunteerProfile(Versioned):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="volunteer_profile",
        limit_choices_to={"role": Role.VOLUNTEER},
    )
    profession = EncryptedCharField(
        _("profession or background"), max_length=120, blank=True, help_text=_("For example nurse, lawyer, teacher.")
    )
    languages = ArrayField(
        models.CharField(max_length=8, choices=LANGUAGE_CHOICES),
        verbose_name=_("languages"),
        default=list,
        blank=True,
    )
    interests = EncryptedCharField(_("interests"), max_length=300, blank=True)
    help_areas = ArrayField(
        models.CharField(max_length=20, choices=HelpArea.choices),
        verbose_name=_("can help with"),
        default=list,
        blank=True,
    )
    availability = ArrayField(
        models.CharField(max_length=16, choices=AVAILABILITY_CHOICES),
        verbose_name=_("weekly availability"),
        default=list,
        blank=True,
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=1,
        validators=[
            MinValueValidator(1, message=_("At least 1.")),
            MaxValueValidator(10, message=_("At most 10.")),
        ],
        help_text=_("How many women she can support at the same time."),
    )
    pledge_signed_on = models.DateField(_("confidentiality pledge signed"), null=True, blank=True)
    record_extract_seen_on = models.DateField(
        _("criminal-record extract seen"),
        null=True,
        blank=True,
        help_text=_("Only the date it was shown. The extract itself is not stored."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=VolunteerStatus.choices, default=VolunteerStatus.APPLICANT
    )
    status_reason = EncryptedCharField(
        _("reason for pause or end"), max_length=200, blank=True, help_text=_("No sensitive details.")
    )
    # The key to her personal calendar feed; renewing it makes the old address useless.
    calendar_token = models.CharField(_("calendar key"), max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = VolunteerProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact woman")
        verbose_name_plural = _("contact women")
        ordering = ["user__first_name", "user__last_name", "pk"]

    def __str__(self) -> str:
        return self.user.display_name

    def clean(self):
        if self.user_id and self.user.role != Role.VOLUNTEER:
            raise ValidationError({"user": _("Only an account with the contact woman role can have a profile.")})
        if self.status in (VolunteerStatus.PAUSED, VolunteerStatus.ENDED) and not self.status_reason:
            raise ValidationError({"status_reason": _("Give a reason when pausing or ending.")})

    @property
    def language_labels(self) -> list[str]:
        return _labels(self.languages, LANGUAGE_CHOICES)

    @property
    def help_area_labels(self) -> list[str]:
        return _labels(self.help_areas, HelpArea.choices)

    def sessions_attended_count(self) -> int:
        if hasattr(self, "sessions_attended"):
            return self.sessions_attended
        return self.attendances.values("session__number").distinct().count()

    def eligibility_problems(self) -> list[str]:
        """Why she may not be matched; empty when she may."""
        problems = []
        if self.sessions_attended_count() < REQUIRED_SESSIONS:
            problems.append(
                _("She has attended %(done)s of %(required)s study-circle sessions.")
                % {"done": self.sessions_attended_count(), "required": REQUIRED_SESSIONS}
            )
        if self.pledge_signed_on is None:
            problems.append(_("She has not signed the confidentiality pledge."))
        if self.status in (VolunteerStatus.APPLICANT, VolunteerStatus.PAUSED, VolunteerStatus.ENDED):
            problems.append(_("Her status is %(status)s.") % {"status": self.get_status_display()})
        if not self.user.is_active:
            problems.append(_("Her account is deactivated."))
        return problems

    @property
    def is_eligible(self) -> bool:
        return not self.eligibility_problems()

    def check_eligible(self) -> None:
        problems = self.eligibility_problems()
        if problems:
            raise NotEligible(problems)

    def renew_calendar_token(self) -> str:
        self.calendar_token = secrets.token_urlsafe(32)
        self.save(update_fields=["calendar_token"])
        return self.calendar_token


class StudyCircleQuerySet(models.QuerySet):
    def for_user(self, user) -> StudyCircleQuerySet:
        """Circles and their attendance are for the people who work here."""
        return self if user.is_authenticated and user.works_here else self.none()


class StudyCircle(models.Model):
    name = models.CharField(_("name"), max_length=100, help_text=_("For example: Spring 2026."))
    leader = EncryptedCharField(_("circle leader"), max_length=100, blank=True)
    participants = models.ManyToManyField(
        VolunteerProfile, verbose_name=_("participants"), related_name="study_circles", blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = StudyCircleQuerySet.as_manager()

    class Meta:
        verbose_name = _("study circle")
        verbose_name_plural = _("study circles")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    def create_sessions(self, *, first_date, weeks_apart: int = 1) -> list[StudySession]:
        """The eight standard sessions, one a week from first_date, 2.5 hours each."""
        from datetime import timedelta

        return StudySession.objects.bulk_create(
            StudySession(
                circle=self,
                number=number,
                date=first_date + timedelta(weeks=weeks_apart * (number - 1)),
                hours=DEFAULT_SESSION_HOURS,
                topic=str(topic),
            )
            for number, topic in enumerate(DEFAULT_TOPICS, start=1)
        )


class StudySessionQuerySet(models.QuerySet):
    def for_user(self, user) -> StudySessionQuerySet:
        return self if user.is_authenticated and user.works_here else self.none()


class StudySession(Versioned):
    circle = models.ForeignKey(
        StudyCircle, verbose_name=_("study circle"), on_delete=models.CASCADE, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField(
        _("session number"),
        validators=[
            MinValueValidator(1, message=_("At least 1.")),
            MaxValueValidator(REQUIRED_SESSIONS, message=_("At most 8.")),
        ],
    )
    date = plan_date(models.DateField(_("date")))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        default=DEFAULT_SESSION_HOURS,
        validators=[MIN_HOURS, MAX_HOURS],
    )
    topic = models.CharField(_("topic"), max_length=200)

    objects = StudySessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("study-circle session")
        verbose_name_plural = _("study-circle sessions")
        ordering = ["circle", "number"]
        constraints = [models.UniqueConstraint(fields=["circle", "number"], name="volunteers_session_number_unique")]

    def __str__(self) -> str:
        return f"{self.circle} {self.number}"


class Attendance(models.Model):
    """She attended the session, or made it up later (recorded by the coordinator)."""

    session = models.ForeignKey(
        StudySession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendances"
    )
    volunteer = models.ForeignKey(
        VolunteerProfile, verbose_name=_("contact woman"), on_delete=models.CASCADE, related_name="attendances"
    )
    make_up = models.BooleanField(_("make-up session"), default=False)
    make_up_on = models.DateField(_("make-up date"), null=True, blank=True)
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MIN_HOURS, MAX_HOURS],
    )
    recorded_by = staff_reference(_("recorded by"), blank=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["session", "volunteer"], name="volunteers_attendance_unique"),
            models.CheckConstraint(
                condition=Q(make_up=False) | Q(make_up_on__isnull=False), name="volunteers_make_up_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.volunteer_id}"


# Matches and meetings ---------------------------------------------------------------------------


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


OPEN_MATCH_STATUSES = [MatchStatus.PROPOSED, MatchStatus.ACTIVE, MatchStatus.PAUSED]


class EndReason(models.TextChoices):
    COMPLETED = "completed", _("The support is completed")
    RESIDENT_WISH = "resident_wish", _("At the woman's wish")
    VOLUNTEER_WISH = "volunteer_wish", _("At the contact woman's wish")
    DECLINED = "declined", _("The proposal was not taken up")
    MOVED = "moved", _("The woman moved away")
    SAFETY = "safety", _("Safety reasons")
    OTHER = "other", _("Other")


class MatchQuerySet(models.QuerySet):
    def for_user(self, user) -> MatchQuerySet:
        """Staff see every match; a volunteer only her own that have not ended."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.works_here:
            return self.all()
        if user.is_volunteer:
            return self.filter(volunteer__user=user).exclude(status=MatchStatus.ENDED)
        return self.none()

    def open(self) -> MatchQuerySet:
        return self.filter(status__in=OPEN_MATCH_STATUSES)

    def with_after_care(self, on=None) -> MatchQuerySet:
        """Annotate `after_care`: the woman has stayed with us and has no stay covering the day."""
        from residents.models import Stay

        on = on or timezone.localdate()
        stays = Stay.objects.filter(resident=OuterRef("resident_id"))
        current = stays.filter(intake__lte=on).filter(Q(discharge__isnull=True) | Q(discharge__gt=on))
        return self.annotate(after_care=Exists(stays.filter(intake__lte=on)) & ~Exists(current))


class Match(Versioned):
    """A contact woman paired with a resident. Active once staff approved and she accepted."""

    volunteer = models.ForeignKey(
        VolunteerProfile, verbose_name=_("contact woman"), on_delete=models.PROTECT, related_name="matches"
    )
    resident = models.ForeignKey(
        "residents.Resident", verbose_name=_("resident"), on_delete=models.PROTECT, related_name="volunteer_matches"
    )
    status = models.CharField(_("status"), max_length=20, choices=MatchStatus.choices, default=MatchStatus.PROPOSED)
    # The woman's wishes, as staff entered them on the matching screen.
    wished_languages = ArrayField(
        models.CharField(max_length=8, choices=LANGUAGE_CHOICES), verbose_name=_("languages"), default=list, blank=True
    )
    wished_activities = ArrayField(
        models.CharField(max_length=20, choices=HelpArea.choices),
        verbose_name=_("wished activities"),
        default=list,
        blank=True,
    )
    wished_times = ArrayField(
        models.CharField(max_length=16, choices=AVAILABILITY_CHOICES),
        verbose_name=_("wished times"),
        default=list,
        blank=True,
    )
    not_wanted = EncryptedCharField(_("what she does not want"), max_length=200, blank=True)
    interpreter_arranged = models.BooleanField(_("interpreter arranged"), default=False)
    score = models.PositiveSmallIntegerField(_("score when proposed"), default=0)
    proposed_by = staff_reference(_("proposed by"), blank=False)
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)
    approved_by = staff_reference(_("approved by"))
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted by the contact woman"), null=True, blank=True)
    started_on = models.DateField(_("started"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=20, choices=EndReason.choices, blank=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "resident"],
                condition=Q(status__in=["proposed", "active", "paused"]),
                name="volunteers_one_open_match_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="volunteers_ended_match_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def wished_language_labels(self) -> list[str]:
        return _labels(self.wished_languages, LANGUAGE_CHOICES)

    @property
    def wished_activity_labels(self) -> list[str]:
        return _labels(self.wished_activities, HelpArea.choices)

    # Lifecycle: proposed → active → paused → active … → ended (with a reason) -----------------

    def _require(self, *statuses) -> None:
        if self.status not in statuses:
            raise ValidationError(
                _("This cannot be done while the match is %(status)s.") % {"status": self.get_status_display().lower()}
            )

    def approve(self, *, by) -> None:
        """Staff or the coordinator approve the proposal; it starts when she has accepted too."""
        self._require(MatchStatus.PROPOSED)
        if not by.works_here:
            raise ValidationError(_("Only staff or the coordinator can approve a match."))
        self.volunteer.check_eligible()
        self.approved_by = by
        self.approved_at = timezone.now()
        self._start_if_agreed()
        self.save()

    def accept(self, *, by) -> None:
        """The contact woman accepts in her own view."""
        self._require(MatchStatus.PROPOSED)
        if by.pk != self.volunteer.user_id:
            raise ValidationError(_("Only the proposed contact woman can accept."))
        self.volunteer.check_eligible()
        self.accepted_at = timezone.now()
        self._start_if_agreed()
        self.save()

    def _start_if_agreed(self) -> None:
        if self.approved_at and self.accepted_at:
            self.status = MatchStatus.ACTIVE
            self.started_on = timezone.localdate()

    def pause(self) -> None:
        self._require(MatchStatus.ACTIVE)
        self.status = MatchStatus.PAUSED
        self.save(update_fields=["status"])

    def resume(self) -> None:
        self._require(MatchStatus.PAUSED)
        self.volunteer.check_eligible()
        self.status = MatchStatus.ACTIVE
        self.save(update_fields=["status"])

    def end(self, *, reason: str, on=None) -> None:
        self._require(*OPEN_MATCH_STATUSES)
        if reason not in EndReason.values:
            raise ValidationError({"end_reason": _("Choose a reason.")})
        self.status = MatchStatus.ENDED
        self.end_reason = reason
        self.ended_on = on or timezone.localdate()
        self.save(update_fields=["status", "end_reason", "ended_on"])


class MeetingType(models.TextChoices):
    WALK = "walk", _("Walk")
    FIKA = "fika", _("Fika")
    PHONE = "phone", _("Phone call")
    SWEDISH = "swedish", _("Swedish practice")
    HOUSING = "housing", _("Housing search")
    ACCOMPANIMENT = "accompaniment", _("Accompaniment")
    OTHER = "other", _("Other")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


NOTE_MAX_LENGTH = 500


class MeetingQuerySet(models.QuerySet):
    def for_user(self, user) -> MeetingQuerySet:
        """Staff see every meeting; a volunteer only those of her own matches that have not ended."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.works_here:
            return self.all()
        if user.is_volunteer:
            return self.filter(match__volunteer__user=user).exclude(match__status=MatchStatus.ENDED)
        return self.none()

    def of_volunteer(self, profile) -> MeetingQuerySet:
        """Her own meetings in matches that have not ended, whatever her account's role is now."""
        return self.filter(match__volunteer=profile).exclude(match__status=MatchStatus.ENDED)


class Meeting(Versioned):
    match = models.ForeignKey(Match, verbose_name=_("match"), on_delete=models.PROTECT, related_name="meetings")
    starts_at = plan_date(models.DateTimeField(_("date and time")))
    meeting_type = models.CharField(_("type"), max_length=20, choices=MeetingType.choices)
    place = EncryptedCharField(
        _("place"),
        max_length=100,
        blank=True,
        help_text=_("A general description such as “a café in the city centre”. Never the shelter's address."),
    )
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    duration_hours = models.DecimalField(
        _("duration (hours)"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MIN_HOURS, MAX_HOURS],
    )
    note = EncryptedTextField(
        _("short note for staff"),
        blank=True,
        help_text=_("Optional. Do not write sensitive details: no names, addresses, health or what she told you."),
    )
    created_by = staff_reference(_("created by"), blank=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]
        indexes = [
            # The report's figures read a period's held meetings (count, hours, their contact women):
            # an index-only scan of the period instead of every meeting ever held.
            models.Index(
                fields=["starts_at"],
                include=["match", "duration_hours"],
                condition=Q(status="held"),
                name="volunteers_meeting_held_idx",
            ),
            # The start page counts today's planned meetings: the few planned ones by time, not a scan of every
            # meeting ever held (200 000 at national scale: 36 ms).
            models.Index(fields=["starts_at"], condition=Q(status="planned"), name="volunteers_meeting_planned_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="held")
                | (Q(duration_hours__isnull=False) & Q(duration_hours__gt=0) & Q(duration_hours__lte=12)),
                name="volunteers_held_meeting_has_duration",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_meeting_type_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    def clean(self):
        errors = {}
        if self.match_id and self.pk is None:
            if self.match.status == MatchStatus.ENDED:
                errors["match"] = _("The match has ended: no new meetings can be added.")
            elif self.match.status != MatchStatus.ACTIVE:
                errors["match"] = _("Meetings can be planned only for an active match.")
        if self.status == MeetingStatus.HELD:
            if self.duration_hours is None:
                errors["duration_hours"] = _("Enter how long the meeting was.")
        if self.note and len(self.note) > NOTE_MAX_LENGTH:
            errors["note"] = _("Keep the note short: at most %(max)s characters.") % {"max": NOTE_MAX_LENGTH}
        if errors:
            raise ValidationError(errors)
