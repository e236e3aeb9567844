"""The follow-up report (uppföljning) for the social welfare committee, and the registers it draws on.

The registers hold no personal data, except the named reporter of a deviation or lex Sarah report.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jour.crypto import EncryptedCharField, EncryptedTextField
from jour.lib.models import staff_reference
from jour.lib.plausible import plan_date
from jour.lib.versioning import Versioned
from jour.shelter.models import Municipality


def validate_not_in_future(value: dt.date) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future")


class RegisterQuerySet(models.QuerySet):
    def for_user(self, user) -> RegisterQuerySet:
        # Registers are the association's own records: staff and the coordinator see them all.
        if user.is_authenticated and user.works_here:
            return self
        return self.none()


class RegisterEntry(Versioned):
    date = models.DateField(_("date"), validators=[validate_not_in_future])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RegisterQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-date", "-id"]


class OutreachKind(models.TextChoices):
    LECTURE = "lecture", _("Lecture")
    TRAINING = "training", _("Training")
    EVENT = "event", _("Event")
    CAMPAIGN = "campaign", _("Campaign")
    ARTICLE = "article", _("Article")
    INTERVIEW = "interview", _("Interview")
    STAND = "stand", _("Information stand")
    SFI = "sfi", _("Information at SFI")


class OutreachActivity(RegisterEntry):
    """Outreach and information work: lectures, campaigns, articles, SFI visits (Q2, Q4)."""

    kind = models.CharField(_("type"), max_length=20, choices=OutreachKind.choices)
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)

    class Meta(RegisterEntry.Meta):
        verbose_name = _("outreach activity")
        verbose_name_plural = _("outreach and information activities")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


class MediaChannel(models.TextChoices):
    FACEBOOK = "facebook", _("Facebook")
    INSTAGRAM = "instagram", _("Instagram")
    NEWSLETTER = "newsletter", _("Newsletter")
    WEBSITE = "website", _("Website")
    OTHER = "other", _("Other channel")


class MediaFigure(RegisterEntry):
    """A reading of a channel on a date: followers, or newsletter issues sent since the last reading."""

    channel = models.CharField(_("channel"), max_length=20, choices=MediaChannel.choices)
    followers = models.PositiveIntegerField(_("followers or subscribers"), null=True, blank=True)
    issues_sent = models.PositiveIntegerField(_("issues sent"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta(RegisterEntry.Meta):
        verbose_name = _("social media or newsletter figure")
        verbose_name_plural = _("social media and newsletter figures")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_channel_display()}"

    def clean(self) -> None:
        super().clean()
        if self.followers is None and self.issues_sent is None:
            raise ValidationError({"followers": _("Give the number of followers, or of issues sent, or both.")})


class PrintedFolder(RegisterEntry):
    """A printed information folder in one language and where it was placed."""

    language = models.CharField(_("language"), max_length=60)
    placed_at = models.CharField(_("where placed"), max_length=300)
    copies = models.PositiveIntegerField(_("copies"), null=True, blank=True)

    class Meta(RegisterEntry.Meta):
        verbose_name = _("printed folder")
        verbose_name_plural = _("printed folders")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.language}"


class CompetenceDevelopment(RegisterEntry):
    """A course or seminar attended by staff, board members or volunteers (Q10)."""

    title = models.CharField(_("course or seminar"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200)
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.1"))]
    )
    staff_participants = models.PositiveSmallIntegerField(_("staff participants"), default=0)
    board_participants = models.PositiveSmallIntegerField(_("board participants"), default=0)
    volunteer_participants = models.PositiveSmallIntegerField(_("volunteer participants"), default=0)

    class Meta(RegisterEntry.Meta):
        verbose_name = _("competence development")
        verbose_name_plural = _("competence development")
        constraints = [models.CheckConstraint(condition=models.Q(hours__gt=0), name="competence_hours_positive")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"


class FeedbackKind(models.TextChoices):
    FEEDBACK = "feedback", _("Feedback")
    COMPLAINT = "complaint", _("Complaint")


class Feedback(RegisterEntry):
    """Feedback or a complaint, summarised without personal data (Q13)."""

    kind = models.CharField(_("kind"), max_length=20, choices=FeedbackKind.choices)
    summary = EncryptedTextField(_("summary (no personal data)"))
    action = EncryptedTextField(_("action taken"), blank=True)
    closed = models.BooleanField(_("closed"), default=False)

    class Meta(RegisterEntry.Meta):
        verbose_name = _("feedback or complaint")
        verbose_name_plural = _("feedback and complaints")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


class DeviationKind(models.TextChoices):
    DEVIATION = "deviation", _("Deviation")
    LEX_SARAH = "lex_sarah", _("Lex Sarah report")


# Deadlines of the lex Sarah flow, in days. The law gives none in days: the provider removes and
# investigates "without delay" and reports a serious shortcoming to IVO "as soon as possible" (SoL ch. 14,
# SOSFS 2011:5; docs/regulation.md). These are the shelter's own routine, overridable in the settings.
LEX_SARAH_DEADLINE_DAYS = {"risk_assessed": 2, "investigated": 14, "ivo": 7}


def lex_sarah_deadline_days() -> dict[str, int]:
    return {**LEX_SARAH_DEADLINE_DAYS, **getattr(settings, "LEX_SARAH_DEADLINE_DAYS", {})}


class LexSarahStage(models.TextChoices):
    RECEIVED = "received", _("Received")
    RISK_ASSESSED = "risk_assessed", _("Risk assessed")
    INVESTIGATED = "investigated", _("Investigated")
    DECIDED = "decided", _("Decided")


class Deviation(RegisterEntry):
    """An internal deviation or a lex Sarah report. The reporter is named; nobody else may be.

    A lex Sarah report goes through received → risk assessed → investigated → decided; a serious
    shortcoming (or a substantial risk of one) is reported to IVO. `overdue()` names the steps past the
    deadlines of the shelter's routine.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=DeviationKind.choices)
    reporter = EncryptedCharField(_("reported by"), max_length=150)
    what_happened = EncryptedTextField(_("what happened (no personal data about others)"))
    causes = EncryptedTextField(_("causes"), blank=True)
    measures = EncryptedTextField(_("measures"), blank=True)
    decision = EncryptedTextField(_("decision"), blank=True)
    reported_to_ivo = models.BooleanField(_("reported to IVO"), default=False)
    ivo_reported_on = models.DateField(
        _("reported to IVO on"), null=True, blank=True, validators=[validate_not_in_future]
    )
    # The lex Sarah flow (kind lex_sarah).
    received_on = models.DateField(_("report received on"), null=True, blank=True, validators=[validate_not_in_future])
    risk_assessed_on = models.DateField(
        _("risk assessed on"), null=True, blank=True, validators=[validate_not_in_future]
    )
    investigated_on = models.DateField(
        _("investigation finished on"), null=True, blank=True, validators=[validate_not_in_future]
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True, validators=[validate_not_in_future])
    serious = models.BooleanField(
        _("serious shortcoming or substantial risk of one"),
        null=True,
        blank=True,
        help_text=_("Serious ones are reported to IVO as soon as possible."),
    )

    class Meta(RegisterEntry.Meta):
        verbose_name = _("deviation or lex Sarah report")
        verbose_name_plural = _("deviations and lex Sarah reports")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"

    @property
    def stage(self) -> str:
        if self.decided_on:
            return LexSarahStage.DECIDED
        if self.investigated_on:
            return LexSarahStage.INVESTIGATED
        if self.risk_assessed_on:
            return LexSarahStage.RISK_ASSESSED
        return LexSarahStage.RECEIVED

    def due_dates(self) -> dict[str, dt.date]:
        """The deadlines of the steps still open (lex Sarah reports only), from the day it was received."""
        if self.kind != DeviationKind.LEX_SARAH:
            return {}
        days = lex_sarah_deadline_days()
        received = self.received_on or self.date
        due = {}
        if not self.risk_assessed_on:
            due["risk_assessed"] = received + dt.timedelta(days=days["risk_assessed"])
        if not self.investigated_on:
            due["investigated"] = received + dt.timedelta(days=days["investigated"])
        if self.serious and not self.reported_to_ivo:
            known = self.risk_assessed_on or self.investigated_on or self.decided_on or received
            due["ivo"] = known + dt.timedelta(days=days["ivo"])
        return due

    def overdue(self, today: dt.date) -> list[str]:
        """The open steps past their deadline: "risk_assessed", "investigated", "ivo"."""
        return [step for step, day in self.due_dates().items() if day < today]

    def clean(self) -> None:
        super().clean()
        order = [
            ("date", self.date),
            ("received_on", self.received_on),
            ("risk_assessed_on", self.risk_assessed_on),
            ("investigated_on", self.investigated_on),
            ("decided_on", self.decided_on),
        ]
        previous = None
        for name, day in order:
            if day is None:
                continue
            if previous is not None and day < previous:
                raise ValidationError({name: _("This step cannot come before the one above it.")})
            previous = day
        if self.kind != DeviationKind.LEX_SARAH and any(day for _name, day in order[2:]):
            raise ValidationError({"kind": _("Only a lex Sarah report goes through the lex Sarah steps.")})
        if self.decided_on and self.serious is None:
            raise ValidationError({"serious": _("Say whether it was serious before recording the decision.")})
        if self.reported_to_ivo and not self.ivo_reported_on:
            raise ValidationError({"ivo_reported_on": _("Give the date it was reported to IVO.")})
        if not self.reported_to_ivo and self.ivo_reported_on:
            raise ValidationError({"reported_to_ivo": _("Tick this box when there is a date reported to IVO.")})
        if self.ivo_reported_on and self.date and self.ivo_reported_on < self.date:
            raise ValidationError({"ivo_reported_on": _("IVO cannot have been told before the event.")})


# The follow-up report --------------------------------------------------------------------------


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")


class DataBlock(models.TextChoices):
    """Numbers computed from Jour's data that can be attached to a question."""

    NONE = "", _("No numbers (narrative only)")
    OUTREACH = "outreach", _("Outreach activities (register)")
    INFORMATION = "information", _("Information work: social media, newsletter, folders (registers)")
    PERSONAL_MEETINGS = "personal_meetings", _("Personal meetings offered, per year")
    SUPPORT_CONTACTS = "support_contacts", _("Support contacts and persons")
    HOUSING = "housing", _("Protected housing without social-services placement")
    ACCESSIBILITY = "accessibility", _("Opening and telephone hours")
    COMPETENCE = "competence", _("Study circles, volunteers trained, competence development")
    QUALITY_REGISTER = "quality_register", _("Feedback, complaints, deviations and lex Sarah, four years")
    RESULTS = "results", _("Results")
    CHILDREN = "children", _("Children's own placements, schooling and health examinations")


class ReportQuerySet(models.QuerySet):
    def for_user(self, user) -> ReportQuerySet:
        if user.is_authenticated and user.works_here:
            return self
        return self.none()


class FollowUpReport(Versioned):
    """One answer to a municipality's follow-up questionnaire, for one period."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("addressed to municipality"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    years_side_by_side = models.PositiveSmallIntegerField(
        _("years side by side"),
        default=3,
        help_text=_("Questions asking 'which years' show this many calendar years up to the end of the period."),
    )
    due_date = plan_date(models.DateField(_("due date"), null=True, blank=True))
    suppress_small_counts = models.BooleanField(
        _("show counts below 3 as “<3”"),
        default=True,
        help_text=_("Protects persons who could be recognised in small numbers."),
    )
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous_version = models.ForeignKey(
        "self", verbose_name=_("previous version"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    sent_by = staff_reference(_("sent by"))
    # Everything the PDF shows, stored when the report is marked sent; the sent PDF is rendered from it only.
    snapshot = models.JSONField(_("snapshot as sent"), null=True, blank=True, editable=False)
    created_by = staff_reference(_("created by"), blank=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up report")
        verbose_name_plural = _("follow-up reports")
        ordering = ["-period_end", "municipality_id", "-version"]
        constraints = [
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")), name="report_period"),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(snapshot__isnull=False), name="report_sent_has_snapshot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.period_label} v{self.version}"

    @property
    def is_sent(self) -> bool:
        return self.status == ReportStatus.SENT

    @property
    def period_label(self) -> str:
        start, end = self.period_start, self.period_end
        if start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31:
            return str(start.year) if start.year == end.year else f"{start.year}\u2013{end.year}"
        return f"{start:%Y-%m-%d}\u2013{end:%Y-%m-%d}"

    @property
    def file_stem(self) -> str:
        """`uppfoljning-0136-2025` (or -v2): never a name, only the code and the period."""
        period = self.period_label.replace("\u2013", "-")
        suffix = f"-v{self.version}" if self.version > 1 else ""
        return f"uppfoljning-{self.municipality_id}-{period}{suffix}"

    def same_period_reports(self) -> ReportQuerySet:
        return FollowUpReport.objects.filter(
            municipality_id=self.municipality_id, period_start=self.period_start, period_end=self.period_end
        ).exclude(pk=self.pk)


class ReportQuestion(Versioned):
    report = models.ForeignKey(FollowUpReport, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("order"))
    text = models.TextField(_("question"))
    data_block = models.CharField(_("numbers from Jour"), max_length=30, choices=DataBlock.choices, blank=True)
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["report", "position", "id"]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:60]}"


class DataVersion(models.Model):
    """A random version of one month of one table the report reads: the key of its cached document.

    Written only by PostgreSQL triggers (reporting/versions.py, migration 0003), so raw SQL, COPY, purges
    and erasures are covered as well as the ORM. Random rather than counted: a version never comes back after
    a rollback or a restore, so a cached document can never be taken for another state.
    """

    pk = models.CompositePrimaryKey("table_name", "month", "shard")
    table_name = models.CharField(max_length=63)
    month = models.DateField()  # the first day of a month; 1900-01-01 for writes that can change any period
    # The writing backend's pid modulo 8: concurrent writers mostly update different rows (no queue on one lock).
    shard = models.PositiveSmallIntegerField()
    version = models.BigIntegerField()

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")
