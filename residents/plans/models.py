"""The implementation plan (genomförandeplan) and the support around it.

A plan belongs to one stay; the support log, society orientation, safety plan and self-assessments
belong to the woman (the resident) across her stays. Free text that may hold sensitive details
(her goals in her own words, notes, safety measures, code words) is encrypted at rest.
"""

from __future__ import annotations

from datetime import date

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jour.accounts.models import WORKS_HERE
from jour.crypto import EncryptedCharField, EncryptedTextField
from jour.lib.models import Authored, Changed, staff_reference
from jour.lib.plausible import plan_date
from jour.lib.versioning import Versioned
from residents.models import StaffScopedQuerySet


class LifeArea(models.TextChoices):
    SAFETY = "safety", _("Safety")
    HOUSING = "housing", _("Housing")
    ECONOMY = "economy", _("Economy and ID documents")
    LEGAL = "legal", _("Legal matters")
    HEALTH = "health", _("Health and everyday routines")
    LANGUAGE = "language", _("Swedish language")
    DIGITAL = "digital", _("Digital skills incl. BankID")
    WORK = "work", _("Education and work")
    CHILDREN = "children", _("Children and parenting")
    SOCIAL = "social", _("Social network and leisure")


# Implementation plan ---------------------------------------------------------------------------


def stay_has_ended(stay, on: date | None = None) -> bool:
    """Her stay is over: the discharge date is set and in the past. Only the coordinator changes the plan then."""
    on = on or timezone.localdate()
    return stay.discharge is not None and stay.discharge < on


class ImplementationPlan(Versioned, Authored):
    """Her implementation plan for one stay: goals by life area, activities, follow-ups."""

    stay = models.OneToOneField(
        "residents.Stay", verbose_name=_("stay"), on_delete=models.PROTECT, related_name="implementation_plan"
    )
    next_follow_up_on = plan_date(models.DateField(_("next follow-up"), null=True, blank=True))
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = StaffScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("implementation plan")
        verbose_name_plural = _("implementation plans")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"plan {self.pk}"


class Goal(Versioned):
    """One goal, written in her own words, in one life area."""

    plan = models.ForeignKey(
        ImplementationPlan, verbose_name=_("implementation plan"), on_delete=models.CASCADE, related_name="goals"
    )
    area = models.CharField(_("life area"), max_length=20, choices=LifeArea.choices)
    text = EncryptedTextField(_("goal, in her own words"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StaffScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"goal {self.pk}"


class ActivityWho(models.TextChoices):
    STAFF = "staff", _("Staff")
    VOLUNTEER = "volunteer", _("Contact woman")
    AUTHORITY = "authority", _("Authority")
    HERSELF = "herself", _("She herself")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_ACTIVITY_STATUSES = [ActivityStatus.PLANNED, ActivityStatus.ONGOING]


class Activity(Versioned):
    """What is to be done for a goal: what, who, when and how."""

    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="activities")
    what = EncryptedCharField(_("what"), max_length=200)
    who = models.CharField(_("who"), max_length=20, choices=ActivityWho.choices)
    who_detail = EncryptedCharField(
        _("who, more precisely"),
        max_length=100,
        blank=True,
        help_text=_("For example the authority. A role, never a private person's name or address."),
    )
    when = plan_date(models.DateField(_("when"), null=True, blank=True))
    how = EncryptedTextField(_("how"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    follow_up_on = plan_date(models.DateField(_("follow up on"), null=True, blank=True))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StaffScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["when", "id"]

    def __str__(self) -> str:
        return f"activity {self.pk}"


class PlanFollowUp(models.Model):
    """A dated follow-up of the whole plan together with her."""

    plan = models.ForeignKey(
        ImplementationPlan, verbose_name=_("implementation plan"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    held_on = models.DateField(_("date"))
    note = EncryptedTextField(_("note"))
    she_took_part = models.BooleanField(_("she took part"), default=True)
    she_agreed = models.BooleanField(_("she agrees with the plan"), default=True)
    author = staff_reference(_("staff member"), protect=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StaffScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan follow-up")
        verbose_name_plural = _("plan follow-ups")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"follow-up {self.pk}"


# Practical support log -------------------------------------------------------------------------


class SupportKind(models.TextChoices):
    ACCOMPANIMENT = "accompaniment", _("Accompaniment")
    CONTACT = "contact", _("Contact on her behalf")


class Authority(models.TextChoices):
    POLICE = "police", _("Police")
    TAX_AGENCY = "tax_agency", _("Swedish Tax Agency (Skatteverket)")
    MIGRATION_AGENCY = "migration_agency", _("Swedish Migration Agency (Migrationsverket)")
    SOCIAL_SERVICES = "social_services", _("Social services")
    COURT = "court", _("Court")
    EMPLOYMENT_SERVICE = "employment_service", _("Swedish Public Employment Service (Arbetsförmedlingen)")
    LAWYER = "lawyer", _("Lawyer")
    HEALTH_CARE = "health_care", _("Health care")
    HOUSING_COMPANY = "housing_company", _("Housing company")
    BANK = "bank", _("Bank")
    OTHER = "other", _("Other")


class SupportEntry(Versioned):
    """One accompaniment or contact on her behalf. Counted in the annual report."""

    resident = models.ForeignKey(
        "residents.Resident", verbose_name=_("resident"), on_delete=models.PROTECT, related_name="support_entries"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SupportKind.choices)
    authority = models.CharField(_("authority"), max_length=30, choices=Authority.choices)
    purpose = EncryptedCharField(_("purpose"), max_length=200)
    on = models.DateField(_("date"))
    staff_member = staff_reference(_("staff member"), protect=True, limit_choices_to=WORKS_HERE)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    outcome = EncryptedTextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StaffScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("practical support")
        verbose_name_plural = _("practical support")
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["on", "authority"], name="plans_support_on_authority")]

    def __str__(self) -> str:
        return f"support {self.pk}"


# Society orientation ---------------------------------------------------------------------------


class OrientationTopicQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class OrientationTopic(models.Model):
    """A topic of society orientation; the shelter keeps its own list (defaults in migration 0002)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = OrientationTopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("orientation topic")
        verbose_name_plural = _("orientation topics")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class OrientationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class OrientationProgress(models.Model):
    """How far she has come with one topic, and since when."""

    resident = models.ForeignKey(
        "residents.Resident",
        verbose_name=_("resident"),
        on_delete=models.PROTECT,
        related_name="orientation_progress",
    )
    topic = models.ForeignKey(
        OrientationTopic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="progress"
    )
    status = models.CharField(_("status"), max_length=20, choices=OrientationStatus.choices)
    on = models.DateField(_("date"))
    updated_by = staff_reference(_("staff member"))

    objects = StaffScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("orientation progress")
        verbose_name_plural = _("orientation progress")
        constraints = [models.UniqueConstraint(fields=["resident", "topic"], name="plans_orientation_unique")]

    def __str__(self) -> str:
        return f"orientation {self.pk}"


# Safety plan -----------------------------------------------------------------------------------


class RiskTool(models.TextChoices):
    NONE = "none", _("No structured tool")
    FREDA_SHORT = "freda_short", _("FREDA short questions")
    FREDA_DANGER = "freda_danger", _("FREDA danger assessment")
    SARA = "sara", _("SARA:SV")
    PATRIARK = "patriark", _("PATRIARK")
    OTHER = "other", _("Other tool")


# The digital safety checklist: (field name, label).
DIGITAL_CHECKLIST = [
    ("location_services_checked", _("Phone location services")),
    ("social_media_checked", _("Social media check-ins and photos")),
    ("shared_accounts_checked", _("Shared accounts and cloud")),
    ("car_gps_checked", _("Car GPS")),
    ("new_sim_considered", _("New SIM card or phone considered")),
    ("bankid_reviewed", _("BankID and e-ID access reviewed")),
]


class SafetyPlan(Versioned, Changed):
    """Her safety plan: risk assessment, agreed measures, code words, emergency contacts (roles), digital safety."""

    resident = models.OneToOneField(
        "residents.Resident", verbose_name=_("resident"), on_delete=models.PROTECT, related_name="safety_plan"
    )
    risk_assessed_on = models.DateField(_("risk assessment done on"), null=True, blank=True)
    risk_assessed_by = EncryptedCharField(
        _("risk assessment done by"),
        max_length=100,
        blank=True,
        help_text=_("A staff member or an authority, e.g. 'social services'."),
    )
    risk_tool = models.CharField(_("tool"), max_length=20, choices=RiskTool.choices, blank=True)
    measures = EncryptedTextField(_("agreed measures"), blank=True)
    code_words = EncryptedTextField(_("code words"), blank=True)
    emergency_contacts = EncryptedTextField(
        _("emergency contacts"),
        blank=True,
        help_text=_("Roles, not addresses: e.g. 'staff on duty', 'her sister', 'police 112'."),
    )
    location_services_checked = models.BooleanField(_("phone location services"), default=False)
    social_media_checked = models.BooleanField(_("social media check-ins and photos"), default=False)
    shared_accounts_checked = models.BooleanField(_("shared accounts and cloud"), default=False)
    car_gps_checked = models.BooleanField(_("car GPS"), default=False)
    new_sim_considered = models.BooleanField(_("new SIM card or phone considered"), default=False)
    bankid_reviewed = models.BooleanField(_("BankID and e-ID access reviewed"), default=False)
    digital_checked_on = models.DateField(_("digital safety checked on"), null=True, blank=True)
    digital_checked_by = staff_reference(_("digital safety checked by"), limit_choices_to=WORKS_HERE)
    review_on = plan_date(models.DateField(_("review date")))

    objects = StaffScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("safety plan")
        verbose_name_plural = _("safety plans")
        ordering = ["review_on", "id"]

    def __str__(self) -> str:
        return f"safety plan {self.pk}"

    @property
    def digital_checklist(self) -> list[tuple[str, bool]]:
        return [(label, getattr(self, name)) for name, label in DIGITAL_CHECKLIST]


# Self-assessment (Rosenberg Self-Esteem Scale) -------------------------------------------------

# Rosenberg, M. (1965). Society and the adolescent self-image. Princeton University Press. Public domain.
ROSENBERG_ITEMS = [
    _("On the whole, I am satisfied with myself."),
    _("At times I think I am no good at all."),
    _("I feel that I have a number of good qualities."),
    _("I am able to do things as well as most other people."),
    _("I feel I do not have much to be proud of."),
    _("I certainly feel useless at times."),
    _("I feel that I'm a person of worth, at least on an equal plane with others."),
    _("I wish I could have more respect for myself."),
    _("All in all, I am inclined to feel that I am a failure."),
    _("I take a positive attitude toward myself."),
]
REVERSED_ITEMS = frozenset({2, 5, 6, 8, 9})
SCORE_MIN, SCORE_MAX = 10, 40


class Answer(models.IntegerChoices):
    # Stored as given; reverse scoring happens in `item_points`.
    STRONGLY_AGREE = 4, _("Strongly agree")
    AGREE = 3, _("Agree")
    DISAGREE = 2, _("Disagree")
    STRONGLY_DISAGREE = 1, _("Strongly disagree")


def item_points(number: int, answer: int) -> int:
    """1–4 points per item; items 2, 5, 6, 8 and 9 are reverse-scored."""
    return 5 - answer if number in REVERSED_ITEMS else answer


class Occasion(models.TextChoices):
    # With a context: "Discharge" alone is a button elsewhere ("Skriv ut").
    INTAKE = "intake", pgettext_lazy("self-assessment occasion", "Intake")
    FOLLOW_UP = "follow_up", pgettext_lazy("self-assessment occasion", "Follow-up")
    DISCHARGE = "discharge", pgettext_lazy("self-assessment occasion", "Discharge")


class EntryMode(models.TextChoices):
    DEVICE = "device", _("She answered on a staff device")
    PAPER = "paper", _("Answered on paper, entered by staff")


def _answer_field(number: int):
    # The label is the statement itself, so the form shows it in her language.
    return models.PositiveSmallIntegerField(ROSENBERG_ITEMS[number - 1], choices=Answer.choices)


class SelfAssessment(models.Model):
    """Her answers to the 10 Rosenberg items on one occasion; `score` is 10–40, higher is better."""

    resident = models.ForeignKey(
        "residents.Resident", verbose_name=_("resident"), on_delete=models.PROTECT, related_name="self_assessments"
    )
    occasion = models.CharField(_("occasion"), max_length=20, choices=Occasion.choices)
    answered_on = models.DateField(_("date"))
    entry_mode = models.CharField(_("answered"), max_length=20, choices=EntryMode.choices, default=EntryMode.DEVICE)
    item_1 = _answer_field(1)
    item_2 = _answer_field(2)
    item_3 = _answer_field(3)
    item_4 = _answer_field(4)
    item_5 = _answer_field(5)
    item_6 = _answer_field(6)
    item_7 = _answer_field(7)
    item_8 = _answer_field(8)
    item_9 = _answer_field(9)
    item_10 = _answer_field(10)
    score = models.PositiveSmallIntegerField(_("score"), editable=False)
    entered_by = staff_reference(_("entered by"), protect=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StaffScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["answered_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=SCORE_MIN) & Q(score__lte=SCORE_MAX), name="plans_selfassessment_score_range"
            )
        ]

    def __str__(self) -> str:
        return f"self-assessment {self.pk}"

    def save(self, *args, **kwargs):
        self.score = self.compute_score()
        super().save(*args, **kwargs)

    def compute_score(self) -> int:
        return sum(item_points(n, getattr(self, f"item_{n}")) for n in range(1, 11))


# House meetings --------------------------------------------------------------------------------


class MeetingTopic(models.TextChoices):
    DIVORCE = "divorce", _("Women's rights at divorce")
    CUSTODY = "custody", _("Custody disputes")
    SWEDISH = "swedish", _("Practising Swedish")
    HOLIDAYS = "holidays", _("Swedish holidays and traditions")
    HOUSE_RULES = "house_rules", _("Life in the house")
    SAFETY = "safety", _("Safety")
    SOCIETY = "society", _("Swedish society")


class HouseMeeting(Versioned):
    """The weekly house meeting. Minutes are short and hold no personal details."""

    held_on = models.DateField(_("date"))
    topics = ArrayField(
        models.CharField(max_length=20, choices=MeetingTopic.choices),
        verbose_name=_("topics"),
        default=list,
        blank=True,
    )
    other_topics = EncryptedCharField(_("other topics"), max_length=200, blank=True)
    attendees = models.ManyToManyField(
        "residents.Resident", verbose_name=_("residents present"), blank=True, related_name="house_meetings"
    )
    minutes = EncryptedTextField(
        _("minutes"),
        max_length=2000,
        blank=True,
        help_text=_("Short, and without personal details: no names, no situations of individual women."),
    )
    created_by = staff_reference(_("written by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StaffScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("house meeting")
        verbose_name_plural = _("house meetings")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"house meeting {self.held_on:%Y-%m-%d}"

    def get_topics_display(self) -> list[str]:
        labels = dict(MeetingTopic.choices)
        return [str(labels.get(code, code)) for code in self.topics]
