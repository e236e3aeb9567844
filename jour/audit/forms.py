"""The audit log's filters: an account found by search (never a list of every account), the kind of event, dates.

The form is posted (a typed name must not land in a URL or an access log) and redirects to the log with ids,
codes and dates only: ?actor=<account id>&action=<code>&date_from=…&date_to=…, which the page reads back
through the same form.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jour.accounts.models import User
from jour.lib import plausible

from .models import Action

MAX_MATCHES = 10


def local_day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


DATE = forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"})


class AuditLogForm(forms.Form):
    account = forms.CharField(
        label=_("Account"),
        required=False,
        max_length=150,
        help_text=_("Part of a name or username"),
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "class": "form-control form-control-sm"}
        ),
    )
    actor = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    action = forms.ChoiceField(
        label=_("What happened"),
        required=False,
        choices=[("", _("All events")), *Action.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    date_from = plausible.DateField(label=_("From date"), required=False, widget=DATE)
    date_to = plausible.DateField(label=_("To date"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.account_matches: list[User] = []
        self.chosen_account: User | None = None

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        if data.get("actor"):
            self.chosen_account = User.objects.filter(pk=data["actor"]).first()
            if self.chosen_account is None:
                self.add_error("account", _("No account matches."))
            elif self.data._mutable:
                self.data["account"] = self.chosen_account.username  # shown in the search field
        elif data.get("account", "").strip():
            self.chosen_account = self._search(data["account"].strip())
        return data

    def _search(self, term: str) -> User | None:
        """The one account the term names; else the matches to choose from (an error when there are none)."""
        exact = User.objects.filter(username__iexact=term).first()
        if exact is not None:
            return exact
        matches = list(
            User.objects.annotate(full_name=Concat("first_name", Value(" "), "last_name"))
            .filter(Q(username__icontains=term) | Q(full_name__icontains=term))
            .order_by("first_name", "last_name", "username")[: MAX_MATCHES + 1]
        )
        if not matches:
            self.add_error("account", _("No account matches."))
        elif len(matches) == 1:
            return matches[0]
        self.account_matches = matches
        return None

    def query(self) -> str:
        """The filters as the log's query string: ids, codes and dates, never the typed name."""
        data = self.cleaned_data
        params = QueryDict(mutable=True)
        if self.chosen_account is not None:
            params["actor"] = str(self.chosen_account.pk)
        for name in ("action", "date_from", "date_to"):
            if data.get(name):
                params[name] = str(data[name])
        return params.urlencode()

    @classmethod
    def from_query(cls, query: QueryDict) -> AuditLogForm:
        """The form bound to the log's query string; the account shows as her username."""
        data = query.copy()
        data.pop("account", None)
        return cls(data)

    @property
    def more_matches(self) -> bool:
        return len(self.account_matches) > MAX_MATCHES

    @property
    def needs_choice(self) -> bool:
        """The search found several accounts: she picks one before any events are shown."""
        return bool(self.account_matches)

    def filter(self, events):
        data = self.cleaned_data
        if self.chosen_account is not None:
            events = events.filter(actor_id=self.chosen_account.pk)
        if data.get("action"):
            events = events.filter(action=data["action"])
        # Local days as a range on `at` (its index), never a time-zone cast of every row.
        if data.get("date_from"):
            events = events.filter(at__gte=local_day_start(data["date_from"]))
        if data.get("date_to"):
            events = events.filter(at__lt=local_day_start(data["date_to"] + dt.timedelta(days=1)))
        return events
