"""The six registers behind the report, described once; the list/create/edit views are shared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import forms
from .models import CompetenceDevelopment, Deviation, Feedback, MediaFigure, OutreachActivity, PrintedFolder

# What an overdue lex Sarah step is called next to the entry.
OVERDUE_STEP_LABELS = {
    "risk_assessed": _("Risk assessment overdue"),
    "investigated": _("Investigation overdue"),
    "ivo": _("Report to IVO overdue"),
}


def deviation_warnings(entry: Deviation, today: dt.date) -> list[str]:
    return [str(OVERDUE_STEP_LABELS[step]) for step in entry.overdue(today)]


@dataclass(frozen=True)
class Register:
    slug: str
    model: type[models.Model]
    form: type
    title: str
    columns: tuple[str, ...]  # field names shown in the list; every register's pages are audited (jour/access)
    warnings: Callable[[models.Model, dt.date], list[str]] | None = None  # shown next to the row


REGISTERS: dict[str, Register] = {
    r.slug: r
    for r in [
        Register(
            "outreach",
            OutreachActivity,
            forms.OutreachActivityForm,
            _("Outreach and information activities"),
            ("date", "kind", "title", "audience", "participants"),
        ),
        Register(
            "media",
            MediaFigure,
            forms.MediaFigureForm,
            _("Social media and newsletter figures"),
            ("date", "channel", "followers", "issues_sent", "note"),
        ),
        Register(
            "folders",
            PrintedFolder,
            forms.PrintedFolderForm,
            _("Printed folders"),
            ("date", "language", "placed_at", "copies"),
        ),
        Register(
            "competence",
            CompetenceDevelopment,
            forms.CompetenceDevelopmentForm,
            _("Competence development"),
            (
                "date",
                "title",
                "provider",
                "hours",
                "staff_participants",
                "board_participants",
                "volunteer_participants",
            ),
        ),
        Register(
            "feedback",
            Feedback,
            forms.FeedbackForm,
            _("Feedback and complaints"),
            ("date", "kind", "summary", "closed"),
        ),
        Register(
            "deviations",
            Deviation,
            forms.DeviationForm,
            _("Deviations and lex Sarah reports"),
            ("date", "kind", "reporter", "decided_on", "serious", "reported_to_ivo", "ivo_reported_on"),
            warnings=deviation_warnings,
        ),
    ]
}


def cells(register: Register, obj: models.Model) -> list:
    """The list's cells for one row, choices shown by their label."""
    values = []
    for name in register.columns:
        field = obj._meta.get_field(name)
        if field.choices:
            values.append(getattr(obj, f"get_{name}_display")())
        else:
            values.append(getattr(obj, name))
    return values


def headers(register: Register) -> list[str]:
    return [register.model._meta.get_field(name).verbose_name for name in register.columns]
