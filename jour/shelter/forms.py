from django import forms
from django.utils.translation import gettext_lazy as _

from jour.shelter.vocabulary import Competence, Language

from .models import ShelterProfile


class ShelterProfileForm(forms.ModelForm):
    competences = forms.MultipleChoiceField(
        label=_("Competences"), choices=Competence.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    staff_languages = forms.MultipleChoiceField(
        label=_("Languages spoken by staff"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ShelterProfile
        fields = [
            "name",
            "organisation_number",
            "municipality",
            "public_phone",
            "opening_hours",
            "telephone_hours",
            "places",
            "competences",
            "staff_languages",
        ]
        widgets = {
            "opening_hours": forms.Textarea(attrs={"rows": 3}),
            "telephone_hours": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_competences(self) -> list[str]:
        # Stored in vocabulary order so the public profile is stable.
        chosen = set(self.cleaned_data["competences"])
        return [code for code in Competence.values if code in chosen]

    def clean_staff_languages(self) -> list[str]:
        chosen = set(self.cleaned_data["staff_languages"])
        return [code for code in Language.values if code in chosen]
