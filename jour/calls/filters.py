import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jour.lib import plausible
from jour.lib.months import local_bounds

from .forms import StaffChoiceField, staff_users
from .models import Caller, Channel, Kind, Residence, SupportContact
from .widgets import BootstrapBoundField


class StaffFilter(django_filters.ModelChoiceFilter):
    field_class = StaffChoiceField


PLACE_CHOICES = [
    ("inside", _("In the shelter's municipality")),
    ("outside", _("Outside the municipality")),
    ("unknown", _("Unknown")),
]


class FilterForm(forms.Form):
    # The fields render with calls/_field.html, not crispy (see widgets.py).
    bound_field_class = BootstrapBoundField


class SupportContactFilter(django_filters.FilterSet):
    date_from = plausible.DateFilter(
        label=_("From"), method="filter_date_from", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = plausible.DateFilter(
        label=_("To"), method="filter_date_to", widget=forms.DateInput(attrs={"type": "date"})
    )
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind of contact"), choices=Kind.choices)
    caller = django_filters.ChoiceFilter(label=_("Who made contact"), choices=Caller.choices)
    place = django_filters.ChoiceFilter(label=_("Residence"), choices=PLACE_CHOICES, method="filter_place")
    staff = StaffFilter(label=_("Staff member"), queryset=staff_users())
    recurring = django_filters.CharFilter(label=_("Recurring contact (code)"), method="filter_recurring", max_length=20)

    class Meta:
        model = SupportContact
        fields = ["date_from", "date_to", "channel", "kind", "caller", "place", "staff", "recurring"]
        form = FilterForm

    def __init__(self, *args, home_municipality_code: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.home_municipality_code = home_municipality_code

    # Local days as a range on started_at itself: started_at__date converts every row's time zone and
    # can use no index (1.5 s for one day of a national list; the report links here with its period).
    def filter_date_from(self, queryset, name, value):
        return queryset.filter(started_at__gte=local_bounds(value, value)[0])

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(started_at__lt=local_bounds(value, value)[1])

    def filter_place(self, queryset, name, value):
        # Per contact, the residence recorded on the contact.
        inside = Q(residence=Residence.MUNICIPALITY, municipality_id=self.home_municipality_code)
        if value == "inside":
            return queryset.filter(inside)
        if value == "outside":
            return queryset.filter(Q(residence=Residence.ABROAD) | Q(residence=Residence.MUNICIPALITY) & ~inside)
        return queryset.filter(residence=Residence.UNKNOWN)

    def filter_recurring(self, queryset, name, value):
        code = value.strip().upper()
        if code and not code.startswith("K-"):
            code = "K-" + code
        return queryset.filter(recurring_contact__code=code)
