"""Forms for plans and the support around them. They validate; views save."""

from __future__ import annotations

import re

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jour.lib import plausible
from jour.lib.formtoken import OnceForm
from jour.lib.versioning import VersionedForm
from residents.disclosure import Audience, woman_shown
from residents.models import Resident, resident_fields_besides

from .models import (
    Activity,
    Answer,
    Goal,
    HouseMeeting,
    ImplementationPlan,
    MeetingTopic,
    OrientationStatus,
    OrientationTopic,
    PlanFollowUp,
    SafetyPlan,
    SelfAssessment,
    SupportEntry,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _not_in_future(form: forms.Form, field: str) -> None:
    value = form.cleaned_data.get(field)
    if value and value > timezone.localdate():
        form.add_error(field, _("The date cannot be in the future."))


# A street name with a number: "Storgatan 12", "Ringvägen 3". Emergency contacts are roles, never addresses.
ADDRESS_PATTERN = re.compile(
    r"[a-zåäöé]+(gatan|gata|vägen|väg|gränd|torget|torg|stigen|allén|backen|plan)\s+\d+", re.IGNORECASE
)


class PlanForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = ImplementationPlan
        fields = ["next_follow_up_on"]
        widgets = {"next_follow_up_on": DateInput()}


class GoalForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["area", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"text": _("Write the goal as she says it.")}

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write the goal."))
        return text


class ActivityForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["what", "who", "who_detail", "when", "how", "status", "follow_up_on"]
        widgets = {"when": DateInput(), "follow_up_on": DateInput(), "how": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        when, follow_up_on = cleaned.get("when"), cleaned.get("follow_up_on")
        if when and follow_up_on and follow_up_on < when:
            self.add_error("follow_up_on", _("The follow-up cannot be before the activity."))
        return cleaned


class PlanFollowUpForm(OnceForm, forms.ModelForm):
    next_follow_up_on = plausible.DateField(
        label=_("next follow-up"), required=False, widget=DateInput(), kind=plausible.DateKind.PLAN
    )

    class Meta:
        model = PlanFollowUp
        fields = ["held_on", "note", "she_took_part", "she_agreed"]
        widgets = {"held_on": DateInput(), "note": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        held_on, next_on = cleaned.get("held_on"), cleaned.get("next_follow_up_on")
        if held_on and next_on and next_on <= held_on:
            self.add_error("next_follow_up_on", _("The next follow-up must be after this one."))
        _not_in_future(self, "held_on")
        return cleaned


class SupportEntryForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = SupportEntry
        fields = ["kind", "authority", "purpose", "on", "staff_member", "duration_minutes", "outcome"]
        widgets = {"on": DateInput(), "outcome": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff_member"].label_from_instance = lambda user: user.display_name

    def clean(self):
        cleaned = super().clean()
        _not_in_future(self, "on")
        return cleaned


class OrientationForm(forms.Form):
    """One status and date per topic; the date defaults to today when the status changes."""

    def __init__(self, *args, topics, progress: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.topics = list(topics)
        self.progress = progress
        for topic in self.topics:
            current = progress.get(topic.pk)
            self.fields[f"status_{topic.pk}"] = forms.ChoiceField(
                label=topic.name,
                choices=OrientationStatus.choices,
                initial=current.status if current else OrientationStatus.NOT_STARTED,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"on_{topic.pk}"] = plausible.DateField(
                label=_("date"),
                required=False,
                widget=DateInput(attrs={"class": "form-control", "aria-label": f"{_('date')}: {topic.name}"}),
                initial=current.on if current else None,
            )

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for topic in self.topics:
            on_field = f"on_{topic.pk}"
            on = cleaned.get(on_field)
            if on and on > today:
                self.add_error(on_field, _("The date cannot be in the future."))
        return cleaned

    def rows(self):
        """(topic, status bound field, date bound field) for the template."""
        return [(topic, self[f"status_{topic.pk}"], self[f"on_{topic.pk}"]) for topic in self.topics]

    def changes(self) -> list[tuple[OrientationTopic, str, object]]:
        """(topic, status, date) for the topics whose status or date changed."""
        today = timezone.localdate()
        changed = []
        for topic in self.topics:
            status = self.cleaned_data[f"status_{topic.pk}"]
            on = self.cleaned_data.get(f"on_{topic.pk}")
            current = self.progress.get(topic.pk)
            if current is None and status == OrientationStatus.NOT_STARTED:
                continue
            if current is not None and current.status == status and (on is None or on == current.on):
                continue
            if on is None or (current is not None and current.status != status and on == current.on):
                on = today
            changed.append((topic, status, on))
        return changed


class OrientationTopicForm(forms.ModelForm):
    class Meta:
        model = OrientationTopic
        fields = ["name", "position", "is_active"]


class SafetyPlanForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = SafetyPlan
        fields = [
            "risk_assessed_on",
            "risk_assessed_by",
            "risk_tool",
            "measures",
            "code_words",
            "emergency_contacts",
            "location_services_checked",
            "social_media_checked",
            "shared_accounts_checked",
            "car_gps_checked",
            "new_sim_considered",
            "bankid_reviewed",
            "digital_checked_on",
            "digital_checked_by",
            "review_on",
        ]
        widgets = {
            "risk_assessed_on": DateInput(),
            "digital_checked_on": DateInput(),
            "review_on": DateInput(),
            "measures": forms.Textarea(attrs={"rows": 4}),
            "code_words": forms.Textarea(attrs={"rows": 2}),
            "emergency_contacts": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["digital_checked_by"].label_from_instance = lambda user: user.display_name

    def clean_emergency_contacts(self):
        text = self.cleaned_data["emergency_contacts"]
        if ADDRESS_PATTERN.search(text or ""):
            raise forms.ValidationError(_("Write roles, not addresses."))
        return text

    def clean(self):
        cleaned = super().clean()
        _not_in_future(self, "risk_assessed_on")
        _not_in_future(self, "digital_checked_on")
        if cleaned.get("risk_assessed_on") and not cleaned.get("risk_assessed_by"):
            self.add_error("risk_assessed_by", _("Say who did the risk assessment."))
        ticked = any(cleaned.get(name) for name in SafetyPlanForm.checklist_fields())
        if ticked and not cleaned.get("digital_checked_on"):
            self.add_error("digital_checked_on", _("Give the date of the digital safety check."))
        if ticked and not cleaned.get("digital_checked_by"):
            self.add_error("digital_checked_by", _("Say who went through the digital safety check."))
        return cleaned

    @staticmethod
    def checklist_fields() -> list[str]:
        from .models import DIGITAL_CHECKLIST

        return [name for name, _label in DIGITAL_CHECKLIST]


class SelfAssessmentForm(OnceForm, forms.ModelForm):
    class Meta:
        model = SelfAssessment
        fields = ["occasion", "answered_on", "entry_mode"] + [f"item_{n}" for n in range(1, 11)]
        widgets = {"answered_on": DateInput()} | {
            f"item_{n}": forms.RadioSelect(choices=Answer.choices) for n in range(1, 11)
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, 11):
            field = self.fields[f"item_{n}"]
            field.choices = list(Answer.choices)  # no empty "---------" choice among the radios
            field.label = f"{n}. {field.label}"
            field.error_messages["required"] = _("Choose one answer.")

    def clean(self):
        cleaned = super().clean()
        _not_in_future(self, "answered_on")
        return cleaned


class HouseMeetingForm(VersionedForm, forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("topics"), choices=MeetingTopic.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = HouseMeeting
        fields = ["held_on", "topics", "other_topics", "attendees", "minutes"]
        widgets = {
            "held_on": DateInput(),
            "attendees": forms.CheckboxSelectMultiple,
            "minutes": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, residents, **kwargs):
        super().__init__(*args, **kwargs)
        attendees = self.fields["attendees"]
        attendees.queryset = residents
        attendees.label_from_instance = lambda resident: woman_shown(resident, Audience.STAFF_LIST)
        attendees.iterator = ByLabelChoiceIterator

    def clean(self):
        cleaned = super().clean()
        _not_in_future(self, "held_on")
        if not cleaned.get("topics") and not (cleaned.get("other_topics") or "").strip():
            self.add_error("topics", _("Choose a topic or write one under other topics."))
        return cleaned


class ByLabelChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices in alphabetical order of their labels: names are encrypted, so SQL cannot sort them."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from sorted((self.choice(obj) for obj in self.queryset), key=lambda choice: str(choice[1]).casefold())


def current_residents_for_meeting(user, meeting: HouseMeeting | None = None):
    """Residents who live in the house now, plus those already recorded as present at this meeting."""
    residents = Resident.objects.for_user(user).with_current()
    if meeting is not None and meeting.pk:
        residents = residents.filter(Q(is_current=True) | Q(pk__in=meeting.attendees.values("pk")))
    else:
        residents = residents.filter(is_current=True)
    # The form sorts them by name (encrypted: not in SQL) and shows list_name only.
    return residents.defer(*resident_fields_besides("")).order_by("pk")
