from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jour.accounts.models import User
from jour.directory.forms import ShelterListingChoiceField
from jour.lib import plausible
from jour.lib.formtoken import OnceForm
from jour.lib.versioning import VersionedForm
from jour.shelter.models import Municipality

from .models import (
    MAX_DURATION_MINUTES,
    Outcome,
    RecurringContact,
    Residence,
    SupportContact,
    Topic,
    ViolenceType,
)
from .widgets import BootstrapBoundField

FUTURE_TOLERANCE = timedelta(minutes=5)
DEFAULTED_FIELDS = ("direction", "caller", "age_band", "social_services_contact", "children_affected")


NOT_ASKED = _("Not asked or unknown")


def place_choices() -> list[tuple[str, str]]:
    """Not asked, abroad, then the 290 municipalities: one list to pick from with the keyboard."""
    municipalities = list(Municipality.objects.order_by("name").values_list("code", "name"))
    return [
        (Residence.UNKNOWN.value, NOT_ASKED),
        (Residence.ABROAD.value, Residence.ABROAD.label),
        (_("Municipalities"), municipalities),
    ]


def place_initial(instance) -> str:
    if instance.residence == Residence.MUNICIPALITY:
        return instance.municipality_id or Residence.UNKNOWN
    return instance.residence


def split_place(value: str) -> tuple[str, str | None]:
    if value in (Residence.UNKNOWN, Residence.ABROAD):
        return value, None
    return Residence.MUNICIPALITY, value


def staff_users():
    return User.objects.working_here().order_by("first_name", "last_name", "username")


class LabelRowsIterator(ModelChoiceIterator):
    """The options from one values_list() query (field.label_rows): no model instance per option.

    For the selects of every staff member and every jour (hundreds of options on the fast entry form and
    the contact list), where building the instances cost more than rendering the options.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.field.label_rows(self.queryset)


class StaffChoiceField(forms.ModelChoiceField):
    iterator = LabelRowsIterator

    def label_from_instance(self, obj) -> str:
        return obj.display_name

    @staticmethod
    def label_rows(queryset):
        # As User.display_name: the full name, else the username.
        for pk, first_name, last_name, username in queryset.values_list("pk", "first_name", "last_name", "username"):
            yield pk, f"{first_name} {last_name}".strip() or username


class ReferralChoiceField(ShelterListingChoiceField):
    iterator = LabelRowsIterator

    @staticmethod
    def label_rows(queryset):
        # As ShelterListingChoiceField.label_from_instance: the jour and its municipality.
        for pk, name, municipality in queryset.values_list("pk", "name", "municipality__name"):
            yield pk, f"{name} ({municipality})"


class PlaceFormMixin:
    """Replaces the (residence, municipality) pair by one `place` select."""

    def _init_place(self) -> None:
        self.fields["place"].choices = place_choices()
        # A new record starts as "not asked", never as the shelter's own municipality: a default that
        # nobody changed would count a caller as living inside the municipality (questions 5–6).
        self.fields["place"].initial = place_initial(self.instance) if self.instance.pk else Residence.UNKNOWN

    def _apply_place(self, instance) -> None:
        residence, code = split_place(self.cleaned_data["place"])
        instance.residence = residence
        instance.municipality_id = code


PLACE_ERROR = _("Unknown municipality. Choose one of Sweden's municipalities, “Unknown” or “Abroad”.")


def place_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Municipality of residence"),
        choices=(),
        error_messages={"invalid_choice": PLACE_ERROR, "required": PLACE_ERROR},
    )


class SupportContactForm(VersionedForm, PlaceFormMixin, forms.ModelForm):
    """The fast entry form. Only time, channel and kind are required; everything else may wait."""

    bound_field_class = BootstrapBoundField
    place = place_field()
    recurring_code = forms.CharField(
        label=_("Recurring contact (code)"),
        required=False,
        max_length=20,
        help_text=_("Leave empty for an anonymous contact. Example: K-2026-0137."),
    )
    resident_case = forms.CharField(
        label=_("Resident (case number)"),
        required=False,
        max_length=20,
        help_text=_("Only when the contact is with a known resident of the protected housing. Example: B-2026-014."),
    )
    staff = StaffChoiceField(label=_("Staff member"), queryset=User.objects.none())
    referred_to_shelter = ReferralChoiceField()
    meeting_offered = forms.BooleanField(
        label=_("Offered a personal meeting"),
        required=False,
        help_text=_("Shortcut: Alt+M"),
        widget=forms.CheckboxInput(attrs={"data-shortcut": "KeyM"}),
    )
    # Range checked in clean_duration_minutes, with our own words.
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        required=False,
        widget=forms.NumberInput(attrs={"min": 0, "max": MAX_DURATION_MINUTES, "step": 1, "inputmode": "numeric"}),
    )

    class Meta:
        model = SupportContact
        fields = [
            "started_at",
            "channel",
            "kind",
            "duration_minutes",
            "direction",
            "caller",
            "age_band",
            "social_services_contact",
            "violence_types",
            "perpetrator_relation",
            "children_affected",
            "topics",
            "outcomes",
            "referred_to_shelter",
            "housing_requested",
            "housing_outcome",
            "interpreter_used",
            "interpreter_language",
            "note",
            "staff",
        ]
        widgets = {
            "started_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: User, default_channel: str = "", **kw):
        super().__init__(*args, **kw)
        self.user = user
        self.fields["started_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
        self.fields["staff"].queryset = staff_users()
        self.fields["kind"].widget.attrs["autofocus"] = True
        for name, choices in (("violence_types", ViolenceType), ("topics", Topic), ("outcomes", Outcome)):
            model_field = SupportContact._meta.get_field(name)
            self.fields[name] = forms.MultipleChoiceField(
                label=model_field.verbose_name,
                choices=choices.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        # Answers with a default ("unknown", "incoming") may be left empty: the default is kept.
        for name in DEFAULTED_FIELDS:
            self.fields[name].required = False
        self._init_place()
        # "Offered a personal meeting" is its own box in the fast part of the form (question 5 counts it);
        # the outcome boxes further down keep the rest.
        self.fields["outcomes"].choices = [c for c in Outcome.choices if c[0] != Outcome.MEETING_OFFERED]
        if self.instance.pk:
            self.fields["meeting_offered"].initial = Outcome.MEETING_OFFERED in self.instance.outcomes
        if not self.instance.pk:
            self.fields["started_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
            self.fields["staff"].initial = user.pk
            if default_channel:
                self.fields["channel"].initial = default_channel
        else:
            if self.instance.recurring_contact_id:
                self.fields["recurring_code"].initial = self.instance.recurring_contact.code
            if self.instance.resident_id:
                self.fields["resident_case"].initial = self.instance.resident.case_number

    # Field order: the required three first, then the rest of a typical call.
    field_order = [
        "started_at",
        "channel",
        "kind",
        "duration_minutes",
        "meeting_offered",
        "direction",
        "caller",
        "age_band",
        "place",
        "recurring_code",
        "resident_case",
    ]

    def clean_started_at(self):
        value = self.cleaned_data["started_at"]
        if value and value > timezone.now() + FUTURE_TOLERANCE:
            raise forms.ValidationError(_("The time cannot be more than 5 minutes in the future."))
        return value

    def clean_duration_minutes(self):
        value = self.cleaned_data.get("duration_minutes")
        if value is not None and value < 0:
            raise forms.ValidationError(_("The duration cannot be negative."))
        if value is not None and value > MAX_DURATION_MINUTES:
            raise forms.ValidationError(_("The duration cannot be more than 8 hours (480 minutes)."))
        return value

    def clean_recurring_code(self):
        code = self.cleaned_data["recurring_code"].strip().upper()
        if not code:
            self.recurring_contact = None
            return ""
        if not code.startswith("K-"):
            code = "K-" + code
        found = RecurringContact.objects.for_user(self.user).filter(code=code).first()
        if found is None:
            raise forms.ValidationError(_("There is no recurring contact with this code."))
        self.recurring_contact = found
        return code

    def clean_resident_case(self):
        from residents.models import Resident

        case_number = self.cleaned_data["resident_case"].strip().upper()
        self.resident = None
        if not case_number:
            return ""
        self.resident = Resident.objects.for_user(self.user).filter(case_number=case_number).first()
        if self.resident is None:
            raise forms.ValidationError(_("There is no resident with this case number."))
        return case_number

    def clean(self):
        cleaned = super().clean()
        for name in DEFAULTED_FIELDS:
            if name in cleaned and not cleaned[name]:
                cleaned[name] = SupportContact._meta.get_field(name).default
        if cleaned.get("recurring_code") and cleaned.get("resident_case"):
            self.add_error(
                "resident_case", _("Attach the contact to a recurring contact or to a resident, not to both.")
            )
            self.resident = None
        outcomes = [o for o in cleaned.get("outcomes", []) if o != Outcome.MEETING_OFFERED]
        cleaned["outcomes"] = [Outcome.MEETING_OFFERED, *outcomes] if cleaned.get("meeting_offered") else outcomes
        if cleaned.get("referred_to_shelter") and Outcome.OTHER_JOUR not in cleaned.get("outcomes", []):
            # Naming the jour is the referral: the outcome follows (and counts in the statistics).
            cleaned["outcomes"] = [*cleaned.get("outcomes", []), Outcome.OTHER_JOUR]
        if cleaned.get("housing_outcome") and not cleaned.get("housing_requested"):
            self.add_error("housing_outcome", _("Tick “asked for protected housing” to record an answer."))
        return cleaned

    def _post_clean(self):
        # Before the model's own validation, which checks the residence constraint.
        if "place" in self.cleaned_data:
            self._apply_place(self.instance)
        if hasattr(self, "recurring_contact"):
            self.instance.recurring_contact = self.recurring_contact
        if hasattr(self, "resident"):
            self.instance.resident = self.resident
        super()._post_clean()


class RecurringContactForm(OnceForm, PlaceFormMixin, forms.ModelForm):
    place = place_field()
    first_contact_on = plausible.DateField(
        label=_("Date of her first contact"),
        required=False,
        help_text=_("The code is numbered by this year (today when left empty)."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = RecurringContact
        fields = ["pseudonym", "age_band"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_place()
        self.fields["first_contact_on"].initial = timezone.localdate()

    def clean_first_contact_on(self):
        value = self.cleaned_data["first_contact_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The first contact cannot be in the future."))
        return value

    def _post_clean(self):
        if "place" in self.cleaned_data:
            self._apply_place(self.instance)
        if self.cleaned_data.get("first_contact_on") and not self.instance.code:
            self.instance.year = self.cleaned_data["first_contact_on"].year
        super()._post_clean()


class PeriodForm(forms.Form):
    """The statistics period; the default is this calendar year."""

    bound_field_class = BootstrapBoundField

    start = plausible.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = plausible.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date must not be before the start date."))
        if start and end and (end - start).days > 366 * 20:
            self.add_error("end", _("Choose a period of at most 20 years."))
        return cleaned

    @staticmethod
    def this_year() -> tuple[date, date]:
        today = timezone.localdate()
        return date(today.year, 1, 1), date(today.year, 12, 31)
