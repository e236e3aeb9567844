"""Forms validate and never write: views call form.save() or the services."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jour.accounts.models import User
from jour.lib import plausible
from jour.lib.versioning import VersionedForm
from jour.shelter.models import Municipality

from .choices import LANGUAGE_CHOICES, DischargeDestination, RevealReason
from .models import Child, JournalEntry, Resident, Room, Stay
from .validators import birth_year_from_personnummer, normalise_personnummer


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _staff_users():
    return User.objects.working_here()


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("First name or case number"),
        required=False,
        max_length=50,
        help_text=_("Her whole first name (names are encrypted: no part of one), or the case number or part of it."),
    )


class ResidentForm(VersionedForm, forms.ModelForm):
    """Her record. Without the right to see her identity, surname, personnummer, protection level and
    contact persons are not in the form."""

    languages = forms.MultipleChoiceField(
        label=_("languages"), choices=LANGUAGE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Resident
        fields = [
            "first_name",
            "last_name",
            "personnummer",
            "birth_year",
            "protection_level",
            "alias",
            "languages",
            "needs_interpreter",
            "country_of_birth",
            "years_in_sweden",
            "education_level",
            "contact_persons",
            "wishes",
            "dreams",
            "interests",
            "education_notes",
        ]
        widgets = {
            "contact_persons": forms.CheckboxSelectMultiple,
            "wishes": forms.Textarea(attrs={"rows": 3}),
            "dreams": forms.Textarea(attrs={"rows": 3}),
            "interests": forms.Textarea(attrs={"rows": 3}),
            "education_notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "personnummer": _("YYYYMMDD-NNNN. Leave empty if she has none; then give her birth year."),
        }

    def __init__(self, *args, show_identity: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_identity:
            # Nor may she grant herself access by lowering the protection or naming herself contact person.
            for name in ("last_name", "personnummer", "protection_level", "contact_persons"):
                del self.fields[name]
        if "contact_persons" in self.fields:
            self.fields["contact_persons"].queryset = _staff_users()
        self.fields["birth_year"].widget.attrs.update(min=1900, max=timezone.localdate().year)

    def clean_personnummer(self) -> str:
        value = self.cleaned_data.get("personnummer", "")
        return normalise_personnummer(value) if value else ""

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is not None and not (1900 <= year <= timezone.localdate().year):
            raise forms.ValidationError(_("Enter a birth year between 1900 and this year."))
        return year

    def clean(self):
        cleaned = super().clean()
        personnummer = cleaned.get("personnummer")
        if personnummer:
            cleaned["birth_year"] = birth_year_from_personnummer(personnummer)
        has_number = personnummer if "personnummer" in self.fields else self.instance.personnummer
        if not has_number and not cleaned.get("birth_year") and not self.has_error("birth_year"):
            if not self.has_error("personnummer"):
                self.add_error("birth_year", _("Give her birth year when she has no personal identity number."))
        return cleaned


class ChildForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Child
        fields = ["first_name", "birth_year", "protection_level", "designated_staff"]

    def __init__(self, *args, may_change_protection: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["designated_staff"].queryset = _staff_users()
        if not may_change_protection:
            # As for the mother: only those who may see her identity change it (Child.may_change_protection),
            # nor may they make themselves the child's designated staff member to get that right.
            for name in ("protection_level", "designated_staff"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Only the coordinator and the mother's contact persons change this.")

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        this_year = timezone.localdate().year
        if year is not None and not (this_year - 25 <= year <= this_year):
            raise forms.ValidationError(_("Enter the child's birth year (at most 25 years back)."))
        return year


# absolute_max: however many forms a tampered page claims, no more than eight are built.
ChildFormSet = forms.formset_factory(ChildForm, extra=4, max_num=8, validate_max=True, absolute_max=8)

UNKNOWN = "unknown"
PLACEMENT_CHOICES = [
    ("yes", pgettext_lazy("answer", "Yes")),
    ("no", pgettext_lazy("answer", "No")),
    (UNKNOWN, pgettext_lazy("answer", "Unknown")),
]
PLACEMENT_VALUES = {"yes": True, "no": False, UNKNOWN: None}


class PlacementField(forms.TypedChoiceField):
    """Placed by social services: yes, no or an explicit "unknown" (None). Nothing is ticked in advance.

    A default would decide question 7 of the follow-up for whoever did not look: the answer is required.
    """

    def __init__(self, **kwargs):
        super().__init__(
            choices=PLACEMENT_CHOICES,
            coerce=PLACEMENT_VALUES.get,
            empty_value="",
            widget=forms.RadioSelect,
            error_messages={"required": _("Answer yes, no or unknown.")},
            **kwargs,
        )

    def prepare_value(self, value):
        if value in ("yes", "no", UNKNOWN):
            return value
        return {True: "yes", False: "no", None: ""}.get(value, "")

    def validate(self, value):
        # None (unknown) is an answer here, not an empty field.
        if value == self.empty_value and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")


class _UnknownSecond(BaseChoiceIterator):
    """The model's choices with "Unknown" right after the empty choice, still read lazily at render time."""

    def __init__(self, choices):
        self.choices = choices

    def __iter__(self):
        choices = iter(self.choices)
        yield next(choices)
        yield (UNKNOWN, pgettext_lazy("municipality", "Unknown"))
        yield from choices

    def __len__(self):
        return len(self.choices) + 1


class HomeMunicipalityField(forms.ModelChoiceField):
    """The municipality she lived in before, or an explicit "unknown" (stored as no municipality)."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Municipality.objects.order_by("name"),
            empty_label="---------",
            error_messages={"required": _("Choose her home municipality, or “Unknown”.")},
            **kwargs,
        )

    def _get_choices(self):
        return _UnknownSecond(super()._get_choices())

    choices = property(_get_choices, forms.ChoiceField.choices.fset)

    def clean(self, value):
        if value == UNKNOWN:
            return None
        return super().clean(value)

    def has_changed(self, initial, data):
        if data == UNKNOWN:
            return initial is not None
        return super().has_changed(initial, data)


class StayForm(VersionedForm, forms.ModelForm):
    """Validates dates and room against the other stays; the database checks again when saving."""

    placed_by_social_services = PlacementField(label=_("Placed by social services"))
    home_municipality = HomeMunicipalityField(
        label=_("Home municipality"), help_text=_("The municipality she lived in before the stay.")
    )

    class Meta:
        model = Stay
        fields = [
            "room",
            "intake",
            "discharge",
            "placed_by_social_services",
            "decision_date",
            "placing_municipality",
            "case_worker_contact",
            "home_municipality",
            "discharge_destination",
        ]
        widgets = {"intake": DateInput(), "discharge": DateInput(), "decision_date": DateInput()}

    def __init__(self, *args, resident: Resident | None = None, persons: int = 1, with_discharge=True, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A stay saved before these were required shows its gap as the explicit answer it stands for.
            if self.instance.placed_by_social_services is None:
                self.initial["placed_by_social_services"] = UNKNOWN
            if self.instance.home_municipality_id is None:
                self.initial["home_municipality"] = UNKNOWN
        self.resident = resident
        self.persons = persons
        self.fields["room"].queryset = Room.objects.filter(is_active=True)
        self.fields["room"].label_from_instance = lambda room: (
            _("%(name)s, %(beds)s beds")
            % {
                "name": room.name,
                "beds": room.beds,
            }
        )
        if not with_discharge:
            del self.fields["discharge"]
            del self.fields["discharge_destination"]
        if not self.instance.pk:
            self.fields["intake"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        intake, discharge, room = cleaned.get("intake"), cleaned.get("discharge"), cleaned.get("room")
        if intake and discharge and discharge <= intake:
            self.add_error("discharge", _("The discharge date must be after the intake date."))
            return cleaned
        if cleaned.get("placed_by_social_services") is True:
            if not cleaned.get("placing_municipality"):
                self.add_error("placing_municipality", _("Give the municipality that placed her."))
            if not cleaned.get("decision_date"):
                self.add_error("decision_date", _("Give the date of the placement decision."))
        if not intake:
            return cleaned
        exclude = self.instance.pk
        if self.resident is not None and self.resident.pk:
            others = (
                Stay.objects.filter(resident=self.resident)
                .exclude(pk=exclude)
                .filter(Q(discharge__isnull=True) | Q(discharge__gt=intake))
            )
            if discharge:
                others = others.filter(intake__lt=discharge)
            if others.exists():
                self.add_error("intake", _("She already has a stay during these dates."))
        if room and room.free_beds_between(intake, discharge, exclude_stay_id=exclude) < self.persons:
            self.add_error("room", _("The room does not have enough free beds for everyone during the whole stay."))
        return cleaned


class DischargeForm(forms.Form):
    discharge = plausible.DateField(label=_("discharge date"), widget=DateInput())
    discharge_destination = forms.ChoiceField(label=_("moved to"), choices=DischargeDestination.choices)

    def __init__(self, *args, stay: Stay, **kwargs):
        super().__init__(*args, **kwargs)
        self.stay = stay
        self.fields["discharge"].initial = timezone.localdate()

    def clean_discharge(self):
        day = self.cleaned_data["discharge"]
        if day <= self.stay.intake:
            raise forms.ValidationError(_("The discharge date must be after the intake date."))
        return day


class StayChildrenForm(forms.Form):
    """Which of her children come along on a new stay."""

    children = forms.ModelMultipleChoiceField(
        label=_("children staying with her"),
        queryset=Child.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, resident: Resident, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = resident.children.all()
        self.fields["children"].label_from_instance = lambda child: f"{child.first_name} ({child.birth_year})"


class JournalEntryForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = JournalEntry
        fields = ["entry_type", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write the entry."))
        return text


class RevealForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason for showing her identity"),
        choices=[("", "---------"), *RevealReason.choices],
        help_text=_("Saved in the audit log; the coordinator sees it there."),
    )


class RoomForm(forms.ModelForm):
    class Meta:
        model = Room
        fields = ["name", "beds", "is_active"]
        help_texts = {"name": _("A name or number, never the address.")}

    def clean_beds(self):
        beds = self.cleaned_data["beds"]
        if beds < 1:
            raise forms.ValidationError(_("A room has at least one bed."))
        if self.instance.pk:
            taken = self.instance.beds - self.instance.free_beds_between(timezone.localdate())
            if beds < taken:
                raise forms.ValidationError(
                    _("%(taken)s persons are booked into this room today or later; keep at least that many beds."),
                    params={"taken": taken},
                )
        return beds


class StayFilterForm(forms.Form):
    """The stays behind a number in the follow-up report: a period, placement and home municipality."""

    PLACED_CHOICES = [
        ("", _("All")),
        ("yes", _("Placed by social services")),
        ("no", _("Not placed")),
        (UNKNOWN, _("Placement unknown")),
    ]

    date_from = plausible.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = plausible.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    placed = forms.ChoiceField(label=_("Placement"), choices=PLACED_CHOICES, required=False)
    home = forms.ModelChoiceField(
        label=_("Home municipality"), queryset=Municipality.objects.all(), required=False, to_field_name="code"
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end must not be before the start."))
        return cleaned

    def filter(self, stays):
        """Stays overlapping the period ([intake, discharge), an open stay runs on), and the chosen filters."""
        data = self.cleaned_data
        if data.get("date_to"):
            stays = stays.filter(intake__lte=data["date_to"])
        if data.get("date_from"):
            stays = stays.filter(Q(discharge__isnull=True) | Q(discharge__gt=data["date_from"]))
        if data.get("placed"):
            stays = stays.filter(placed_by_social_services=PLACEMENT_VALUES[data["placed"]])
        if data.get("home"):
            stays = stays.filter(home_municipality=data["home"])
        return stays
