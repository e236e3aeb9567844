from django import forms

from .models import RetentionPolicy


class RetentionPolicyForm(forms.ModelForm):
    class Meta:
        model = RetentionPolicy
        fields = ["resident_years", "contact_note_months", "recurring_contact_months", "volunteer_years", "audit_years"]
