"""The six registers behind the report, described once; the list/create/edit views are shared."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import forms
from .models import CompetenceDevelopment, Deviation, Feedback, MediaFigure, OutreachActivity, PrintedFolder


@dataclass(frozen=True)
class Register:
    slug: str
    model: type[models.Model]
    form: type
    title: str
    columns: tuple[str, ...]  # field names shown in the list; every register's pages are audited (jour/access)


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
            ("date", "kind", "reporter", "reported_to_ivo", "ivo_reported_on"),
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
