"""Residents of the protected housing, their children, rooms, stays and journals.

The database itself guards the two rules that must never break (migration 0002): one person
cannot have overlapping stays (exclusion constraint) and no room is over capacity on any night
(trigger, with a row lock on the room so two concurrent bookings of the last bed cannot both win).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import connection, models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jour.accounts.models import WORKS_HERE
from jour.crypto import BlindIndexField, EncryptedCharField, EncryptedTextField
from jour.lib.models import Authored, staff_reference
from jour.lib.sequences import YearlySequence
from jour.lib.sql import table
from jour.lib.versioning import Versioned

from .choices import (
    COUNTRY_CHOICES,
    LANGUAGE_CHOICES,
    DischargeDestination,
    EducationLevel,
    ProtectionLevel,
    region_for_country,
)

# Names of the database rules, used to turn an IntegrityError into a form error.
OVERLAP_CONSTRAINT = "residents_stay_no_overlap"
CAPACITY_CONSTRAINT = "residents_room_capacity"
DISCHARGE_AFTER_INTAKE_CONSTRAINT = "residents_stay_discharge_after_intake"

# How long a journal entry stays editable by its author.
JOURNAL_EDIT_WINDOW = timedelta(hours=24)


def _works_here(user) -> bool:
    return bool(user and user.is_authenticated and user.works_here)


class StaffScopedQuerySet(models.QuerySet):
    def for_user(self, user):
        """Staff and coordinator see everything here; everyone else nothing (volunteers get their own view)."""
        return self if _works_here(user) else self.none()


# Rooms ----------------------------------------------------------------------------------------


class Room(models.Model):
    """A room or apartment of the protected housing. Never holds an address."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    beds = models.PositiveSmallIntegerField(_("number of beds"))
    is_active = models.BooleanField(_("in use"), default=True)

    objects = StaffScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(beds__gte=1), name="residents_room_beds_positive")]

    def __str__(self) -> str:
        return self.name

    def free_beds_between(self, intake, discharge=None, *, exclude_stay_id=None) -> int:
        """The fewest free beds on any night of [intake, discharge) (open: from intake on), in one query.

        The form's check; the database trigger of migration 0002 is the guarantee.
        """
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH st AS (
                    SELECT s.intake, s.discharge,
                           1 + (SELECT count(*) FROM {table(ChildStay)} cs WHERE cs.stay_id = s.id) AS persons
                      FROM {table(Stay)} s
                     WHERE s.room_id = %(room)s AND s.id IS DISTINCT FROM %(exclude)s
                       AND daterange(s.intake, s.discharge, '[)') && daterange(%(intake)s, %(discharge)s, '[)')
                ), days AS (
                    SELECT %(intake)s::date AS day
                    UNION SELECT intake FROM st WHERE intake > %(intake)s
                )
                SELECT COALESCE(MAX((SELECT SUM(persons) FROM st
                                      WHERE st.intake <= days.day
                                        AND (st.discharge IS NULL OR st.discharge > days.day))), 0)
                  FROM days
                """,  # noqa: S608 - table names from _meta, values are parameters
                {"room": self.pk, "exclude": exclude_stay_id, "intake": intake, "discharge": discharge},
            )
            taken = int(cursor.fetchone()[0] or 0)
        return self.beds - taken


# Residents ------------------------------------------------------------------------------------


def next_case_number(year: int) -> str:
    """B-<year>-<nnn>, the year's next number (safe under concurrency)."""
    return f"B-{year}-{CaseNumberCounter.next_number(year):03d}"


class CaseNumberCounter(YearlySequence):
    class Meta:
        verbose_name = _("case number counter")


class ResidentQuerySet(StaffScopedQuerySet):
    def with_current(self, on=None):
        """Annotate `is_current`: she has a stay covering the given day (default today)."""
        on = on or timezone.localdate()
        return self.annotate(
            is_current=Exists(
                Stay.objects.filter(resident=OuterRef("pk"), intake__lte=on).filter(
                    Q(discharge__isnull=True) | Q(discharge__gt=on)
                )
            )
        )

    def current(self, on=None):
        """Residents living in the housing on the given day (default today)."""
        on = on or timezone.localdate()
        return self.filter(
            Exists(
                Stay.objects.filter(resident=OuterRef("pk"), intake__lte=on).filter(
                    Q(discharge__isnull=True) | Q(discharge__gt=on)
                )
            )
        )

    def search(self, term: str):
        """Her whole first name (through its blind index: names are encrypted) or part of the case number;
        never the surname or personnummer."""
        term = (term or "").strip()
        if not term:
            return self
        first_names = Resident._meta.get_field("first_name_index").lookup_values(term)
        return self.filter(Q(first_name_index__in=first_names) | Q(case_number__icontains=term))


class Resident(Versioned, Authored):
    """A woman living, or who has lived, in the protected housing. Her own client record."""

    case_number = models.CharField(_("case number"), max_length=20, unique=True, editable=False)
    # Her identity is encrypted at rest; search finds her first name through its keyed hash (blind index).
    first_name = EncryptedCharField(_("first name"), max_length=100)
    first_name_index = BlindIndexField(source="first_name", purpose="residents.resident.first_name")
    last_name = EncryptedCharField(_("last name"), max_length=100)
    alias = EncryptedCharField(
        _("alias"),
        max_length=50,
        blank=True,
        help_text=_("Used instead of her name for contact women and in exports when she is protected."),
    )
    personnummer = EncryptedCharField(_("personal identity number"), blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    languages = ArrayField(
        models.CharField(max_length=3, choices=LANGUAGE_CHOICES),
        verbose_name=_("languages"),
        default=list,
        blank=True,
    )
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    country_of_birth = models.CharField(_("country of birth"), max_length=2, choices=COUNTRY_CHOICES, blank=True)
    years_in_sweden = models.PositiveSmallIntegerField(_("years in Sweden"), null=True, blank=True)
    education_level = models.CharField(_("education level"), max_length=20, choices=EducationLevel.choices, blank=True)
    protection_level = models.CharField(
        _("protection level"), max_length=30, choices=ProtectionLevel.choices, default=ProtectionLevel.NONE
    )
    contact_persons = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact persons"),
        blank=True,
        related_name="residents_as_contact",
        limit_choices_to=WORKS_HERE,
    )
    # In her own words; the implementation plan builds on them.
    wishes = EncryptedTextField(_("her wishes"), blank=True)
    dreams = EncryptedTextField(_("her dreams"), blank=True)
    interests = EncryptedTextField(_("her interests"), blank=True)
    education_notes = EncryptedTextField(_("her education, in her words"), blank=True)

    objects = ResidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        # Never the name: __str__ ends up in logs, messages and admin lists.
        return self.case_number

    def save(self, *args, **kwargs):
        if not self.case_number:
            self.case_number = next_case_number(timezone.localdate().year)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "first_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "first_name_index"}  # the index follows the name
        super().save(*args, **kwargs)

    # Protected identity ----------------------------------------------------------------------

    @property
    def is_protected(self) -> bool:
        return self.protection_level != ProtectionLevel.NONE

    @property
    def language_names(self) -> list[str]:
        names = dict(LANGUAGE_CHOICES)
        return [str(names.get(code, code)) for code in self.languages]

    @property
    def region_of_birth(self):
        return region_for_country(self.country_of_birth)

    @property
    def masked_personnummer(self) -> str:
        """YYYYMMDD-****, or the birth year, or empty."""
        if self.personnummer:
            return self.personnummer[:8] + "-****"
        return str(self.birth_year) if self.birth_year else ""

    # What each audience sees of her name and case number: residents/disclosure.py.


# What a list names her by (disclosure.woman_shown for STAFF_LIST, and the protection badge). Her fields are
# encrypted, so a list loads (and decrypts) only these: `.defer(*resident_fields_besides("resident"))` on a
# query of stays, matches, ...
RESIDENT_LIST_FIELDS = ("id", "case_number", "first_name", "last_name", "protection_level")


def resident_fields_besides(path: str, shown: tuple[str, ...] = RESIDENT_LIST_FIELDS) -> list[str]:
    """The resident's other fields, under `path` (a relation to her; "" for a query of residents), for defer()."""
    prefix = f"{path}__" if path else ""
    return [f"{prefix}{field.name}" for field in Resident._meta.concrete_fields if field.name not in shown]


# Children -------------------------------------------------------------------------------------


class Child(Versioned):
    """An accompanying child: a client of its own with its own journal and designated staff member."""

    mother = models.ForeignKey(Resident, verbose_name=_("mother"), on_delete=models.PROTECT, related_name="children")
    first_name = EncryptedCharField(_("first name"), max_length=100)
    birth_year = models.PositiveSmallIntegerField(_("birth year"))
    protection_level = models.CharField(
        _("protection level"), max_length=30, choices=ProtectionLevel.choices, default=ProtectionLevel.NONE
    )
    designated_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("designated staff member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="designated_children",
        limit_choices_to=WORKS_HERE,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StaffScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["birth_year", "id"]

    def __str__(self) -> str:
        return f"{self.mother.case_number if self.mother_id else ''}/{self.pk}"

    @property
    def is_protected(self) -> bool:
        return self.protection_level != ProtectionLevel.NONE

    def may_change_protection(self, user) -> bool:
        """The mother's rule: the coordinator and her contact persons — and the child's designated staff
        member — may change a child's protection level; other staff could otherwise lower it and then see."""
        if not _works_here(user):
            return False
        if user.is_coordinator or self.designated_staff_id == user.pk:
            return True
        return self.mother.contact_persons.filter(pk=user.pk).exists()


# Stays ----------------------------------------------------------------------------------------


class StayQuerySet(StaffScopedQuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(intake__lte=on).filter(Q(discharge__isnull=True) | Q(discharge__gt=on))


class Stay(Versioned, Authored):
    """One period in the housing, [intake, discharge): the night before discharge is her last."""

    resident = models.ForeignKey(Resident, verbose_name=_("resident"), on_delete=models.PROTECT, related_name="stays")
    children = models.ManyToManyField(
        Child, verbose_name=_("children"), through="ChildStay", related_name="stays", blank=True
    )
    room = models.ForeignKey(Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="stays")
    intake = models.DateField(_("intake date"))
    discharge = models.DateField(_("discharge date"), null=True, blank=True)
    # None: unknown. Never a default: whoever admits her answers yes, no or unknown (question 7 depends on it).
    placed_by_social_services = models.BooleanField(_("placed by social services"), null=True, blank=True)
    decision_date = models.DateField(_("date of the placement decision"), null=True, blank=True)
    placing_municipality = models.ForeignKey(
        "shelter.Municipality",
        verbose_name=_("placing municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    case_worker_contact = EncryptedCharField(
        _("social services office contact"),
        max_length=200,
        blank=True,
        help_text=_("The case worker's office: name, phone or e-mail at work. Never the resident's own contact."),
    )
    home_municipality = models.ForeignKey(
        "shelter.Municipality",
        verbose_name=_("home municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The municipality she lived in before the stay."),
    )
    discharge_destination = models.CharField(
        _("moved to"), max_length=30, choices=DischargeDestination.choices, blank=True
    )
    # When the retention policy asks for it, a placement's documentation is handed over to the placing
    # municipality before it is purged; the purge waits for this date (regulation's hand-over page sets it).
    handed_over_on = models.DateField(_("documentation handed over on"), null=True, blank=True)

    objects = StayQuerySet.as_manager()

    class Meta:
        verbose_name = _("stay")
        verbose_name_plural = _("stays")
        ordering = ["-intake", "-id"]
        indexes = [
            # The resident list walks stays by intake, newest first, to order residents by their latest intake
            # without grouping every stay; it then checks each one for a later stay of the same resident.
            models.Index(fields=["intake", "resident"], name="residents_stay_intake_res"),
            models.Index(fields=["resident", "intake"], name="residents_stay_res_intake"),
            # Current stays (discharge IS NULL OR discharge > today), and the stays of a period, without
            # reading every stay ever: the board, the resident list and the nights per month.
            models.Index(fields=["discharge"], name="residents_stay_discharge"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(discharge__isnull=True) | Q(discharge__gt=models.F("intake")),
                name=DISCHARGE_AFTER_INTAKE_CONSTRAINT,
            )
        ]

    def __str__(self) -> str:
        return f"{self.resident.case_number if self.resident_id else ''} {self.intake:%Y-%m-%d}"

    @property
    def nights(self) -> int:
        """Nights of this stay so far (an open stay up to today), per person; stats.nights() for periods."""
        end = self.discharge or max(timezone.localdate(), self.intake)
        return (end - self.intake).days

    def is_current(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.intake <= on and (self.discharge is None or self.discharge > on)


class ChildStay(models.Model):
    """A child living with the mother during her stay (same dates)."""

    child = models.ForeignKey(Child, verbose_name=_("child"), on_delete=models.PROTECT, related_name="child_stays")
    stay = models.ForeignKey(Stay, verbose_name=_("stay"), on_delete=models.CASCADE, related_name="child_stays")

    class Meta:
        verbose_name = _("child's stay")
        verbose_name_plural = _("children's stays")
        constraints = [models.UniqueConstraint(fields=["child", "stay"], name="residents_childstay_unique")]


# Journal --------------------------------------------------------------------------------------


class JournalEntryType(models.TextChoices):
    EVENT = "event", _("Event or fact")
    ASSESSMENT = "assessment", _("Assessment")
    AUTHORITY_CONTACT = "authority_contact", _("Contact with an authority")
    OTHER = "other", _("Other")


class JournalEntryQuerySet(StaffScopedQuerySet):
    pass


class JournalEntry(Versioned):
    """Dated SoL documentation for a resident or a child. Never deleted except by retention."""

    resident = models.ForeignKey(
        Resident,
        verbose_name=_("resident"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="journal_entries",
    )
    child = models.ForeignKey(
        Child, verbose_name=_("child"), on_delete=models.PROTECT, null=True, blank=True, related_name="journal_entries"
    )
    entry_type = models.CharField(_("type"), max_length=20, choices=JournalEntryType.choices)
    text = EncryptedTextField(_("text"))
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    author = staff_reference(_("author"), protect=True)
    created_at = models.DateTimeField(_("written at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = JournalEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(resident__isnull=False) & Q(child__isnull=True))
                | (Q(resident__isnull=True) & Q(child__isnull=False)),
                name="residents_journal_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_entry_type_display()} {self.created_at:%Y-%m-%d %H:%M}"

    def is_editable_by(self, user, *, now=None) -> bool:
        now = now or timezone.now()
        return user.pk == self.author_id and now - self.created_at < JOURNAL_EDIT_WINDOW
