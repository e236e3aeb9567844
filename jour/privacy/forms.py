from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RetentionPolicy


class RetentionPolicyForm(forms.ModelForm):
    class Meta:
        model = RetentionPolicy
        fields = ["resident_years", "contact_note_months", "recurring_contact_months", "volunteer_years", "audit_years"]


class ResidentLookupForm(forms.Form):
    """The coordinator names the resident by case number: no names in URLs or search logs."""

    case_number = forms.CharField(label=_("Case number"), max_length=20, help_text=_("For example B-2026-014."))

    def __init__(self, *args, residents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.residents = residents

    def clean_case_number(self):
        value = self.cleaned_data["case_number"].strip().upper()
        self.resident = self.residents.filter(case_number=value).first()
        if self.resident is None:
            raise forms.ValidationError(_("No resident has this case number."))
        return value


class VolunteerLookupForm(forms.Form):
    volunteer = forms.ModelChoiceField(label=_("Contact woman"), queryset=None)

    def __init__(self, *args, volunteers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = volunteers


class ResidentErasureForm(ResidentLookupForm):
    law_allows = forms.BooleanField(
        label=_("I have checked that the law allows erasure: no documentation duty (SoL) or agreement keeps it."),
        required=False,
    )

    def clean_case_number(self):
        value = super().clean_case_number()
        if self.resident.stays.filter(discharge__isnull=True).exists():
            raise forms.ValidationError(_("She has an open stay. Discharge her before erasing her record."))
        return value


class VolunteerErasureForm(VolunteerLookupForm):
    pass
