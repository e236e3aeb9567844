from __future__ import annotations

import datetime as dt

from django import forms
from django.forms import modelformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jour.lib import plausible
from jour.lib.formsets import CheckedModelFormSet
from jour.lib.versioning import VersionedForm
from jour.shelter.models import Municipality

from .models import (
    CompetenceDevelopment,
    Deviation,
    Feedback,
    FollowUpReport,
    MediaFigure,
    OutreachActivity,
    PrintedFolder,
    ReportQuestion,
)

MAX_YEARS_SIDE_BY_SIDE = 6


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ReportForm(VersionedForm, forms.ModelForm):
    confirm_new_version = forms.BooleanField(
        label=_("Create it anyway, as a new version"),
        required=False,
        help_text=_("Only needed when a report for the same municipality and period already exists."),
    )

    class Meta:
        model = FollowUpReport
        fields = [
            "municipality",
            "period_start",
            "period_end",
            "years_side_by_side",
            "due_date",
            "suppress_small_counts",
        ]
        widgets = {"period_start": DateInput(), "period_end": DateInput(), "due_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")
        self.fields["years_side_by_side"].min_value = 1
        self.fields["years_side_by_side"].max_value = MAX_YEARS_SIDE_BY_SIDE
        self.fields["years_side_by_side"].widget.attrs.update(min=1, max=MAX_YEARS_SIDE_BY_SIDE)
        if self.instance.pk:
            del self.fields["confirm_new_version"]

    def clean_years_side_by_side(self) -> int:
        value = self.cleaned_data["years_side_by_side"]
        if not 1 <= value <= MAX_YEARS_SIDE_BY_SIDE:
            raise forms.ValidationError(
                _("Choose between 1 and %(max)s years."), params={"max": MAX_YEARS_SIDE_BY_SIDE}, code="range"
            )
        return value

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        municipality = cleaned.get("municipality")
        if self.instance.pk is None and municipality and start and end and end >= start:
            existing = FollowUpReport.objects.filter(municipality=municipality, period_start=start, period_end=end)
            if existing.exists() and not cleaned.get("confirm_new_version"):
                self.add_error(
                    "confirm_new_version",
                    _(
                        "A report to %(municipality)s for this period already exists. Tick the box to create "
                        "a new version of it."
                    )
                    % {"municipality": municipality.name},
                )
        return cleaned

    @staticmethod
    def initial_for_new(*, municipality_code: str | None, today: dt.date | None = None) -> dict:
        """Last calendar year, addressed to the shelter's own municipality."""
        year = (today or timezone.localdate()).year - 1
        return {
            "municipality": municipality_code,
            "period_start": dt.date(year, 1, 1),
            "period_end": dt.date(year, 12, 31),
            "years_side_by_side": 3,
            "suppress_small_counts": True,
        }


class QuestionForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = ReportQuestion
        fields = ["position", "text", "data_block"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


QuestionFormSet = modelformset_factory(
    ReportQuestion, form=QuestionForm, formset=CheckedModelFormSet, extra=1, can_delete=True
)


class AnswerForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = ReportQuestion
        fields = ["answer"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].label = f"{self.instance.position}. {self.instance.text}"


# Answers only: a report's questions are added on the questions page, never through its answers.
AnswerFormSet = modelformset_factory(
    ReportQuestion, form=AnswerForm, formset=CheckedModelFormSet, extra=0, edit_only=True
)


# Registers -------------------------------------------------------------------------------------


def _register_form(model_class, field_names: list[str]) -> type[forms.ModelForm]:
    meta = type(
        "Meta",
        (),
        {
            "model": model_class,
            "fields": field_names,
            "widgets": {
                "date": DateInput(),
                "ivo_reported_on": DateInput(),
                "received_on": DateInput(),
                "risk_assessed_on": DateInput(),
                "investigated_on": DateInput(),
                "decided_on": DateInput(),
                "summary": forms.Textarea(attrs={"rows": 3}),
                "action": forms.Textarea(attrs={"rows": 3}),
                "what_happened": forms.Textarea(attrs={"rows": 3}),
                "causes": forms.Textarea(attrs={"rows": 3}),
                "measures": forms.Textarea(attrs={"rows": 3}),
                "decision": forms.Textarea(attrs={"rows": 3}),
            },
        },
    )
    return type(f"{model_class.__name__}Form", (VersionedForm, forms.ModelForm), {"Meta": meta})


OutreachActivityForm = _register_form(OutreachActivity, ["date", "kind", "title", "audience", "participants"])
MediaFigureForm = _register_form(MediaFigure, ["date", "channel", "followers", "issues_sent", "note"])
PrintedFolderForm = _register_form(PrintedFolder, ["date", "language", "placed_at", "copies"])
CompetenceDevelopmentForm = _register_form(
    CompetenceDevelopment,
    ["date", "title", "provider", "hours", "staff_participants", "board_participants", "volunteer_participants"],
)
FeedbackForm = _register_form(Feedback, ["date", "kind", "summary", "action", "closed"])
DeviationForm = _register_form(
    Deviation,
    [
        "date",
        "kind",
        "reporter",
        "what_happened",
        "causes",
        "measures",
        "decision",
        "received_on",
        "risk_assessed_on",
        "investigated_on",
        "decided_on",
        "serious",
        "reported_to_ivo",
        "ivo_reported_on",
    ],
)


class RegisterFilterForm(forms.Form):
    date_from = plausible.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = plausible.DateField(label=_("To"), required=False, widget=DateInput())
