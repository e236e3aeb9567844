"""Support contacts (stödsamtal) and recurring contacts: anonymous by default, counted right.

A support contact creates no person record. To count one caller once across many contacts,
staff may attach contacts to a recurring contact (a generated code and a pseudonym, never a
name, phone number, e-mail address or personnummer) or to a known resident, not both.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jour.crypto import EncryptedCharField, EncryptedTextField
from jour.directory.referral import REFERRED_TO_SHELTER
from jour.lib.models import staff_reference
from jour.lib.sequences import YearlySequence
from jour.lib.versioning import Versioned
from jour.shelter.models import Municipality

# An author may correct her own contact for this long; the coordinator always.
AUTHOR_EDIT_WINDOW = timedelta(hours=24)
MAX_DURATION_MINUTES = 8 * 60


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    CHAT = "chat", _("Chat")
    SMS = "sms", _("SMS")
    MEETING = "meeting", _("Personal meeting")
    OTHER = "other", _("Letter or other")


class Direction(models.TextChoices):
    INCOMING = "in", _("Incoming")
    OUTGOING = "out", _("Outgoing")


class Kind(models.TextChoices):
    SUPPORT = "support", _("Support or advice")
    INFORMATION = "information", _("Information")
    SILENT = "silent", _("Silent call")
    HANG_UP = "hang_up", _("Hung up")
    WRONG_NUMBER = "wrong_number", _("Wrong number")
    PRANK = "prank", _("Prank")
    TEST = "test", _("Test")


# Contacts of these kinds are counted apart and never as support, nor as persons.
NON_DATA_KINDS = (Kind.SILENT, Kind.HANG_UP, Kind.WRONG_NUMBER, Kind.PRANK, Kind.TEST)


class Caller(models.TextChoices):
    WOMAN = "woman", _("Woman subjected to violence")
    RELATIVE = "relative", _("Relative or friend")
    PROFESSIONAL = "professional", _("Professional")
    MAN = "man", _("Man")
    # The umbrella organisations count trans persons supported apart (regulation.umbrella).
    TRANS = "trans", _("Trans or non-binary person")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class AgeBand(models.TextChoices):
    UNDER_18 = "u18", _("Under 18")
    AGE_18_25 = "18-25", _("18–25")
    AGE_26_35 = "26-35", _("26–35")
    AGE_36_45 = "36-45", _("36–45")
    AGE_46_55 = "46-55", _("46–55")
    AGE_56_65 = "56-65", _("56–65")
    OVER_65 = "66+", _("66 or older")
    UNKNOWN = "unknown", _("Unknown")


class Residence(models.TextChoices):
    MUNICIPALITY = "municipality", _("A Swedish municipality")
    UNKNOWN = "unknown", _("Unknown")
    ABROAD = "abroad", _("Abroad")


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class ViolenceType(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    PSYCHOLOGICAL = "psychological", _("Psychological")
    SEXUAL = "sexual", _("Sexual")
    ECONOMIC = "economic", _("Economic or material")
    LATENT = "latent", _("Latent violence or threats")
    DIGITAL = "digital", _("Digital")
    HONOUR = "honour", _("Honour-related")
    NEGLECT = "neglect", _("Neglect")


class Relation(models.TextChoices):
    PARTNER = "partner", _("Partner")
    FORMER_PARTNER = "former_partner", _("Former partner")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    OTHER_RELATIVE = "relative", _("Other relative")
    ACQUAINTANCE = "acquaintance", _("Acquaintance")
    STRANGER = "stranger", _("Stranger")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class Topic(models.TextChoices):
    EMOTIONAL = "emotional", _("Emotional support")
    SAFETY = "safety", _("Safety")
    HOUSING = "housing", _("Housing")
    LEGAL = "legal", _("Legal questions")
    CHILDREN = "children", _("Children and custody")
    ECONOMY = "economy", _("Economy")
    HEALTH = "health", _("Health")
    AUTHORITIES = "authorities", _("Contact with authorities")
    MIGRATION = "migration", _("Residence permit and migration")
    OTHER = "other", _("Other")


class Outcome(models.TextChoices):
    MEETING_OFFERED = "meeting_offered", _("Personal meeting offered")
    MEETING_BOOKED = "meeting_booked", _("Personal meeting booked")
    POLICE = "police", _("Referred to the police")
    SOCIAL_SERVICES = "social_services", _("Referred to social services")
    LAWYER = "lawyer", _("Referred to a lawyer")
    HEALTH_CARE = "health_care", _("Referred to health care")
    OTHER_JOUR = "other_jour", _("Referred to another jour")
    OTHER = "other", _("Referred elsewhere")


# A booked meeting was offered first: both count as "offered a personal meeting".
MEETING_OFFERED_OUTCOMES = (Outcome.MEETING_OFFERED, Outcome.MEETING_BOOKED)


class HousingOutcome(models.TextChoices):
    OFFERED = "offered", _("Offered a place")
    NO_PLACE = "no_place", _("No place available")
    NOT_SUITABLE = "not_suitable", _("Not suitable")


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """The label of a stored value, as get_FOO_display() gives it (the value itself when unknown).

    Django's get_FOO_display() rebuilds a dict of the field's choices, hashing every lazy label, on
    each call: the contact list shows four of them on 50 rows (~1 200 translation look-ups a page).
    """
    try:
        return choices(value).label
    except ValueError:
        return value


def choice_array(base: models.Field, verbose_name) -> ArrayField:
    return ArrayField(base, verbose_name=verbose_name, default=list, blank=True)


class RecurringContactSequence(YearlySequence):
    """The last recurring-contact number handed out per year."""

    class Meta:
        verbose_name = _("recurring contact number series")


class RecurringContactQuerySet(models.QuerySet):
    def for_user(self, user) -> RecurringContactQuerySet:
        if getattr(user, "works_here", False):
            return self.all()
        return self.none()


class RecurringContact(models.Model):
    """A pseudonymous caller: a code such as K-2026-0137, no identity. Deliberately no name field."""

    code = models.CharField(_("code"), max_length=20, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    number = models.PositiveIntegerField(_("number"), editable=False)
    pseudonym = EncryptedCharField(
        _("pseudonym"),
        max_length=40,
        blank=True,
        help_text=_("A made-up name chosen by staff, never her real name."),
    )
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices, default=AgeBand.UNKNOWN)
    residence = models.CharField(_("residence"), max_length=20, choices=Residence.choices, default=Residence.UNKNOWN)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality of residence"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = staff_reference(_("created by"), protect=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RecurringContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("recurring contact")
        verbose_name_plural = _("recurring contacts")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="calls_recurring_year_number_unique"),
            models.CheckConstraint(
                condition=Q(residence=Residence.MUNICIPALITY, municipality__isnull=False)
                | (~Q(residence=Residence.MUNICIPALITY) & Q(municipality__isnull=True)),
                name="calls_recurring_residence_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.pseudonym}".strip()

    def save(self, *args, **kwargs):
        if not self.code:
            # The year of her first contact when the form gave one (a 2025 caller entered in 2026 is K-2025-…).
            self.year = self.year or timezone.localdate().year
            self.number = RecurringContactSequence.next_number(self.year)
            self.code = self.format_code(self.year, self.number)
        super().save(*args, **kwargs)

    @staticmethod
    def format_code(year: int, number: int) -> str:
        return f"K-{year}-{number:04d}"

    @property
    def place_label(self) -> str:
        return str(self.municipality) if self.residence == Residence.MUNICIPALITY else self.get_residence_display()


class SupportContactQuerySet(models.QuerySet):
    def for_user(self, user) -> SupportContactQuerySet:
        """Staff and the coordinator see every contact; volunteers (and anyone else) none."""
        if getattr(user, "works_here", False):
            return self.all()
        return self.none()

    def editable_by(self, user) -> SupportContactQuerySet:
        """The author for 24 hours after logging it; the coordinator always."""
        qs = self.for_user(user)
        if getattr(user, "is_coordinator", False):
            return qs
        return qs.filter(created_by=user, created_at__gte=timezone.now() - AUTHOR_EDIT_WINDOW)

    def data(self) -> SupportContactQuerySet:
        return self.exclude(kind__in=NON_DATA_KINDS)


class SupportContact(Versioned):
    """One contact with the support line. Anonymous unless attached to a recurring contact."""

    started_at = models.DateTimeField(_("date and time"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices, default=Direction.INCOMING)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    staff = staff_reference(_("staff member"), protect=True)
    kind = models.CharField(_("kind of contact"), max_length=20, choices=Kind.choices)
    caller = models.CharField(_("who made contact"), max_length=20, choices=Caller.choices, default=Caller.UNKNOWN)
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices, default=AgeBand.UNKNOWN)
    residence = models.CharField(_("residence"), max_length=20, choices=Residence.choices, default=Residence.UNKNOWN)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality of residence"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    social_services_contact = models.CharField(
        _("in contact with social services"), max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    violence_types = choice_array(models.CharField(max_length=20, choices=ViolenceType.choices), _("types of violence"))
    perpetrator_relation = models.CharField(
        _("relation to the perpetrator"), max_length=20, choices=Relation.choices, blank=True
    )
    children_affected = models.CharField(
        _("children in the household affected"),
        max_length=10,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    topics = choice_array(models.CharField(max_length=20, choices=Topic.choices), _("needs and topics"))
    outcomes = choice_array(models.CharField(max_length=20, choices=Outcome.choices), _("outcome"))
    housing_requested = models.BooleanField(_("asked for protected housing"), default=False)
    housing_outcome = models.CharField(
        _("answer to the housing request"), max_length=20, choices=HousingOutcome.choices, blank=True
    )
    interpreter_used = models.BooleanField(_("interpreter used"), default=False)
    interpreter_language = EncryptedCharField(_("interpreter language"), max_length=50, blank=True)
    recurring_contact = models.ForeignKey(
        RecurringContact,
        verbose_name=_("recurring contact"),
        # A code holds no identity, so there is no reason to purge it before its contacts.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
    )
    resident = models.ForeignKey(
        "residents.Resident",
        verbose_name=_("resident"),
        # Her retention purge must not be blocked by, nor delete, the anonymous statistics: the link goes.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_contacts",
    )
    referred_to_shelter = models.ForeignKey(
        "directory.ShelterListing",
        verbose_name=REFERRED_TO_SHELTER,
        # A jour removed from the directory leaves the contact, and its statistics, as they were.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = EncryptedTextField(
        _("note"),
        blank=True,
        help_text=_("Never write names, phone numbers, addresses or other details that identify anyone."),
    )
    created_by = staff_reference(_("logged by"), protect=True)
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = SupportContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("support contact")
        verbose_name_plural = _("support contacts")
        ordering = ["-started_at", "-id"]
        indexes = [
            # The list (newest first) and every statistic select a period first.
            models.Index(fields=["-started_at", "-id"], name="calls_contact_started_idx"),
            models.Index(fields=["channel", "-started_at"], name="calls_contact_channel_idx"),
            models.Index(fields=["kind", "-started_at"], name="calls_contact_kind_idx"),
            models.Index(fields=["staff", "-started_at"], name="calls_contact_staff_idx"),
            models.Index(fields=["created_by", "-created_at"], name="calls_contact_author_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(residence=Residence.MUNICIPALITY, municipality__isnull=False)
                | (~Q(residence=Residence.MUNICIPALITY) & Q(municipality__isnull=True)),
                name="calls_contact_residence_consistent",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__lte=MAX_DURATION_MINUTES),
                name="calls_contact_duration_max_8h",
            ),
            models.CheckConstraint(
                condition=Q(recurring_contact__isnull=True) | Q(resident__isnull=True),
                name="calls_contact_one_person_link",
            ),
            models.CheckConstraint(
                condition=Q(housing_requested=True) | Q(housing_outcome=""),
                name="calls_contact_housing_outcome_needs_request",
            ),
        ]

    def __str__(self) -> str:
        # No personal data: the kind and the time only.
        return f"{self.get_kind_display()} {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"

    def get_channel_display(self) -> str:
        return choice_label(Channel, self.channel)

    def get_kind_display(self) -> str:
        return choice_label(Kind, self.kind)

    def get_caller_display(self) -> str:
        return choice_label(Caller, self.caller)

    def get_residence_display(self) -> str:
        return choice_label(Residence, self.residence)

    @property
    def is_data(self) -> bool:
        return self.kind not in NON_DATA_KINDS

    @property
    def place_label(self) -> str:
        return str(self.municipality) if self.residence == Residence.MUNICIPALITY else self.get_residence_display()


class StatisticsVersion(models.Model):
    """A random version of the support contacts of one month, the key of the statistics cache (stats.py).

    Written only by PostgreSQL triggers (migration 0003), so raw SQL, COPY, purges and erasures are
    covered as well as the ORM: every statement that inserts, changes or deletes support contacts gives
    each month they are dated in (in UTC) a new random version; a change of a recurring contact's
    residence does the same for the months of her contacts. Random rather than counted: a version never
    comes back after a rollback or a restore, so a cached value can never be taken for another state.
    A month without rows has never held a contact.
    """

    pk = models.CompositePrimaryKey("month", "shard")
    month = models.DateField()  # first day of a UTC month
    # The writing backend's pid modulo 8: concurrent transactions mostly write different rows of a month,
    # so logging contacts does not queue on one row lock until commit.
    shard = models.PositiveSmallIntegerField()
    version = models.BigIntegerField()

    class Meta:
        verbose_name = _("statistics version")
