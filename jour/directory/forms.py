from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from jour.shelter.models import Municipality
from jour.shelter.vocabulary import Competence, Language

from .models import ShelterListing
from .referral import REFERRED_TO_SHELTER, REFERRED_TO_SHELTER_HELP
from .schema import Problem
from .services import MAX_FILE_BYTES, read_profiles


class SearchForm(forms.Form):
    competences = forms.MultipleChoiceField(
        label=_("Competences"),
        choices=Competence.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(
        label=_("Language spoken by staff"), choices=[("", _("Any language")), *Language.choices], required=False
    )
    county = forms.ChoiceField(label=_("Region"), required=False)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.all(), required=False, empty_label=_("Any municipality")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        counties = Municipality.objects.order_by("county_name").values_list("county_code", "county_name").distinct()
        self.fields["county"].choices = [("", _("Any region")), *counties]

    def clean(self):
        cleaned = super().clean()
        municipality, county = cleaned.get("municipality"), cleaned.get("county")
        if municipality is not None and county and municipality.county_code != county:
            self.add_error("municipality", _("This municipality is not in the chosen region."))
        return cleaned

    def search_arguments(self) -> dict:
        return {
            "competences": self.cleaned_data["competences"],
            "language": self.cleaned_data["language"],
            "county_code": self.cleaned_data["county"],
            "municipality": self.cleaned_data["municipality"],
        }


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File with public profiles from other jours"),
        help_text=_("One profile, or a list of profiles, in the format described in the documentation."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.problems: list[Problem] = []
        self.profiles: list[dict] = []

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB."), params={"mb": MAX_FILE_BYTES // (1024 * 1024)}
            )
        self.profiles, self.problems = read_profiles(content=upload.read())
        if self.problems:
            raise forms.ValidationError(
                _("The file has problems (%(count)s); nothing was imported. Fix them and import it again."),
                params={"count": len(self.problems)},
            )
        return upload


class ShelterListingChoiceField(forms.ModelChoiceField):
    """A jour from the directory, shown with its municipality (for the support contact form in jour/calls)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", ShelterListing.objects.select_related("municipality").order_by("name", "pk"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", capfirst(REFERRED_TO_SHELTER))
        kwargs.setdefault("help_text", REFERRED_TO_SHELTER_HELP)
        super().__init__(**kwargs)

    def label_from_instance(self, obj: ShelterListing) -> str:
        return f"{obj.name} ({obj.municipality.name})"
