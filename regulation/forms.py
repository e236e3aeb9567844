"""Forms validate and never write: the views save through the model or regulation.services."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jour.accounts.models import Role, User
from jour.directory.models import ShelterListing
from jour.lib import plausible
from jour.lib.formtoken import OnceForm
from jour.lib.versioning import VersionedForm
from jour.shelter.models import Municipality
from jour.shelter.vocabulary import Competence
from residents.models import Room, Stay

from .models import (
    ChildPlacement,
    ChildPlan,
    ChildView,
    Consent,
    LegalBasis,
    OtherGuardian,
    Permit,
    PermitChange,
    PlacementRequest,
    Premises,
    RequestOutcome,
    Routine,
    Schooling,
    StaffingYear,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _not_in_future(value: dt.date | None, message=None) -> None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(message or _("The date cannot be in the future."))


# Permit and places -------------------------------------------------------------------------------


class PermitForm(forms.ModelForm):
    class Meta:
        model = Permit
        fields = ["ivo_reference", "applied_on", "decided_on", "manager_name", "manager_since", "children_take_places"]
        widgets = {"applied_on": DateInput(), "decided_on": DateInput(), "manager_since": DateInput()}

    def clean(self):
        cleaned = super().clean()
        for name in ("applied_on", "decided_on"):
            try:
                _not_in_future(cleaned.get(name))
            except forms.ValidationError as error:
                self.add_error(name, error)
        applied, decided = cleaned.get("applied_on"), cleaned.get("decided_on")
        if applied and decided and decided < applied:
            self.add_error("decided_on", _("IVO cannot have decided before the application."))
        return cleaned


class PremisesForm(forms.ModelForm):
    rooms = forms.ModelMultipleChoiceField(
        label=_("rooms"), queryset=Room.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Premises
        fields = ["name", "places"]
        help_texts = {"places": _("The number of places the permit gives this premises.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Rooms in use that belong to no other premises.
        free = Q(premises_link__isnull=True)
        if self.instance.pk:
            free |= Q(premises_link__premises=self.instance)
            self.fields["rooms"].initial = list(self.instance.rooms.values_list("pk", flat=True))
        self.fields["rooms"].queryset = Room.objects.filter(free, is_active=True).order_by("name")
        self.fields["rooms"].label_from_instance = lambda room: (
            _("%(name)s, %(beds)s beds")
            % {
                "name": room.name,
                "beds": room.beds,
            }
        )

    def clean_places(self):
        places = self.cleaned_data["places"]
        if places < 1:
            raise forms.ValidationError(_("A premises has at least one place."))
        return places


class PermitChangeForm(forms.ModelForm):
    class Meta:
        model = PermitChange
        fields = ["temporary", "application_sent_on", "ivo_decided_on"]
        widgets = {"application_sent_on": DateInput(), "ivo_decided_on": DateInput()}

    def clean(self):
        cleaned = super().clean()
        for name in ("application_sent_on", "ivo_decided_on"):
            try:
                _not_in_future(cleaned.get(name))
            except forms.ValidationError as error:
                self.add_error(name, error)
        sent, decided = cleaned.get("application_sent_on"), cleaned.get("ivo_decided_on")
        if decided and not sent and not cleaned.get("temporary"):
            self.add_error("application_sent_on", _("Give the date the application was sent."))
        if sent and decided and decided < sent:
            self.add_error("ivo_decided_on", _("IVO cannot have decided before the application."))
        return cleaned


# Children --------------------------------------------------------------------------------------


class ChildPlacementForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = ChildPlacement
        fields = [
            "legal_basis",
            "deciding_municipality",
            "committee",
            "decision_date",
            "accompanying_guardian_consent",
            "other_guardian",
            "other_guardian_consent",
            "other_guardian_is_fled",
            "schooling",
            "schooling_note",
            "health_exam_offered_on",
            "health_exam_done_on",
        ]
        widgets = {
            "decision_date": DateInput(),
            "health_exam_offered_on": DateInput(),
            "health_exam_done_on": DateInput(),
            "schooling_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deciding_municipality"].queryset = Municipality.objects.order_by("name")

    def clean(self):
        cleaned = super().clean()
        for name in ("decision_date", "health_exam_offered_on", "health_exam_done_on"):
            try:
                _not_in_future(cleaned.get(name))
            except forms.ValidationError as error:
                self.add_error(name, error)
        basis = cleaned.get("legal_basis")
        decided = basis and basis != LegalBasis.NO_DECISION
        if decided and not cleaned.get("deciding_municipality") and not self.has_error("deciding_municipality"):
            self.add_error("deciding_municipality", _("Give the municipality that decided."))
        if decided and not cleaned.get("decision_date") and not self.has_error("decision_date"):
            self.add_error("decision_date", _("Give the date of the decision."))
        other, other_consent = cleaned.get("other_guardian"), cleaned.get("other_guardian_consent")
        if basis == LegalBasis.SOL_CONSENT and other != OtherGuardian.NONE and other_consent == Consent.REFUSED:
            self.add_error(
                "legal_basis",
                _(
                    "Without the other guardian's consent the placement is decided under Lag (2024:79), "
                    "not with consent."
                ),
            )
        if basis == LegalBasis.SOL_CONSENT and cleaned.get("accompanying_guardian_consent") == Consent.REFUSED:
            self.add_error(
                "accompanying_guardian_consent", _("A placement with consent needs this guardian's consent.")
            )
        if other == OtherGuardian.NONE and (
            other_consent not in (Consent.UNKNOWN, None) or cleaned.get("other_guardian_is_fled")
        ):
            self.add_error("other_guardian", _("With no other guardian there is no consent or role to record."))
        schooling, note = cleaned.get("schooling"), (cleaned.get("schooling_note") or "").strip()
        if schooling == Schooling.NONE and not note:
            self.add_error("schooling_note", _("Say why the child has no schooling."))
        if schooling != Schooling.NONE and note:
            self.add_error("schooling_note", _("Only write this when the child has no schooling."))
        offered, done = cleaned.get("health_exam_offered_on"), cleaned.get("health_exam_done_on")
        if done and not offered:
            self.add_error("health_exam_offered_on", _("A health examination that was done was offered first."))
        if offered and done and done < offered:
            self.add_error("health_exam_done_on", _("It cannot have been done before it was offered."))
        cleaned["schooling_note"] = note
        return cleaned


class ChildPlanForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = ChildPlan
        fields = ["goals", "activities", "next_follow_up_on"]
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 4}),
            "activities": forms.Textarea(attrs={"rows": 4}),
            "next_follow_up_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A plan without goals is no plan: the child's stay stays flagged, and the figures must not count it.
        self.fields["goals"].required = True
        self.fields["goals"].error_messages["required"] = _("Write at least the goals of the plan.")


class ChildViewForm(OnceForm, forms.ModelForm):
    class Meta:
        model = ChildView
        fields = ["recorded_on", "obtained_by", "text"]
        widgets = {"recorded_on": DateInput(), "text": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "text": _("Write what the child said or showed, as close to her or his own words as you can."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["recorded_on"].initial = timezone.localdate()

    def clean_recorded_on(self):
        day = self.cleaned_data["recorded_on"]
        _not_in_future(day)
        return day

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write the child's views."))
        return text


# Placement requests ------------------------------------------------------------------------------


class PlacementRequestForm(VersionedForm, forms.ModelForm):
    needs = forms.MultipleChoiceField(
        label=_("needs"), choices=Competence.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = PlacementRequest
        fields = [
            "received_at",
            "source",
            "municipality",
            "adults",
            "children",
            "needs",
            "outcome",
            "turned_away_reason",
            "referred_to",
            "answered_at",
            "stay",
        ]
        widgets = {"received_at": DateTimeInput(), "answered_at": DateTimeInput()}
        help_texts = {"stay": _("When she is admitted: her stay.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")
        self.fields["referred_to"].queryset = ShelterListing.objects.order_by("name")
        # Recent stays not yet linked to another request; the list shows case numbers only.
        recent = Q(discharge__isnull=True) | Q(intake__gte=timezone.localdate() - dt.timedelta(days=400))
        unlinked = Q(placement_request__isnull=True) | Q(placement_request=self.instance.pk or 0)
        stays = Stay.objects.filter(recent, unlinked).select_related("resident").order_by("-intake", "-id")
        self.fields["stay"].queryset = stays
        self.fields["stay"].label_from_instance = lambda stay: f"{stay.resident.case_number} {stay.intake:%Y-%m-%d}"
        for name in ("received_at", "answered_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if not self.instance.pk:
            self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def clean(self):
        cleaned = super().clean()
        now = timezone.now()
        received, answered = cleaned.get("received_at"), cleaned.get("answered_at")
        outcome = cleaned.get("outcome")
        if received and received > now:
            self.add_error("received_at", _("The time cannot be in the future."))
        if answered and answered > now:
            self.add_error("answered_at", _("The time cannot be in the future."))
        if received and answered and answered < received:
            self.add_error("answered_at", _("The answer cannot come before the request."))
        if outcome and outcome != RequestOutcome.PENDING and not answered:
            self.add_error("answered_at", _("Give the time she or the social services got the answer."))
        if outcome == RequestOutcome.PENDING and answered:
            self.add_error("outcome", _("A request with an answer is not pending: choose the outcome."))
        reason = cleaned.get("turned_away_reason")
        if outcome == RequestOutcome.TURNED_AWAY and not reason:
            self.add_error("turned_away_reason", _("Give the reason for turning the request away."))
        if outcome != RequestOutcome.TURNED_AWAY and reason:
            self.add_error("turned_away_reason", _("A reason is given only when the request is turned away."))
        if cleaned.get("referred_to") and outcome != RequestOutcome.REFERRED:
            self.add_error("referred_to", _("A jour is chosen only when the request is referred on."))
        if cleaned.get("stay") and outcome != RequestOutcome.ADMITTED:
            self.add_error("stay", _("A stay is linked only when she is admitted."))
        if (cleaned.get("adults") or 0) + (cleaned.get("children") or 0) < 1:
            self.add_error("adults", _("A request is for at least one person."))
        return cleaned


class RequestFilterForm(forms.Form):
    date_from = plausible.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = plausible.DateField(label=_("To"), required=False, widget=DateInput())
    outcome = forms.ChoiceField(
        label=_("outcome"), required=False, choices=[("", _("All"))] + list(RequestOutcome.choices)
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end must not be before the start."))
        return cleaned


# Quality work --------------------------------------------------------------------------------


class RoutineForm(forms.ModelForm):
    class Meta:
        model = Routine
        fields = [
            "title",
            "owner",
            "adopted_on",
            "review_every_months",
            "last_reviewed_on",
            "next_review_on",
            "kept_at",
            "is_active",
        ]
        widgets = {"adopted_on": DateInput(), "last_reviewed_on": DateInput(), "next_review_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(
            is_active=True, role__in=[Role.STAFF, Role.COORDINATOR]
        ).order_by("first_name", "last_name")
        self.fields["owner"].label_from_instance = lambda user: user.display_name

    def clean(self):
        cleaned = super().clean()
        for name in ("adopted_on", "last_reviewed_on"):
            try:
                _not_in_future(cleaned.get(name))
            except forms.ValidationError as error:
                self.add_error(name, error)
        adopted, reviewed = cleaned.get("adopted_on"), cleaned.get("last_reviewed_on")
        if adopted and reviewed and reviewed < adopted:
            self.add_error("last_reviewed_on", _("A routine is reviewed after it was adopted."))
        next_review = cleaned.get("next_review_on")
        if adopted and next_review and next_review <= adopted:
            self.add_error("next_review_on", _("The next review comes after the adoption."))
        return cleaned


class StaffingYearForm(forms.ModelForm):
    class Meta:
        model = StaffingYear
        fields = ["employees", "full_time_equivalents", "other_volunteers", "other_volunteer_hours"]

    def clean(self):
        cleaned = super().clean()
        employees, fte = cleaned.get("employees"), cleaned.get("full_time_equivalents")
        if employees is not None and fte is not None and fte > employees:
            self.add_error("full_time_equivalents", _("More full-time equivalents than employees is not possible."))
        return cleaned


class YearForm(forms.Form):
    year = forms.IntegerField(
        label=_("year"), min_value=2000, max_value=2100, widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    suppress = forms.BooleanField(label=_("show counts below 3 as “<3”"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("The year cannot be in the future."))
        return year
