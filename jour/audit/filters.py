import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from jour.accounts.models import User
from jour.lib import plausible

from .models import Action, AuditEvent


class AuditEventFilter(django_filters.FilterSet):
    actor = django_filters.ModelChoiceFilter(label=_("User"), queryset=User.objects.all())
    action = django_filters.ChoiceFilter(label=_("Action"), choices=Action.choices)
    date_from = plausible.DateFilter(
        label=_("From"), field_name="at", lookup_expr="date__gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = plausible.DateFilter(
        label=_("To"), field_name="at", lookup_expr="date__lte", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = AuditEvent
        fields = ["actor", "action", "date_from", "date_to"]
