"""Systematic quality work: the register of routines with their reviews, and the year's staffing figures.

SOSFS 2011:9 asks for a management system with routines that are kept up to date; the lex Sarah flow
lives on the deviation register (reporting.Deviation). The staffing figures are what the umbrella
organisations ask for and Jour cannot count itself: employees, full-time equivalents, volunteers outside
the contact-woman programme and their hours.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .permit import StaffOnlyQuerySet


class Routine(models.Model):
    """A written routine of the management system, with its owner and next review."""

    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="routines",
        limit_choices_to={"role__in": ["staff", "coordinator"], "is_active": True},
    )
    adopted_on = models.DateField(_("adopted on"))
    review_every_months = models.PositiveSmallIntegerField(
        _("review every (months)"), default=12, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    next_review_on = models.DateField(_("next review"))
    kept_at = models.CharField(
        _("where it is kept"), max_length=200, blank=True, help_text=_("The binder or the folder on the server.")
    )
    is_active = models.BooleanField(_("in force"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("routine")
        verbose_name_plural = _("routines")
        ordering = ["next_review_on", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_every_months__gte=1) & Q(review_every_months__lte=60),
                name="regulation_routine_review_interval",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def mark_reviewed(self, on: dt.date) -> None:
        self.last_reviewed_on = on
        self.next_review_on = on + relativedelta(months=self.review_every_months)


class StaffingYear(models.Model):
    """The year's staffing, entered by the coordinator for the umbrella organisations' statistics."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=[MinValueValidator(2000)])
    employees = models.PositiveSmallIntegerField(_("employees"), default=0)
    full_time_equivalents = models.DecimalField(
        _("full-time equivalents"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    other_volunteers = models.PositiveSmallIntegerField(
        _("other active volunteers"),
        default=0,
        help_text=_("Volunteers who are not contact women in Jour, for example on the support line."),
    )
    other_volunteer_hours = models.PositiveIntegerField(
        _("their volunteer hours"), default=0, help_text=_("Hours outside the contact women's meetings.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = StaffOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("staffing of a year")
        verbose_name_plural = _("staffing per year")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(full_time_equivalents__gte=0), name="regulation_staffing_fte")
        ]

    def __str__(self) -> str:
        return str(self.year)
