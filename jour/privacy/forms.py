from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import RetentionPolicy
from .registry import Subject


class RetentionPolicyForm(forms.ModelForm):
    class Meta:
        model = RetentionPolicy
        fields = [
            "resident_years",
            "placed_resident_years",
            "child_years",
            "handover_before_purge",
            "contact_note_months",
            "recurring_contact_months",
            "volunteer_years",
            "login_record_days",
            "audit_years",
        ]


class SubjectLookupForm(forms.Form):
    """Names one person of a subject of the registry: by her lookup field (a resident's case number, so no
    name is typed or logged) or chosen from a list (a contact woman). `self.record` is the one found."""

    def __init__(self, *args, subject: Subject, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.subject, self.records, self.record = subject, records, None
        if subject.lookup_field:
            model_field = subject.model._meta.get_field(subject.lookup_field)
            self.fields[subject.lookup_field] = forms.CharField(
                label=capfirst(model_field.verbose_name),
                max_length=model_field.max_length,
                help_text=subject.lookup_help,
            )
        else:
            self.fields[subject.key] = forms.ModelChoiceField(label=subject.label, queryset=records)

    @property
    def field_name(self) -> str:
        return self.subject.lookup_field or self.subject.key

    @property
    def lookup(self):
        """The bound field that names her (without the erasure's confirmation)."""
        return self[self.field_name]

    def clean(self):
        cleaned = super().clean()
        if self.field_name not in cleaned:
            return cleaned
        if self.subject.lookup_field:
            value = cleaned[self.field_name].strip()
            self.record = self.records.filter(**{f"{self.subject.lookup_field}__iexact": value}).first()
            if self.record is None:
                self.add_error(self.field_name, self.subject.lookup_error)
        else:
            self.record = cleaned[self.field_name]
        return cleaned


class SubjectErasureForm(SubjectLookupForm):
    """The lookup, the subject's own refusal (an open stay) and, where it applies, the legal confirmation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.subject.law_check:
            self.fields["law_allows"] = forms.BooleanField(
                label=_(
                    "I have checked that the law allows erasure: no documentation duty (SoL) or agreement keeps it."
                ),
                required=False,
            )

    def clean(self):
        cleaned = super().clean()
        if self.record is not None:
            refusal = self.subject.erase_refusal(self.record)
            if refusal:
                self.add_error(self.field_name, refusal)
        return cleaned
