from django import forms

from .models import ShelterProfile


class ShelterProfileForm(forms.ModelForm):
    class Meta:
        model = ShelterProfile
        fields = ["name", "organisation_number", "municipality", "public_phone", "opening_hours", "telephone_hours"]
        widgets = {
            "opening_hours": forms.Textarea(attrs={"rows": 3}),
            "telephone_hours": forms.Textarea(attrs={"rows": 3}),
        }
